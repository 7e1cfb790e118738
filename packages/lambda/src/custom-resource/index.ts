export { lazyProviderClients, type ProviderClientOptions, type ProviderClients } from './clients.js';
export {
  CREATE_FAILED_PREFIX,
  type CustomResourceHandler,
  type CustomResourceHandlerOptions,
  createCustomResourceHandler,
} from './framework.js';
export { type CustomResourceLogger, jsonLogger } from './logger.js';
export { type MeshProperties, parseMeshProperties } from './mesh-model-property.js';
export {
  createMeshplaneHandler,
  handler,
  MESHPLANE_RESOURCE_TYPES,
  type MeshplaneHandlerOptions,
} from './meshplane-handler.js';
export {
  createLambdaNodeProvider,
  type LambdaNodeProperties,
  parseLambdaNodeProperties,
} from './providers/lambda-node-provider.js';
export { createMeshProvider } from './providers/mesh-provider.js';
export {
  createTrafficShiftProvider,
  parseTrafficShiftProperties,
  type TrafficShiftProperties,
} from './providers/traffic-shift-provider.js';
export {
  type CustomResourceResponse,
  PHYSICAL_ID_LIMIT,
  RESPONSE_BODY_LIMIT,
} from './response-body.js';
export type { ResponseUrlPolicy } from './response-url.js';
export type { ResponseRetryOptions } from './send-response.js';
export type {
  CustomResourceEvent,
  CustomResourceProvider,
  ParseResult,
  ProviderContext,
  ProviderResult,
  RequestType,
} from './types.js';
