import { LocalEndpointError } from '../errors.js';

/**
 * Serializes an output object as JSON, with `Date` values as epoch seconds: the default
 * timestamp format of restJson1 and awsJson1_1 bodies, which the AWS SDKs and botocore parse.
 *
 * @example
 * ```ts
 * import { toWireJson } from '@meshplane/local/internals';
 * console.log(toWireJson({ createdAt: new Date(1500) })); // {"createdAt":1.5}
 * ```
 */
export function toWireJson(value: unknown): string {
  // The replacer costs a call per member; most outputs hold no Date (the services keep epoch
  // seconds already), so they take the plain path.
  if (!containsDate(value, 0)) return JSON.stringify(value);
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key, current) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : current;
  });
}

function containsDate(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (value instanceof Date) return true;
  // Beyond this depth take the careful path rather than walk on.
  if (depth > 64) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (containsDate(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) if (containsDate((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/**
 * Raised when a request body is not a JSON object; the server answers 400 in the service's format.
 *
 * @example
 * ```ts
 * import { MalformedRequestError } from '@meshplane/local/internals';
 * const error = new MalformedRequestError('request body is not valid JSON');
 * console.log(error.name, error.code); // 'MalformedRequestError' 'MALFORMED_REQUEST'
 * ```
 */
export class MalformedRequestError extends LocalEndpointError {
  override name = 'MalformedRequestError';
  constructor(message: string) {
    super('MALFORMED_REQUEST', message);
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Parses a request body that must be a JSON object (an empty body is `{}`). */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = STRICT_UTF8.decode(body);
  } catch {
    // Decoding leniently would turn the bad bytes into U+FFFD and store a name the caller never sent.
    throw new MalformedRequestError(
      'request body is not valid UTF-8 (JSON text must be UTF-8, RFC 8259 §8.1)',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MalformedRequestError(`request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new MalformedRequestError(
      `request body must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`,
    );
  return parsed as Record<string, unknown>;
}
