// Test helpers, kept off the production subpaths: a handler bundle never pulls in a test server.
export {
  type InvokeCustomResourceOptions,
  type InvokeCustomResourceResult,
  invokeCustomResource,
  stringifyScalars,
} from './invoke-custom-resource.js';
