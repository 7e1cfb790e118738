import { describeValue } from '../errors/describe-value.js';
import { MeshplaneError } from '../errors/meshplane-error.js';
import { unreadableMembers } from '../model/unreadable-members.js';

/** The codes of {@link MeshDefinitionError}. */
export type DefinitionErrorCode =
  | 'INVALID_DEFINITION'
  | 'INVALID_DURATION'
  | 'INVALID_MODEL'
  | 'INVALID_NAME'
  | 'INVALID_OPTIONS'
  | 'INVALID_PORT'
  | 'INVALID_TAGS'
  | 'INVALID_WEIGHT'
  | 'INVALID_WEIGHTS';

/**
 * Thrown by `defineMesh` and its helpers when a value is wrong on its own, before any model
 * exists (a port out of range, a negative weight, an empty host name). Whole-model problems
 * (references, quotas, protocols) are reported by `validate` instead, all at once.
 *
 * @example
 * ```ts
 * import { http, MeshDefinitionError } from '@meshplane/core';
 * try {
 *   http(70000);
 * } catch (error) {
 *   if (error instanceof MeshDefinitionError) console.log(error.code, error.field); // 'INVALID_PORT' 'http listener port'
 * }
 * ```
 */
export class MeshDefinitionError extends MeshplaneError<DefinitionErrorCode> {
  override name = 'MeshDefinitionError';
  /** The field that holds the bad value. */
  readonly field: string;
  /** The bad value itself. */
  readonly value: unknown;

  /** `showValue: false` leaves ", got <value>" out (for a value that cannot be read at all). */
  constructor(
    code: DefinitionErrorCode,
    field: string,
    value: unknown,
    rule: string,
    options: { showValue?: boolean } = {},
  ) {
    super(
      code,
      options.showValue === false ? `${field} ${rule}` : `${field} ${rule}, got ${describeValue(value)}`,
    );
    this.field = field;
    this.value = value;
  }
}

/** Rejects anything but an integer port 1-65535, the App Mesh `ListenerPort` range. */
export function checkPort(port: unknown, field = 'port'): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new MeshDefinitionError('INVALID_PORT', field, port, 'must be an integer port from 1 to 65535');
  }
  return port;
}

/** Rejects an empty or non-string name. */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new MeshDefinitionError('INVALID_NAME', field, value, 'must be a non-empty string');
  }
  return value;
}

/**
 * Refuses a definition value that cannot be read as data (a getter or proxy that throws, a value
 * that contains itself, an own `toString` that throws), naming the first such member, before the
 * helpers copy it: the caller gets a `MeshDefinitionError`, not the error of its own object.
 */
export function assertReadable(value: unknown, field: string): void {
  const [first] = unreadableMembers(value, field);
  if (first !== undefined) {
    throw new MeshDefinitionError(
      'INVALID_DEFINITION',
      first.path,
      undefined,
      `cannot be read as data: ${first.reason}`,
      {
        showValue: false,
      },
    );
  }
}
