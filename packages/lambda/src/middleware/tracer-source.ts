import { loadXRay } from '../xray/load-xray.js';
import {
  createXRayTracing,
  type MeshCallTracer,
  propagatingTracer,
  type XRayTracing,
} from '../xray/mesh-call-tracer.js';
import type { TraceHeader } from '../xray/trace-header.js';
import { createUdpSender, type SegmentSender } from '../xray/udp-sender.js';
import type { MeshLogger } from './options.js';

/** Tracers for invocations, from X-Ray once it is loaded. */
export interface TracerSource {
  /** Synchronous once X-Ray is loaded (or known to be missing); a promise at the first traced invocation. */
  tracerFor(header: TraceHeader): MeshCallTracer | Promise<MeshCallTracer>;
  /** Whether an invocation with this header has its calls recorded (asked once `tracerFor` resolved). */
  records(header: TraceHeader): boolean;
  close(): void;
}

/**
 * Builds X-Ray tracing once, at the first traced invocation of the function instance (the SDK's
 * subsegment model, the daemon socket, the id pool), and hands each invocation its own tracer.
 * Tracing never fails an invocation: without the SDK (left out of a bundle, say) the trace
 * header is still propagated, only the subsegments are missing.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * import { parseTraceHeader } from '@meshplane/lambda/xray';
 * const source = createTracerSource(process.env.AWS_XRAY_DAEMON_ADDRESS, console);
 * const header = parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')!;
 * const tracer = await source.tracerFor(header);
 * const span = tracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' });
 * console.log(span.traceHeader?.startsWith('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=')); // true
 * span.end({ statusCode: 200 });
 * source.close();
 * ```
 */
export function createTracerSource(daemonAddress: string | undefined, log: MeshLogger): TracerSource {
  let xray: XRayTracing | undefined;
  let unavailable = false;
  let sender: SegmentSender | undefined;
  let loading: Promise<void> | undefined;
  // No object per invocation beyond the tracer itself: this runs at every traced invocation.
  const chosen = (header: TraceHeader): MeshCallTracer =>
    xray ? xray.tracerFor(header) : propagatingTracer(header);
  const load = async () => {
    try {
      const sdk = await loadXRay();
      const udp = createUdpSender(daemonAddress ?? process.env.AWS_XRAY_DAEMON_ADDRESS);
      // Connected once here, so that each subsegment is sent inside the call that ends it.
      await udp.connect();
      sender = udp;
      xray = createXRayTracing(sdk, udp);
    } catch (error) {
      unavailable = true;
      log.warn('meshplane: aws-xray-sdk-core could not be loaded; mesh calls are not traced', {
        error: String(error),
      });
    }
  };
  return {
    tracerFor(header) {
      if (xray || unavailable) return chosen(header);
      loading ??= load();
      return loading.then(() => chosen(header));
    },
    records: (header) => xray !== undefined && header.sampled !== false,
    close() {
      sender?.close();
    },
  };
}
