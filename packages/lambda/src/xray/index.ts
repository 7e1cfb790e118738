export { loadXRay, type XRaySdk, type XRaySubsegment } from './load-xray.js';
export {
  createXRayCallTracer,
  createXRayTracing,
  type MeshCallSpan,
  type MeshCallStart,
  type MeshCallTracer,
  noopTracer,
  propagatingTracer,
  type XRayTracing,
} from './mesh-call-tracer.js';
export { formatTraceHeader, parseTraceHeader, type TraceHeader } from './trace-header.js';
export {
  createUdpSender,
  parseDaemonAddress,
  type SegmentSender,
  type UdpSegmentSender,
} from './udp-sender.js';
