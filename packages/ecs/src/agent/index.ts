export { type InstanceAttributeOptions, instanceAttributes, instanceIdFromTaskArn } from './attributes.js';
export { type CloudMapClientInput, CloudMapRegistry, type ServiceRef } from './cloud-map-registry.js';
export { AGENT_USAGE, agentOptionsFrom, runAgentCommand } from './command.js';
export { HealthMonitor, type HealthMonitorOptions, type HealthStatus, probe } from './health-monitor.js';
export {
  type ContainerMetadata,
  type ContainerNetworkMetadata,
  type ReadMetadataOptions,
  readTaskMetadata,
  type TaskMetadata,
  type TaskMetadataDocuments,
} from './metadata.js';
export { nodeScopedSource, reachableNodes } from './node-scope.js';
export {
  type AgentEvent,
  type AgentHandle,
  type AgentOptions,
  DEFAULT_DEREGISTER_DEADLINE_MS,
  startAgent,
} from './start-agent.js';
export { startTaskXdsServer, type TaskXdsServerOptions } from './task-xds-server.js';
export { runXdsServerCommand, xdsOptionsFrom } from './xds-command.js';
