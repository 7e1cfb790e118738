// The agent's public surface: the two long-running factories, their options, events and handles,
// and the types those options name. The command-line parsing (`meshplane-ecs-agent`), the Cloud Map
// registry, the health monitor and the task metadata reader are the agent's own parts, not exported.
export type { CloudMapClientInput, ServiceRef } from './cloud-map-registry.js';
export type { HealthMonitorOptions, HealthStatus } from './health-monitor.js';
export type { ReadMetadataOptions } from './metadata.js';
export {
  type AgentEvent,
  type AgentHandle,
  type AgentOptions,
  DEFAULT_DEREGISTER_DEADLINE_MS,
  startAgent,
} from './start-agent.js';
export { startTaskXdsServer, type TaskXdsServerOptions } from './task-xds-server.js';
