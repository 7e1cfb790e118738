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

/** The subsegment as an X-Ray segment document, serialized once (the SDK's emitter serializes twice). */
function subsegmentDocument(sub: XRaySubsegment, header: TraceHeader): string {
  const s = sub as XRaySubsegment & Record<string, unknown>;
  return JSON.stringify({
    id: s.id,
    name: s.name,
    start_time: s.start_time,
    end_time: s.end_time,
    type: 'subsegment',
    trace_id: header.root,
    parent_id: header.parent,
    namespace: s.namespace,
    annotations: s.annotations,
    http: s.http,
    error: s.error,
    fault: s.fault,
    throttle: s.throttle,
    cause: s.cause,
  });
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
  let offset = pool.length;
  return () => {
    if (offset === pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const id = pool.toString('hex', offset, offset + 8);
    offset += 8;
    return id;
  };
}

/** X-Ray tracing of mesh calls, built once per function instance; one tracer per invocation. */
export interface XRayTracing {
  /** The tracer of one invocation, from its trace header. */
  tracerFor(header: TraceHeader): MeshCallTracer;
}

/**
 * Builds what every traced invocation shares, once (at the first traced invocation of a function
 * instance): a subsegment class whose ids come from a pooled random buffer, and a cache of
 * subsegment names. Each invocation then gets its tracer from {@link XRayTracing.tracerFor}, which
 * pre-formats that invocation's downstream trace header around the subsegment id.
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
  const names = new Map<string, string>();
  const nameOf = (virtualService: string) => {
    let name = names.get(virtualService);
    if (name === undefined) {
      name = subsegmentName(virtualService);
      if (names.size < NAME_CACHE_LIMIT) names.set(virtualService, name);
    }
    return name;
  };

  return {
    tracerFor(header) {
      if (header.sampled === false) return propagatingTracer(header);
      // Downstream header = prefix + subsegment id + suffix: built once per invocation.
      const root = `Root=${header.root}`;
      const prefix = `${root};Parent=`;
      const suffix = formatTraceHeader({ ...header, sampled: true }, undefined).slice(root.length);
      return {
        start(call) {
          // A detached subsegment: the function segment is Lambda's; the document names its parent.
          const sub: XRaySubsegment = new Subsegment(nameOf(call.virtualService));
          sub.namespace = 'remote';
          sub.addAnnotation(ANNOTATION.virtualService, call.virtualService);
          sub.addAnnotation(ANNOTATION.attempt, call.attempt);
          if (call.route) sub.addAnnotation(ANNOTATION.route, call.route);
          if (call.targetNode) sub.addAnnotation(ANNOTATION.targetNode, call.targetNode);
          const request = { method: call.method, url: call.url };
          const traceHeader = prefix + sub.id + suffix;
          let ended = false;
          return {
            traceHeader,
            annotate(fields) {
              if (fields.route) sub.addAnnotation(ANNOTATION.route, fields.route);
              if (fields.targetNode) sub.addAnnotation(ANNOTATION.targetNode, fields.targetNode);
            },
            end(result) {
              if (ended) return;
              ended = true;
              if (result.statusCode !== undefined) {
                sub.addAnnotation(ANNOTATION.statusCode, result.statusCode);
                sub.http = { request, response: { status: result.statusCode } };
                if (result.statusCode === 429) sub.addThrottleFlag();
                if (result.statusCode >= 400 && result.statusCode < 500) sub.addErrorFlag();
                else if (result.statusCode >= 500) sub.addFaultFlag();
              } else sub.http = { request };
              if (result.error !== undefined) {
                sub.close(result.error instanceof Error ? result.error : String(result.error));
              } else sub.close();
              sender.send(subsegmentDocument(sub, header));
            },
          };
        },
      };
    },
  };
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
