import type { Readable } from 'node:stream';
import { InvalidRequestError } from './errors.js';
import { badHeader, type HeadersInput } from './request-view.js';
import type { MeshFetchInit } from './router-types.js';

const BODY_RULE =
  'must be a string, a Uint8Array (or Buffer), a Readable stream, an (async) iterable of chunks, null or undefined';

/**
 * Checks the shape of `init` before any routing, so that a bad call fails without side effects.
 *
 * @example
 * ```ts
 * import { checkInit } from './request-init.js';
 * checkInit({ method: 'GET', body: 'x' }); // passes
 * ```
 */
export function checkInit(init: MeshFetchInit): void {
  if (init === null || typeof init !== 'object') {
    throw new InvalidRequestError(
      'init',
      init,
      'must be an object ({ method, headers, body, signal }) or undefined',
    );
  }
  const body = init.body as unknown;
  if (
    body !== undefined &&
    body !== null &&
    typeof body !== 'string' &&
    !(body instanceof Uint8Array) &&
    !(
      typeof body === 'object' &&
      (typeof (body as Readable).pipe === 'function' ||
        Symbol.asyncIterator in body ||
        Symbol.iterator in body)
    )
  ) {
    throw new InvalidRequestError('body', body, BODY_RULE);
  }
  const signal = init.signal as unknown;
  if (
    signal !== undefined &&
    signal !== null &&
    (typeof signal !== 'object' ||
      typeof (signal as AbortSignal).addEventListener !== 'function' ||
      typeof (signal as AbortSignal).aborted !== 'boolean')
  ) {
    throw new InvalidRequestError('signal', signal, 'must be an AbortSignal');
  }
}

// RFC 9110: a field name is a token; a field value has no CR, LF or NUL (undici's own rules).
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_FORBIDDEN = /[\0\r\n]/;

/**
 * Turns the transport's refusal of a request (`InvalidArgumentError`) into an {@link InvalidRequestError}
 * naming the header or the body at fault. Runs only on that error path.
 *
 * @example
 * ```ts
 * import { rejectedRequest } from './request-init.js';
 * console.log(rejectedRequest(['x y', '1'], undefined, new Error('invalid header')).message.includes('x y')); // true
 * ```
 */
export function rejectedRequest(
  headers: string[] | Record<string, string>,
  body: unknown,
  error: unknown,
): InvalidRequestError {
  const pairs: [string, string][] = [];
  if (Array.isArray(headers))
    for (let i = 0; i < headers.length; i += 2) pairs.push([headers[i]!, headers[i + 1]!]);
  else for (const k of Object.keys(headers)) pairs.push([k, headers[k]!]);
  for (const [name, value] of pairs) {
    if (!HEADER_NAME.test(name)) {
      return new InvalidRequestError(
        'headers',
        name,
        'is not a valid header name: it must be an RFC 9110 token',
        {
          cause: error,
        },
      );
    }
    if (HEADER_VALUE_FORBIDDEN.test(value)) {
      return new InvalidRequestError(`headers.${name}`, value, 'must not contain CR, LF or NUL characters', {
        cause: error,
      });
    }
  }
  const reason = error instanceof Error ? error.message : String(error);
  if (/body/i.test(reason)) return new InvalidRequestError('body', body, BODY_RULE, { cause: error });
  return new InvalidRequestError('request', undefined, `was refused by the HTTP client: ${reason}`, {
    cause: error,
  });
}

/**
 * The request headers as undici's flat `[name, value, …]` list, plus `host` (the virtual service
 * authority) unless the caller set one. No lower-casing or copying into an object: undici takes
 * names in any case.
 *
 * @example
 * ```ts
 * import { headerPairs } from './request-init.js';
 * console.log(headerPairs({ accept: 'text/plain' }, 'jazz.local')); // [ 'accept', 'text/plain', 'host', 'jazz.local' ]
 * ```
 */
export function headerPairs(headers: HeadersInput | undefined, authority: string): string[] {
  const out: string[] = [];
  if (headers !== undefined) {
    if (typeof (headers as { forEach?: unknown }).forEach === 'function' && !Array.isArray(headers)) {
      (headers as { forEach(cb: (value: string, key: string) => void): void }).forEach((v, k) => {
        out.push(k, v);
      });
    } else if (Symbol.iterator in (headers as object)) {
      for (const [k, v] of headers as Iterable<readonly [string, string]>) {
        if (typeof k !== 'string' || typeof v !== 'string') throw badHeader(k, v);
        out.push(k, v);
      }
    } else {
      // A plain record, the common case: no closure per request.
      const record = headers as Record<string, string | string[] | undefined>;
      for (const k in record) {
        const v = record[k];
        if (v === undefined) continue;
        if (typeof v === 'string') out.push(k, v);
        else if (Array.isArray(v)) {
          for (const item of v) {
            if (typeof item !== 'string') throw badHeader(k, v);
            out.push(k, item);
          }
        } else throw badHeader(k, v);
      }
    }
  }
  if (!hasHostName(out)) out.push('host', authority);
  return out;
}

function hasHostName(pairs: readonly string[]): boolean {
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') return true;
  }
  return false;
}

/**
 * The flat header list as a record of lower-case names (repeated names joined by commas), for
 * hooks that read or add headers per attempt.
 *
 * @example
 * ```ts
 * import { headerRecord } from './request-init.js';
 * console.log(headerRecord(['Accept', 'a', 'accept', 'b'])); // { accept: 'a,b' }
 * ```
 */
export function headerRecord(list: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i < list.length; i += 2) {
    const k = list[i]!.toLowerCase();
    record[k] = record[k] === undefined ? list[i + 1]! : `${record[k]},${list[i + 1]}`;
  }
  return record;
}
