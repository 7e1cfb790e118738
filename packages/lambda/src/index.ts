export { MeshplaneLambdaError, type MeshplaneLambdaErrorCode } from './errors.js';
export {
  AUTH_TYPE_TAG,
  FUNCTION_ARN_TAG,
  type FunctionUrlAuthType,
  lambdaBackend,
  lambdaNodeSpec,
  lambdaNodeTags,
} from './lambda-node/lambda-node-spec.js';
export {
  type DeregisterLambdaNodeOptions,
  deregisterLambdaNode,
  LAMBDA_INSTANCE_ATTRIBUTES,
  type LambdaCloudMapRegistration,
  type LambdaNodeRegistration,
  type RegisterLambdaNodeOptions,
  registerLambdaNode,
} from './lambda-node/register-lambda-node.js';
export {
  createFunctionUrlDispatcher,
  type FunctionUrlDispatcherOptions,
  type RequestDispatcher,
} from './signing/function-url-dispatcher.js';
export {
  createFunctionUrlSigner,
  type FunctionUrlSigner,
  type FunctionUrlSignerOptions,
  type SignableRequest,
} from './signing/function-url-signer.js';
