export { decodeResource, encodeResource, XdsResourceError } from './codec.js';
export type { JsonProblem } from './json-to-proto.js';
export { envoyProtoRoot, lookupMessageType, protoLoadMs } from './load.js';
