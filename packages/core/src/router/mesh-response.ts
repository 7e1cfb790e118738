import type { Readable } from 'node:stream';
import type { TransportBody, TransportResponse } from './transport.js';

/**
 * What the router did to produce a response.
 *
 * @example
 * ```ts
 * const { mesh } = await router.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * console.log(mesh.routeName, mesh.targetNode, mesh.endpoint, mesh.attempts);
 * ```
 */
export interface MeshCallOutcome {
  virtualServiceName: string;
  virtualRouterName: string | undefined;
  routeName: string | undefined;
  /** The virtual node the request went to (undefined for egress passthrough). */
  targetNode: string | undefined;
  /** The endpoint of the last attempt, e.g. `http://127.0.0.1:41234`. */
  endpoint: string;
  /** The Cloud Map instance id (or DNS host name) of the last attempt. */
  instanceId: string | undefined;
  /** Attempts made, the first included. */
  attempts: number;
}

/**
 * The response of `router.fetch`: the parts of the WHATWG `Response` that callers use
 * (`status`, `ok`, `headers`, `text()`, `json()`, `arrayBuffer()`, `bytes()`), read straight from
 * undici's response without copying the body into a web stream (that copy costs more than the
 * routing). `body` is a Node.js `Readable`; `toResponse()` gives a standard `Response` when one is
 * needed. `mesh` tells where the request went.
 *
 * @example
 * ```ts
 * const response = await router.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * if (response.ok) console.log(await response.json(), response.mesh.targetNode);
 * ```
 */
export class MeshResponse {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic' as const;
  readonly mesh: MeshCallOutcome;
  /** The raw response headers (lower-case names), as the transport returns them. */
  readonly rawHeaders: Record<string, string | string[] | undefined>;
  private readonly stream: TransportBody;
  private headersObject: Headers | undefined;
  private used = false;

  constructor(data: TransportResponse, url: string, mesh: MeshCallOutcome) {
    this.status = data.statusCode;
    this.statusText = data.statusText ?? '';
    this.rawHeaders = data.headers;
    this.stream = data.body;
    this.url = url;
    this.mesh = mesh;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The response headers as a WHATWG `Headers` (built on first use). */
  get headers(): Headers {
    if (!this.headersObject) {
      const h = new Headers();
      for (const [name, value] of Object.entries(this.rawHeaders)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) h.append(name, v);
        else h.append(name, value);
      }
      this.headersObject = h;
    }
    return this.headersObject;
  }

  /** The body as a Node.js stream. */
  get body(): Readable {
    return this.stream;
  }

  get bodyUsed(): boolean {
    return this.used || this.stream.bodyUsed === true;
  }

  text(): Promise<string> {
    if (this.stream.text) return this.stream.text();
    return this.read().then((b) => b.toString('utf8'));
  }

  json<T = unknown>(): Promise<T> {
    if (this.stream.json) return this.stream.json() as Promise<T>;
    return this.text().then((text) => JSON.parse(text) as T);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.stream.arrayBuffer) return this.stream.arrayBuffer();
    return this.read().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }

  bytes(): Promise<Uint8Array> {
    if (this.stream.bytes) return this.stream.bytes();
    return this.read().then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  }

  /** Reads and discards the body so that the connection returns to the pool. */
  dump(): Promise<void> {
    if (this.stream.dump) return this.stream.dump();
    this.claim();
    const stream = this.stream;
    return new Promise<void>((resolve, reject) => {
      stream.once('end', resolve).once('error', reject).resume();
    });
  }

  /** Marks the body read, as a WHATWG `Response` does: a second read fails. */
  private claim(): void {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
  }

  /** The whole body as one Buffer (for transports whose body is a plain Readable). */
  private read(): Promise<Buffer> {
    this.claim();
    return new Promise<Buffer>(startCollect.bind(this.stream));
  }

  /**
   * Converts to a standard WHATWG `Response` (reads the whole body first).
   *
   * @example
   * ```ts
   * const response = await (await router.fetch('http://jazz.prod.svc.cluster.local:9080/')).toResponse();
   * console.log(response instanceof Response); // true
   * ```
   */
  async toResponse(): Promise<Response> {
    const bytes = await this.bytes();
    const nullBody = this.status === 204 || this.status === 205 || this.status === 304;
    return new Response(nullBody ? null : bytes, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

/** Collects a stream's chunks into one Buffer: the promise executor, bound to the stream. */
function startCollect(this: Readable, resolve: (b: Buffer) => void, reject: (e: unknown) => void): void {
  const collector = new Collector(resolve);
  this.on('data', collector.push).on('end', collector.end).on('error', reject);
}

/** A stream's chunks, with its listeners as bound methods (no closures on the request path). */
class Collector {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  readonly push: (chunk: Buffer) => void;
  readonly end: () => void;

  constructor(private readonly resolve: (b: Buffer) => void) {
    this.push = this.onData.bind(this);
    this.end = this.onEnd.bind(this);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  private onEnd(): void {
    const { chunks } = this;
    this.resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.length));
  }
}
