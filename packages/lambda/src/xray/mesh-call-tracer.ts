import { randomFillSync } from 'node:crypto';
import type { XRaySdk, XRaySubsegment } from './load-xray.js';
import { formatTraceHeader, type TraceHeader } from './trace-header.js';
import type { SegmentSender } from './udp-sender.js';

/** What is known about one mesh call when it starts. */
export interface MeshCallStart {
  virtualService: string;
  route?: string;
  targetNode?: string;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  method: string;
  url: string;
}

/** One traced attempt of a mesh call. */
export interface MeshCallSpan {
  /** The `X-Amzn-Trace-Id` to send downstream (Parent = this subsegment), when traced. */
  readonly traceHeader: string | undefined;
  /** Adds what became known after the start (route, target node). */
  annotate(fields: { route?: string; targetNode?: string }): void;
  end(result: { statusCode?: number; error?: unknown }): void;
}

/** Traces the mesh calls of one invocation. */
export interface MeshCallTracer {
  start(call: MeshCallStart): MeshCallSpan;
}

const ANNOTATION = {
  virtualService: 'mesh_virtual_service',
  route: 'mesh_route',
  targetNode: 'mesh_target_node',
  attempt: 'mesh_attempt',
  statusCode: 'mesh_status_code',
} as const;

/**
 * A tracer that records nothing and propagates nothing: used when tracing is off.
 *
 * @example
 * ```ts
 * import { noopTracer } from '@meshplane/lambda/xray';
 * noopTracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' }).traceHeader; // undefined
 * ```
 */
export const noopTracer: MeshCallTracer = {
  start: () => noopSpan,
};

const noopSpan: MeshCallSpan = {
  traceHeader: undefined,
  annotate() {},
  end() {},
};

/**
 * A tracer that records nothing but passes the invocation's trace on (same Root and Parent), for
 * when aws-xray-sdk-core is not available.
 *
 * @example
 * ```ts
 * import { parseTraceHeader, propagatingTracer } from '@meshplane/lambda/xray';
 * const tracer = propagatingTracer(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')!);
 * tracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' }).traceHeader;
 * // 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'
 * ```
 */
export function propagatingTracer(header: TraceHeader): MeshCallTracer {
  const span: MeshCallSpan = { ...noopSpan, traceHeader: formatTraceHeader(header, header.parent) };
  return { start: () => span };
}

/** X-Ray subsegment names allow letters, digits, spaces and `_.:/%&#=+\-@`, up to 200 characters. */
function subsegmentName(name: string): string {
  return name.replace(/[^\w .:/%&#=+\-@]/g, '_').slice(0, 200) || 'mesh';
}

/** Subsegment ids handed out per pool refill (8 random bytes each). */
const IDS_PER_REFILL = 512;
/** Names remembered per tracing (virtual service names come from the model: a few dozen). */
const NAME_CACHE_LIMIT = 1_000;

/**
 * 64-bit random subsegment ids as 16 hex digits, drawn from a buffer of cryptographic random
 * bytes refilled every {@link IDS_PER_REFILL} ids: one `randomFillSync` per 512 subsegments
 * instead of one `randomBytes(8)` (about half the CPU of a traced call) per subsegment.
 */
function idPool(): () => string {
  const pool = Buffer.allocUnsafe(IDS_PER_REFILL * 8);
  // The pool as hex, converted once per refill: an id is then a 16-character slice of it.
  let hex = '';
  let offset = hex.length;
  return () => {
    if (offset === hex.length) {
      randomFillSync(pool);
      hex = pool.toString('hex');
      offset = 0;
    }
    const id = hex.slice(offset, offset + 16);
    offset += 16;
    return id;
  };
}

/** X-Ray tracing of mesh calls, built once per function instance; one tracer per invocation. */
export interface XRayTracing {
  /** The tracer of one invocation, from its trace header. */
  tracerFor(header: TraceHeader): MeshCallTracer;
}

/** A string as a JSON string literal. */
const quote = (value: string): string => JSON.stringify(value);

/**
 * JSON string literals of the strings that come from the model (virtual service, route and node
 * names, methods) and of the URLs a function calls: a few dozen per function, quoted once.
 * Bounded, for values that do not repeat.
 */
function quotedCache(): (value: string) => string {
  const cache = new Map<string, string>();
  return (value) => {
    let quoted = cache.get(value);
    if (quoted === undefined) {
      quoted = quote(value);
      if (cache.size < NAME_CACHE_LIMIT) cache.set(value, quoted);
    }
    return quoted;
  };
}

/** A number as JSON, or undefined when JSON cannot hold it (the SDK drops such annotations too). */
const finite = (value: number): string | undefined => (Number.isFinite(value) ? String(value) : undefined);

/** What every span of one traced invocation shares. */
interface InvocationTrace {
  readonly sender: SegmentSender;
  /** Downstream header = prefix + subsegment id + suffix. */
  readonly prefix: string;
  readonly suffix: string;
  /** The document from `"type"` to the opening of `"annotations"`: the same for every span. */
  readonly middle: string;
  /** Builds the `cause` of a failed call with the SDK's exception model (error path only). */
  readonly causeOf: (name: string, error: unknown) => string;
  /** {@link quotedCache} of the tracing. */
  readonly quoted: (value: string) => string;
}

/**
 * One attempt of a mesh call. A class, not closures: a span allocates one object, and its
 * document is written as a JSON string when it ends (no subsegment object, no JSON.stringify of
 * a tree), so the traced path leaves little for the garbage collector.
 */
class XRaySpan implements MeshCallSpan {
  readonly traceHeader: string;
  private readonly id: string;
  private readonly startTime: number;
  private route: string | undefined;
  private targetNode: string | undefined;
  private ended = false;

  constructor(
    private readonly trace: InvocationTrace,
    id: string,
    private readonly quotedName: string,
    private readonly call: MeshCallStart,
  ) {
    this.id = id;
    this.traceHeader = trace.prefix + id + trace.suffix;
    this.startTime = Date.now() / 1_000;
    this.route = call.route || undefined;
    this.targetNode = call.targetNode || undefined;
  }

  annotate(fields: { route?: string; targetNode?: string }): void {
    if (fields.route) this.route = fields.route;
    if (fields.targetNode) this.targetNode = fields.targetNode;
  }

  end(result: { statusCode?: number; error?: unknown }): void {
    if (this.ended) return;
    this.ended = true;
    const endTime = Date.now() / 1_000;
    const { call, trace } = this;
    const status = result.statusCode === undefined ? undefined : finite(result.statusCode);
    const attempt = finite(call.attempt);
    const { quoted } = trace;
    let doc = `{"id":"${this.id}","name":${this.quotedName},"start_time":${this.startTime},"end_time":${endTime}${trace.middle}"${ANNOTATION.virtualService}":${quoted(call.virtualService)}`;
    if (attempt !== undefined) doc += `,"${ANNOTATION.attempt}":${attempt}`;
    if (this.route) doc += `,"${ANNOTATION.route}":${quoted(this.route)}`;
    if (this.targetNode) doc += `,"${ANNOTATION.targetNode}":${quoted(this.targetNode)}`;
    if (status !== undefined) doc += `,"${ANNOTATION.statusCode}":${status}`;
    doc += `},"http":{"request":{"method":${quoted(call.method)},"url":${quoted(call.url)}}`;
    if (status !== undefined) doc += `,"response":{"status":${status}}`;
    doc += '}';
    const code = result.statusCode ?? 0;
    if (code >= 400 && code < 500) doc += ',"error":true';
    if (code >= 500 || result.error !== undefined) doc += ',"fault":true';
    if (code === 429) doc += ',"throttle":true';
    if (result.error !== undefined) doc += `,"cause":${trace.causeOf(this.quotedName, result.error)}`;
    trace.sender.send(`${doc}}`);
  }
}

/**
 * Builds what every traced invocation shares, once (at the first traced invocation of a function
 * instance): subsegment ids from a pooled random buffer, and a cache of subsegment names. Each
 * invocation then gets its tracer from {@link XRayTracing.tracerFor}, which pre-formats that
 * invocation's downstream trace header around the subsegment id and the parts of the subsegment
 * document that every call of the invocation shares. Each subsegment document is written
 * directly as the JSON the SDK's emitter would send (same fields, same annotations); the SDK's
 * subsegment model is used for the one part worth its cost: the `cause` of a failed call (its
 * exception and stack frames).
 *
 * @example
 * ```ts
 * import { createUdpSender, createXRayTracing, loadXRay, parseTraceHeader } from '@meshplane/lambda/xray';
 * const tracing = createXRayTracing(await loadXRay(), createUdpSender(process.env.AWS_XRAY_DAEMON_ADDRESS));
 * const header = parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')!;
 * const span = tracing.tracerFor(header).start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' });
 * span.end({ statusCode: 200 });
 * ```
 */
export function createXRayTracing(xray: XRaySdk, sender: SegmentSender): XRayTracing {
  const nextId = idPool();
  // The SDK's constructor calls `init`, which draws its id with `randomBytes(8)`; this `init`
  // sets the same fields as the SDK's, with a pooled id.
  const Base = xray.Subsegment as unknown as new (name: string) => Record<string, unknown>;
  class PooledSubsegment extends Base {
    init(name: string): void {
      this.id = nextId();
      this.name = name;
      this.start_time = Date.now() / 1_000;
      this.in_progress = true;
      this.counter = 0;
      this.notTraced = false;
    }
  }
  const Subsegment = PooledSubsegment as unknown as XRaySdk['Subsegment'];
  const causeOf = (quotedName: string, error: unknown): string => {
    const sub = new Subsegment(JSON.parse(quotedName) as string);
    sub.close(error instanceof Error ? error : String(error));
    return JSON.stringify((sub as XRaySubsegment & { cause?: unknown }).cause ?? null);
  };
  // Subsegment names, as JSON string literals, by virtual service.
  const names = new Map<string, string>();
  const nameOf = (virtualService: string) => {
    let name = names.get(virtualService);
    if (name === undefined) {
      name = quote(subsegmentName(virtualService));
      if (names.size < NAME_CACHE_LIMIT) names.set(virtualService, name);
    }
    return name;
  };

  const quoted = quotedCache();
  return {
    tracerFor(header) {
      if (header.sampled === false) return propagatingTracer(header);
      // Built by hand rather than through formatTraceHeader (a copy of the header, a scan of its
      // fields): this runs at every traced invocation. Same result: Root, Parent, Sampled=1, extra.
      let suffix = ';Sampled=1';
      for (const field of header.extra) suffix += `;${field}`;
      const trace: InvocationTrace = {
        sender,
        prefix: `Root=${header.root};Parent=`,
        suffix,
        // A detached subsegment: the function segment is Lambda's; the document names its parent.
        middle: `,"type":"subsegment","trace_id":${quote(header.root)}${
          header.parent ? `,"parent_id":${quote(header.parent)}` : ''
        },"namespace":"remote","annotations":{`,
        causeOf,
        quoted,
      };
      return new XRayTracer(trace, nextId, nameOf);
    },
  };
}

/** The tracer of one traced invocation. */
class XRayTracer implements MeshCallTracer {
  constructor(
    private readonly trace: InvocationTrace,
    private readonly nextId: () => string,
    private readonly nameOf: (virtualService: string) => string,
  ) {}

  start(call: MeshCallStart): MeshCallSpan {
    return new XRaySpan(this.trace, this.nextId(), this.nameOf(call.virtualService), call);
  }
}

/**
 * A tracer for one invocation that records each mesh call attempt as an X-Ray subsegment of the
 * function's segment (named by the invocation's trace header) with annotations
 * `mesh_virtual_service`, `mesh_route`, `mesh_target_node`, `mesh_attempt`, `mesh_status_code`,
 * and propagates `X-Amzn-Trace-Id` with the subsegment as Parent. Subsegments are streamed to the
 * daemon by `sender` when they close, as the SDK does in Lambda; the function segment itself
 * belongs to Lambda and is never sent. An unsampled trace records nothing and propagates `Sampled=0`.
 * For many invocations, build {@link createXRayTracing} once and call its `tracerFor` instead.
 *
 * @example
 * ```ts
 * import { createUdpSender, createXRayCallTracer, loadXRay, parseTraceHeader } from '@meshplane/lambda/xray';
 * const header = parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')!;
 * const tracer = createXRayCallTracer(await loadXRay(), header, createUdpSender(process.env.AWS_XRAY_DAEMON_ADDRESS));
 * const span = tracer.start({ virtualService: 'jazz.prod.svc.cluster.local', attempt: 1, method: 'GET', url: 'http://jazz/' });
 * span.end({ statusCode: 200 });
 * ```
 */
export function createXRayCallTracer(
  xray: XRaySdk,
  header: TraceHeader,
  sender: SegmentSender,
): MeshCallTracer {
  return createXRayTracing(xray, sender).tracerFor(header);
}
