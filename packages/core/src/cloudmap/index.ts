export {
  type CloudMapClientOptions,
  createCloudMapClient,
  DEFAULT_CLOUD_MAP_MAX_ATTEMPTS,
} from './client.js';
export {
  createDiscovery,
  type DiscoveredInstance,
  type Discovery,
  type DiscoveryOptions,
  type DiscoveryQuery,
  type DiscoveryStats,
  filterByHealth,
  type HealthStatusFilter,
} from './discovery.js';
export {
  CloudMapDiscoveryError,
  CloudMapError,
  type CloudMapErrorCode,
  CloudMapOperationFailedError,
  CloudMapOperationTimeoutError,
} from './errors.js';
export { AWS_INSTANCE_ATTRIBUTES, instanceAttributeProblems } from './instance-attributes.js';
export {
  type DeregisterInstanceParams,
  deregisterInstance,
  type EnsuredNamespace,
  type EnsuredService,
  type EnsureNamespaceParams,
  type EnsureServiceParams,
  ensureNamespace,
  ensureService,
  type NamespaceType,
  type RegisterInstanceParams,
  type RegistrationResult,
  registerInstance,
  type SetInstanceHealthParams,
  setInstanceHealth,
} from './registry.js';
export { type WaitForOperationOptions, waitForOperation } from './wait-for-operation.js';
