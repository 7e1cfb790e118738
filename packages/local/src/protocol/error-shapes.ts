import type { SmithyModelIR } from '@meshplane/core/smithy';

/**
 * The HTTP status of a model's error shape, from its `httpError` trait (400 for client
 * errors and 500 for server errors when the trait is absent, as Smithy specifies).
 *
 * @example
 * ```ts
 * import { appMeshModel } from '@meshplane/core/smithy';
 * import { errorStatus } from '@meshplane/local/internals';
 * console.log(errorStatus(appMeshModel, 'TooManyRequestsException')); // 429
 * ```
 */
export function errorStatus(model: SmithyModelIR, errorType: string): number {
  const shape = model.shapes[errorType];
  if (shape?.httpError) return shape.httpError;
  return shape?.error === 'server' ? 500 : 400;
}

/**
 * The name of the message member of an error shape: App Mesh says `message`, Cloud Map `Message`.
 *
 * @example
 * ```ts
 * import { serviceDiscoveryModel } from '@meshplane/core/smithy';
 * import { messageMember } from '@meshplane/local/internals';
 * console.log(messageMember(serviceDiscoveryModel, 'InvalidInput')); // 'Message'
 * ```
 */
export function messageMember(model: SmithyModelIR, errorType: string): string {
  const members = model.shapes[errorType]?.members ?? conventionalErrorMembers(model);
  if (members && 'Message' in members && !('message' in members)) return 'Message';
  return 'message';
}

// Errors outside the model (UnknownOperationException, InternalFailure) follow the spelling the
// model's own error shapes use.
function conventionalErrorMembers(model: SmithyModelIR): Record<string, unknown> | undefined {
  return Object.values(model.shapes).find((shape) => shape.error !== undefined)?.members;
}
