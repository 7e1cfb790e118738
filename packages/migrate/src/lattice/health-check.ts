import type { FidelityGap } from '../fidelity.js';

type Rec = Record<string, unknown>;

/**
 * An App Mesh listener health check as a Lattice target group HealthCheck. Lattice checks over
 * HTTP(S) only (HealthCheckConfig.protocol) and counts in whole seconds; App Mesh's TCP and gRPC
 * checks and sub-second intervals are reported.
 */
export function latticeHealthCheck(
  check: Rec,
  resource: string,
  path: string,
  gaps: FidelityGap[],
): Record<string, unknown> | undefined {
  const protocol = check.protocol;
  if (protocol !== 'http' && protocol !== 'http2') {
    gaps.push({
      resource,
      path: `${path}.protocol`,
      feature: `${String(protocol)} health check`,
      consequence: "the target group uses Lattice's default health check (HTTP GET / on the traffic port)",
      workaround: 'serve an HTTP health endpoint and set it on the generated target group',
    });
    return undefined;
  }
  const seconds = (member: string) => {
    const ms = check[member];
    if (typeof ms !== 'number') return undefined;
    if (ms % 1000 !== 0)
      gaps.push({
        resource,
        path: `${path}.${member}`,
        feature: 'sub-second health check timing',
        consequence: `rounded up to ${Math.ceil(ms / 1000)} s (Lattice counts whole seconds)`,
        workaround: 'use whole seconds',
      });
    return Math.ceil(ms / 1000);
  };
  const out: Record<string, unknown> = {
    enabled: true,
    protocol: 'HTTP',
    protocolVersion: protocol === 'http2' ? 'HTTP2' : 'HTTP1',
  };
  if (typeof check.path === 'string') out.path = check.path;
  if (typeof check.port === 'number') out.port = check.port;
  const interval = seconds('intervalMillis');
  const timeout = seconds('timeoutMillis');
  if (interval !== undefined) out.healthCheckIntervalSeconds = interval;
  if (timeout !== undefined) out.healthCheckTimeoutSeconds = timeout;
  if (typeof check.healthyThreshold === 'number') out.healthyThresholdCount = check.healthyThreshold;
  if (typeof check.unhealthyThreshold === 'number') out.unhealthyThresholdCount = check.unhealthyThreshold;
  return out;
}
