export {
  CREATE_FAILED_PREFIX,
  type CustomResourceHandler,
  type CustomResourceHandlerOptions,
  createCustomResourceHandler,
} from './framework.js';
export {
  type InvokeCustomResourceOptions,
  type InvokeCustomResourceResult,
  invokeCustomResource,
  stringifyScalars,
} from './harness.js';
export { type CustomResourceLogger, jsonLogger } from './logger.js';
export {
  type CustomResourceResponse,
  encodeResponse,
  PHYSICAL_ID_LIMIT,
  RESPONSE_BODY_LIMIT,
} from './response-body.js';
export {
  checkResponseUrl,
  loopbackAllowedByEnvironment,
  type ResponseUrlPolicy,
  redactUrl,
  scrubUrl,
} from './response-url.js';
export { type ResponseRetryOptions, type SendOutcome, sendResponse } from './send-response.js';
export type {
  CustomResourceEvent,
  CustomResourceProvider,
  ParseResult,
  ProviderContext,
  ProviderResult,
  RequestType,
} from './types.js';
