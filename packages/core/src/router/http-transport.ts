import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import {
  type AttemptSignal,
  INVALID_REQUEST_CODE,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';

/**
 * Options of {@link createHttpTransport}.
 *
 * @example
 * ```ts
 * const options: HttpTransportOptions = { connections: 64, keepAliveTimeoutMs: 4000 };
 * ```
 */
export interface HttpTransportOptions {
  /** Connections per origin. Default 128. */
  connections?: number;
  /** How long an idle keep-alive connection stays open. Default 4000 ms. */
  keepAliveTimeoutMs?: number;
  /**
   * Longest wait for a new connection, after which the attempt fails as a connect failure (which
   * retry policies retry on another endpoint). Default 10 000 ms, undici's.
   */
  connectTimeoutMs?: number;
}

interface Origin {
  https: boolean;
  hostname: string;
  port: number;
}

/** An error whose `code` tells the router how the attempt failed (undici's names, see transport.ts). */
function coded(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

/**
 * The router's default transport: Node's own `http` and `https` clients over keep-alive agents,
 * one pool of `connections` sockets per origin. Nothing beyond Node's built-ins, so a Lambda
 * bundle carries no HTTP client of its own. Takes the router's requests in undici's
 * `request()` shape and reports failures with undici's error codes (`UND_ERR_HEADERS_TIMEOUT`,
 * `UND_ERR_BODY_TIMEOUT`, `UND_ERR_INVALID_ARG`), so that an injected undici `Agent` and this
 * transport fail alike.
 *
 * @example
 * ```ts
 * import { createHttpTransport } from '@meshplane/core/router';
 * const transport = createHttpTransport({ connections: 64 });
 * const router = createRouter({ model, sourceNode: 'dj', discovery, dispatcher: transport });
 * await router.close(); // an injected transport is closed by its owner:
 * await transport.close();
 * ```
 */
export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.connections ?? 128,
    // Node's agents destroy a free socket idle this long (undici's keepAliveTimeout).
    timeout: options.keepAliveTimeoutMs ?? 4_000,
    scheduling: 'lifo' as const,
  };
  const http = new HttpAgent(agentOptions);
  let https: HttpsAgent | undefined;
  const origins = new Map<string, Origin>();
  const originOf = (origin: string): Origin => {
    let o = origins.get(origin);
    if (o === undefined) {
      const url = new URL(origin);
      const secure = url.protocol === 'https:';
      o = {
        https: secure,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      };
      if (origins.size > 1024) origins.clear();
      origins.set(origin, o);
    }
    return o;
  };
  const connectMs = options.connectTimeoutMs ?? 10_000;
  return {
    request(r: TransportRequest): Promise<TransportResponse> {
      const o = originOf(r.origin);
      if (!o.https) return send(o, http, r, connectMs);
      https ??= new HttpsAgent(agentOptions);
      return send(o, https, r, connectMs);
    },
    async close() {
      http.destroy();
      https?.destroy();
    },
  };
}

/**
 * One request in flight. Its listeners are module-level functions that find it on the emitter
 * (`this`), so that a request allocates no closures beyond its promise's.
 */
class Exchange {
  response: IncomingMessage | undefined;
  headersTimer: ReturnType<typeof setTimeout> | undefined;
  req!: ClientRequest;
  resolve!: (r: TransportResponse) => void;
  reject!: (e: unknown) => void;

  connectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly r: TransportRequest,
    readonly connectMs: number,
  ) {}

  done(): void {
    if (this.headersTimer) clearTimeout(this.headersTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.r.signal?.removeListener('abort', onAbort);
  }
}

const EXCHANGE = Symbol('meshplane.exchange');
type Carrier = { [EXCHANGE]?: Exchange };

function onAbort(this: AttemptSignal): void {
  const x = (this as Carrier)[EXCHANGE]!;
  const reason = this.reason as Error;
  // After the headers the reason reaches whoever reads the body.
  if (x.response) x.response.destroy(reason);
  else x.req.destroy(reason);
}

/** A new connection gets `connectMs` to connect; a reused one is already connected. */
function onSocket(this: ClientRequest, socket: Socket): void {
  const x = (this as Carrier)[EXCHANGE]!;
  if (!socket.connecting) return;
  x.connectTimer = setTimeout(onConnectTimeout, x.connectMs, x);
  x.connectTimer.unref();
  (socket as Carrier)[EXCHANGE] = x;
  socket.once('connect', onConnect);
}

function onConnect(this: Socket): void {
  const x = (this as Carrier)[EXCHANGE];
  if (x?.connectTimer) clearTimeout(x.connectTimer);
  (this as Carrier)[EXCHANGE] = undefined;
}

function onConnectTimeout(x: Exchange): void {
  x.req.destroy(coded(`no connection within ${x.connectMs} ms`, 'UND_ERR_CONNECT_TIMEOUT'));
}

function onHeadersTimeout(x: Exchange): void {
  x.req.destroy(coded(`no response headers within ${x.r.headersTimeout} ms`, 'UND_ERR_HEADERS_TIMEOUT'));
}

function onBodyTimeout(this: IncomingMessage): void {
  const x = (this as Carrier)[EXCHANGE]!;
  this.destroy(coded(`the body was idle for ${x.r.bodyTimeout} ms`, 'UND_ERR_BODY_TIMEOUT'));
}

function onResponseClose(this: IncomingMessage): void {
  (this as Carrier)[EXCHANGE]!.done();
}

function onResponse(this: ClientRequest, res: IncomingMessage): void {
  const x = (this as Carrier)[EXCHANGE]!;
  x.response = res;
  (res as Carrier)[EXCHANGE] = x;
  if (x.headersTimer) clearTimeout(x.headersTimer);
  if (x.r.bodyTimeout) res.setTimeout(x.r.bodyTimeout, onBodyTimeout);
  res.on('close', onResponseClose);
  x.resolve({
    statusCode: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: res.headers,
    body: res,
  });
}

function onRequestError(this: ClientRequest, error: Error): void {
  const x = (this as Carrier)[EXCHANGE]!;
  x.done();
  if (!x.response) x.reject(error);
}

function send(
  o: Origin,
  agent: HttpAgent,
  r: TransportRequest,
  connectMs: number,
): Promise<TransportResponse> {
  const x = new Exchange(r, connectMs);
  const promise = new Promise<TransportResponse>((resolve, reject) => {
    x.resolve = resolve;
    x.reject = reject;
  });
  const signal = r.signal;
  if (signal?.aborted) {
    x.reject(signal.reason);
    return promise;
  }
  try {
    x.req = (o.https ? httpsRequest : httpRequest)({
      host: o.hostname,
      port: o.port,
      method: r.method,
      path: r.path,
      headers: Array.isArray(r.headers) ? completeHeaders(r.headers, o, r.body) : r.headers,
      agent,
    });
  } catch (error) {
    // Node refuses a method, a header name or value before sending anything.
    x.reject(coded((error as Error).message, INVALID_REQUEST_CODE, error));
    return promise;
  }
  (x.req as Carrier)[EXCHANGE] = x;
  if (signal) {
    (signal as Carrier)[EXCHANGE] = x;
    signal.on('abort', onAbort);
  }
  if (r.headersTimeout) {
    x.headersTimer = setTimeout(onHeadersTimeout, r.headersTimeout, x);
    x.headersTimer.unref();
  }
  // `on`, not `once`: each fires once here, and `once` allocates a wrapper per request.
  x.req.on('socket', onSocket);
  x.req.on('response', onResponse);
  x.req.on('error', onRequestError);
  writeBody(x.req, r.body, x.reject);
  return promise;
}

/**
 * Node writes a header list as it is: it adds neither `host` nor a `content-length`. Add them the
 * way it does for a header object (and undici does for any): `host` from the origin, and the
 * length of a string or bytes body, unless the caller set them. The caller's list is not changed
 * (the router reuses it on retries).
 */
function completeHeaders(list: string[], o: Origin, body: TransportRequest['body']): string[] {
  let host = false;
  let framed = false;
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') host = true;
    else if (name.length === 14 && name.toLowerCase() === 'content-length') framed = true;
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') framed = true;
  }
  const length =
    framed || body === undefined || body === null
      ? undefined
      : typeof body === 'string'
        ? Buffer.byteLength(body)
        : body instanceof Uint8Array
          ? body.byteLength
          : undefined;
  if (host && length === undefined) return list;
  const out = list.slice();
  if (!host) {
    const name = o.hostname.includes(':') ? `[${o.hostname}]` : o.hostname;
    out.push('host', o.port === (o.https ? 443 : 80) ? name : `${name}:${o.port}`);
  }
  if (length !== undefined) out.push('content-length', String(length));
  return out;
}

function writeBody(req: ClientRequest, body: TransportRequest['body'], reject: (e: unknown) => void): void {
  if (body === undefined || body === null) {
    req.end();
  } else if (typeof body === 'string' || body instanceof Uint8Array) {
    // Before the headers are out, end(data) sends a Content-Length instead of chunks.
    req.end(body);
  } else {
    const stream = typeof (body as Readable).pipe === 'function' ? (body as Readable) : Readable.from(body);
    stream.once('error', (error) => {
      req.destroy(error);
      reject(error);
    });
    stream.pipe(req);
  }
}
