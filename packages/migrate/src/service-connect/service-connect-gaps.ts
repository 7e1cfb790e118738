import {
  egressFilterType,
  nodeBackends,
  type RouteResource,
  routeBody,
  type VirtualNodeResource,
} from '@meshplane/core';
import type { FidelityGap } from '../fidelity.js';
import { type MeshIndex, resourceId } from '../model-index.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

const KEEP_IN_CALLERS =
  "meshFetch (proxyless router) and the Lambda middleware keep the route's policy in the callers";

/** Mesh-wide features Service Connect cannot express: egress filter, gateways. */
export function serviceConnectMeshGaps(index: MeshIndex): FidelityGap[] {
  const gaps: FidelityGap[] = [];
  if (index.mesh && egressFilterType(index.mesh) === 'DROP_ALL')
    gaps.push({
      resource: resourceId(index.mesh),
      path: 'spec.egressFilter',
      feature: 'egress filter DROP_ALL',
      consequence: 'Service Connect does not block calls to destinations outside the namespace',
      workaround: "block egress with the tasks' security groups",
    });
  for (const r of index.gatewayResources)
    gaps.push({
      resource: resourceId(r),
      path: 'spec',
      feature: r.kind === 'virtualGateway' ? 'virtual gateway' : 'gateway route',
      consequence: 'not exported: Service Connect has no ingress gateway',
      workaround: 'put an ALB in front of the target ECS service',
    });
  return gaps;
}

/** Node features without a Service Connect form. */
export function serviceConnectNodeGaps(node: VirtualNodeResource): FidelityGap[] {
  const gaps: FidelityGap[] = [];
  const id = resourceId(node);
  const spec = rec(node.spec) ?? {};
  const add = (path: string, feature: string, consequence: string, workaround: string) =>
    gaps.push({ resource: id, path, feature, consequence, workaround });
  const listeners = Array.isArray(spec.listeners) ? spec.listeners : [];
  listeners.forEach((l, i) => {
    const listener = rec(l) ?? {};
    if (rec(rec(listener.tls)?.validation) !== undefined)
      add(
        `spec.listeners[${i}].tls.validation`,
        'mutual TLS (client certificate validation)',
        'Service Connect TLS is server-side only: clients are not authenticated',
        'restrict callers with security groups',
      );
    if (listener.outlierDetection !== undefined)
      add(
        `spec.listeners[${i}].outlierDetection`,
        'outlier detection settings',
        'Service Connect applies its own fixed passive outlier detection',
        "none needed for most services; meshFetch applies the model's settings in callers that use it",
      );
    if (listener.connectionPool !== undefined)
      add(
        `spec.listeners[${i}].connectionPool`,
        'connection pool limits',
        'not capped by Service Connect',
        'limit concurrency in the application',
      );
    if (listener.healthCheck !== undefined)
      add(
        `spec.listeners[${i}].healthCheck`,
        'health check',
        'not carried: ECS uses the container health check',
        'set healthCheck on the container definition',
      );
  });
  if (nodeBackends(node.spec).length > 0)
    add(
      'spec.backends',
      'backends as access control',
      'every task in the namespace can call every Service Connect service, not only the declared backends',
      'restrict callers with security groups, or migrate to VPC Lattice whose auth policies allow exactly the declared callers',
    );
  if (rec(rec(spec.backendDefaults)?.clientPolicy)?.tls !== undefined)
    add(
      'spec.backendDefaults.clientPolicy.tls',
      'client TLS policy',
      "Service Connect's proxy originates TLS itself with the namespace's Private CA",
      "none needed when TLS is enabled on the server's Service Connect service",
    );
  if (spec.logging !== undefined)
    add(
      'spec.logging',
      'Envoy access log',
      'not carried',
      'set serviceConnectConfiguration.logConfiguration',
    );
  return gaps;
}

/** Route features without a Service Connect form: matches, retries, per-route timeouts. */
export function serviceConnectRouteGaps(route: RouteResource, catchAll: boolean): FidelityGap[] {
  const found = routeBody(route.spec);
  if (!found) return [];
  const id = resourceId(route);
  const base = `spec.${found.type}`;
  const gaps: FidelityGap[] = [];
  if (!catchAll)
    gaps.push({
      resource: id,
      path: `${base}.match`,
      feature: 'request matching (path, headers, method)',
      consequence:
        'Service Connect sends every request for the service to one ECS service: the route is not exported',
      workaround: 'route in the application, or migrate to VPC Lattice (rules)',
    });
  if (found.body.retryPolicy !== undefined)
    gaps.push({
      resource: id,
      path: `${base}.retryPolicy`,
      feature: 'retry policy',
      consequence: "Service Connect applies its default retries, not the route's",
      workaround: KEEP_IN_CALLERS,
    });
  if (found.body.timeout !== undefined)
    gaps.push({
      resource: id,
      path: `${base}.timeout`,
      feature: 'per-route timeout',
      consequence: "Service Connect timeouts are per service (the node listener's timeout), not per route",
      workaround: KEEP_IN_CALLERS,
    });
  return gaps;
}
