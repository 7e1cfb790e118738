import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { AttemptFailure } from './retry-policy.js';

/**
 * The body of a response as a transport gives it: a Node.js `Readable` (undici's body is one, and
 * so is node:http's `IncomingMessage`). Bodies that carry their own `text()`, `json()`,
 * `arrayBuffer()`, `bytes()` and `dump()` (undici's) are read through those.
 *
 * @example
 * ```ts
 * import { Readable } from 'node:stream';
 * import type { TransportBody } from '@meshplane/core/router';
 * const body: TransportBody = Readable.from(['{"artists":[]}']); // node:http's IncomingMessage and undici's body are Readables too
 * ```
 */
export type TransportBody = Readable & {
  text?(): Promise<string>;
  json?(): Promise<unknown>;
  arrayBuffer?(): Promise<ArrayBuffer>;
  bytes?(): Promise<Uint8Array>;
  dump?(): Promise<void>;
  bodyUsed?: boolean;
};

/**
 * One request as the router hands it to a transport: the shape of undici's
 * `Dispatcher.request()` options, so that an undici `Agent` (or anything with that `request()`)
 * is a transport too.
 *
 * @example
 * ```ts
 * const request: TransportRequest = { origin: 'http://10.0.0.5:9080', path: '/artists', method: 'GET', headers: ['host', 'jazz.local'] };
 * ```
 */
export interface TransportRequest {
  /** `http://10.0.0.5:9080`. */
  origin: string;
  /** Path and query. */
  path: string;
  method: string;
  /** A flat `[name, value, …]` list, or a record of lower-case names. */
  headers: string[] | Record<string, string>;
  body?: string | Uint8Array | Readable | Iterable<unknown> | AsyncIterable<unknown> | null;
  /** Aborts the attempt: an `EventEmitter` with `aborted` and `reason` (undici takes one). */
  signal?: AttemptSignal;
  /** Longest wait for the response headers, ms (0: none). */
  headersTimeout?: number;
  /** Longest silence while reading the body, ms (0: none). */
  bodyTimeout?: number;
}

/**
 * A response as a transport gives it: the shape of undici's `Dispatcher.ResponseData`.
 *
 * @example
 * ```ts
 * import { Readable } from 'node:stream';
 * import type { TransportResponse } from '@meshplane/core/router';
 * const response: TransportResponse = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from(['[]']) };
 * console.log(response.statusCode, response.headers['content-type']); // 200 'application/json'
 * ```
 */
export interface TransportResponse {
  statusCode: number;
  statusText?: string;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  body: TransportBody;
}

/**
 * What sends one request: `createHttpTransport()` (node:http keep-alive agents, the router's
 * default), an undici `Agent`, or a wrapper of either (signing, recording).
 *
 * @example
 * ```ts
 * const transport: Transport = { request: async () => ({ statusCode: 204, headers: {}, body: Readable.from([]) }), close: async () => {} };
 * ```
 */
export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

/**
 * The abort signal of one attempt: lighter than an `AbortController`, and what undici takes (an
 * EventEmitter with `aborted` and `reason`). `fired` tells the router's own timer from the
 * caller's abort.
 *
 * @example
 * ```ts
 * const signal = new AttemptSignal();
 * signal.once('abort', () => console.log(signal.reason)); // stop
 * signal.abort('stop');
 * ```
 */
export class AttemptSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  /** Set when the router's own timer aborted the attempt. */
  fired = false;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

// Error codes transports report (Node's socket errors, and undici's names for its own, which the
// node:http transport uses too so that every transport is classified alike).
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const IDLE_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The transport refused the request itself (a header, the body): the caller's mistake. */
export const INVALID_REQUEST_CODE = 'UND_ERR_INVALID_ARG';

/**
 * How a transport error failed the attempt: `connect-failure` (no connection), `idle` (the idle
 * timeout; retried as a reset) or `reset` (anything else before a complete response).
 *
 * @example
 * ```ts
 * import { failureOf } from './transport.js';
 * console.log(failureOf(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))); // connect-failure
 * ```
 */
export function failureOf(error: unknown): Exclude<AttemptFailure, 'per-try-timeout'> | 'idle' {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'reset';
  if (CONNECT_FAILURES.has(code)) return 'connect-failure';
  if (IDLE_TIMEOUTS.has(code)) return 'idle';
  return 'reset';
}
