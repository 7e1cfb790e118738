/**
 * `@meshplane/ecs/internals`: helpers other packages of this repository use (the meshplane CLI's
 * `ecs` commands), outside the public surface and its compatibility promise.
 *
 * @packageDocumentation
 */
export { agentDiscovery } from './task-definition/agent-sidecar.js';
