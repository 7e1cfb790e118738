/**
 * Serializes an output object as JSON, with `Date` values as epoch seconds: the default
 * timestamp format of restJson1 and awsJson1_1 bodies, which the AWS SDKs and botocore parse.
 *
 * @example
 * ```ts
 * import { toWireJson } from '@meshplane/local';
 * console.log(toWireJson({ createdAt: new Date(1500) })); // {"createdAt":1.5}
 * ```
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key, current) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : current;
  });
}

/**
 * Raised when a request body is not a JSON object; the server answers 400 in the service's format.
 *
 * @example
 * ```ts
 * import { MalformedRequestError } from '@meshplane/local';
 * const error = new MalformedRequestError('request body is not valid JSON');
 * console.log(error.name); // 'MalformedRequestError'
 * ```
 */
export class MalformedRequestError extends Error {
  override name = 'MalformedRequestError';
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
