import { egressFilterType, listenerPorts, type VirtualNodeResource } from '@meshplane/core';
import type { FidelityGap } from '../fidelity.js';
import { type MeshIndex, resourceId } from '../model-index.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** Mesh-wide features: the egress filter and virtual gateways, which Lattice has no form for. */
export function meshLevelGaps(index: MeshIndex): FidelityGap[] {
  const gaps: FidelityGap[] = [];
  if (index.mesh && egressFilterType(index.mesh) === 'DROP_ALL') {
    gaps.push({
      resource: resourceId(index.mesh),
      path: 'spec.egressFilter',
      feature: 'egress filter DROP_ALL',
      consequence:
        'Lattice only governs traffic to Lattice services: calls to destinations outside the mesh are no longer blocked',
      workaround:
        "block egress with the tasks' security groups (or a VPC egress firewall); calls inside the mesh are limited by the generated auth policies",
    });
  }
  for (const r of index.gatewayResources) {
    gaps.push({
      resource: resourceId(r),
      path: 'spec',
      feature: r.kind === 'virtualGateway' ? 'virtual gateway' : 'gateway route',
      consequence: 'not exported: Lattice has no ingress gateway resource',
      workaround:
        'expose the target Lattice services to outside callers through a service network VPC association or an ALB in front of them',
    });
  }
  return gaps;
}

/** Node features Lattice target groups cannot carry: TLS, mTLS, outlier detection, pools, timeouts. */
export function nodeGaps(node: VirtualNodeResource): FidelityGap[] {
  const gaps: FidelityGap[] = [];
  const id = resourceId(node);
  const spec = rec(node.spec) ?? {};
  const listeners = Array.isArray(spec.listeners) ? spec.listeners : [];
  const add = (path: string, feature: string, consequence: string, workaround: string) =>
    gaps.push({ resource: id, path, feature, consequence, workaround });
  listeners.forEach((l, i) => {
    const listener = rec(l) ?? {};
    if (listener.tls !== undefined)
      add(
        `spec.listeners[${i}].tls`,
        'listener TLS (mTLS when validation is set)',
        'Lattice terminates TLS at the service with its own certificate; the target group receives what the listener protocol says',
        'use an HTTPS Lattice listener with an ACM certificate for the custom domain; caller identity is checked by the auth policy (SigV4) instead of client certificates',
      );
    if (listener.outlierDetection !== undefined)
      add(
        `spec.listeners[${i}].outlierDetection`,
        'outlier detection',
        'Lattice removes targets only on failed health checks, not on 5xx runs',
        'configure the target group health check; meshFetch ejects outliers in callers that use it',
      );
    if (listener.connectionPool !== undefined)
      add(
        `spec.listeners[${i}].connectionPool`,
        'connection pool limits',
        'Lattice does not cap connections or pending requests per target',
        'limit concurrency in the application',
      );
    if (listener.timeout !== undefined)
      add(
        `spec.listeners[${i}].timeout`,
        'listener timeouts',
        'Lattice applies its fixed idle and request timeouts',
        'meshFetch and the Lambda middleware keep timeouts in the callers',
      );
  });
  for (const l of listenerPorts(node.spec)) {
    if (l.protocol === 'tcp')
      add(
        `spec.listeners[${l.index}].portMapping.protocol`,
        'plain TCP listener',
        'Lattice serves TCP only as TLS_PASSTHROUGH: clients must speak TLS to the target',
        'terminate TLS in the application, or reach the node through a VPC resource configuration',
      );
  }
  const backendDefaults = rec(spec.backendDefaults);
  if (rec(backendDefaults?.clientPolicy)?.tls !== undefined)
    add(
      'spec.backendDefaults.clientPolicy.tls',
      'client TLS policy (mTLS to backends)',
      'callers no longer present client certificates',
      'caller identity is enforced by the auth policies (SigV4-signed requests)',
    );
  const backends = Array.isArray(spec.backends) ? spec.backends : [];
  backends.forEach((b, i) => {
    if (rec(rec(rec(b)?.virtualService)?.clientPolicy)?.tls !== undefined)
      add(
        `spec.backends[${i}].virtualService.clientPolicy.tls`,
        'client TLS policy (mTLS to a backend)',
        'callers no longer present client certificates',
        'caller identity is enforced by the auth policies (SigV4-signed requests)',
      );
  });
  if (spec.logging !== undefined)
    add(
      'spec.logging',
      'Envoy access log',
      'no per-node access log',
      'enable Lattice access logs on the service network (CloudWatch, S3 or Firehose)',
    );
  return gaps;
}
