export { MeshplaneLambdaError, type MeshplaneLambdaErrorCode } from './errors.js';
export {
  AUTH_TYPE_TAG,
  type CheckedFunctionUrl,
  checkFunctionArn,
  checkFunctionUrl,
  FUNCTION_ARN_TAG,
  type FunctionUrlAuthType,
  isFunctionUrlHost,
  lambdaBackend,
  lambdaNodeSpec,
  lambdaNodeTags,
} from './lambda-node/lambda-node-spec.js';
export {
  type DeregisterLambdaNodeOptions,
  defaultInstanceId,
  deregisterLambdaNode,
  LAMBDA_INSTANCE_ATTRIBUTES,
  type LambdaCloudMapRegistration,
  type LambdaNodeRegistration,
  type RegisterLambdaNodeOptions,
  registerLambdaNode,
} from './lambda-node/register-lambda-node.js';
export { REDACTED_CREDENTIALS, redactUrlCredentials } from './redact-credentials.js';
export {
  createFunctionUrlDispatcher,
  type FunctionUrlDispatcherOptions,
  type RequestDispatcher,
} from './signing/function-url-dispatcher.js';
export {
  createFunctionUrlSigner,
  type FunctionUrlSigner,
  type FunctionUrlSignerOptions,
  functionUrlRegion,
  type SignableRequest,
} from './signing/function-url-signer.js';
