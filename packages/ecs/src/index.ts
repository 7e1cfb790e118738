// The public surface: factories, their option and result types, errors, and the constants a user
// reads (the default Envoy image, App Mesh's regions, the App Mesh notice). Helpers another
// package of the repository needs are on `@meshplane/ecs/internals`; the rest is not exported.
export {
  APP_MESH_REGIONS,
  DEFAULT_ENVOY_TAG,
  type EnvoyImage,
  type EnvoyRegistry,
  envoyImage,
  PUBLIC_ENVOY_REPOSITORY,
  partitionOf,
} from './envoy/image.js';
export { type EcsErrorCode, EcsInputError, MeshplaneEcsError } from './errors.js';
export { FARGATE_CPU_VALUES, fargateMemoryFor, fargateSizeProblem } from './fargate/sizes.js';
export {
  type ExecutionRolePolicyOptions,
  ecsTasksTrustPolicy,
  type MeshTaskIam,
  meshExecutionRolePolicy,
  meshTaskIam,
  meshTaskRolePolicy,
  type PolicyDocument,
  type PolicyStatement,
  type TaskRolePolicyOptions,
} from './iam/policies.js';
export {
  type AgentNamespaceType,
  type RegistrationAgentPolicyOptions,
  registrationAgentStatements,
} from './iam/registration-agent.js';
export { type XdsServerPolicyOptions, xdsServerStatements } from './iam/xds-server-statements.js';
export { type CloudFormationTaskDefinition, toCloudFormation } from './task-definition/cloudformation.js';
export { APP_MESH_NOTICE } from './task-definition/control-plane.js';
export { envoyHealthCheck } from './task-definition/envoy-settings.js';
export {
  type MeshGatewayTaskDefinitionOptions,
  meshGatewayTaskDefinition,
  type VirtualGatewayInput,
} from './task-definition/gateway.js';
export type {
  AgentSidecarOptions,
  AppContainerOptions,
  ControlPlaneMode,
  EnvoyOptions,
  FargateOptions,
  LoggingOptions,
  MeshTaskDefinitionOptions,
  StatsdOptions,
  VirtualNodeInput,
  XdsOptions,
  XRayOptions,
} from './task-definition/options.js';
export {
  type MeshTaskDefinition,
  meshTaskDefinition,
  meshTaskDefinitionInput,
} from './task-definition/render.js';
export {
  meshXdsServerIam,
  meshXdsServerTaskDefinition,
  type XdsServerTaskOptions,
} from './task-definition/xds-server-task.js';
