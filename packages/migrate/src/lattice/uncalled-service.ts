import type { VirtualServiceResource } from '@meshplane/core';
import type { FidelityGap } from '../fidelity.js';
import { type MeshIndex, resourceId } from '../model-index.js';

/** The virtual service a gateway route sends to (`spec.<protocol>Route.action.target.virtualService`). */
function gatewayRouteTarget(spec: unknown): string | undefined {
  for (const route of Object.values((spec ?? {}) as Record<string, unknown>)) {
    const target = (route as { action?: { target?: { virtualService?: { virtualServiceName?: string } } } })
      ?.action?.target?.virtualService?.virtualServiceName;
    if (typeof target === 'string') return target;
  }
  return undefined;
}

/**
 * The gap of a virtual service no virtual node declares as a backend. Its Lattice service has
 * AuthType AWS_IAM and no auth policy, and VPC Lattice then denies every request ("If you do not
 * add an auth policy, all traffic will get an access denied error", VPC Lattice User Guide, auth
 * policies): the callers App Mesh let in without a backend (a virtual gateway's routes, clients
 * outside the mesh) must be allowed by hand. Undefined when some node declares it.
 *
 * @example
 * ```ts
 * import { defineMesh, http } from '@meshplane/core';
 * import { exportLattice } from '@meshplane/migrate';
 * const model = defineMesh({
 *   name: 'm',
 *   egressFilter: 'ALLOW_ALL',
 *   nodes: { web: { listeners: [http(8080)], discovery: { dns: { hostname: 'web.local' } } } },
 *   services: { 'web.local': { provider: { node: 'web' } } },
 * });
 * console.log(exportLattice(model).report.gaps.map((g) => g.feature)); // ['a service no virtual node declares as a backend']
 * ```
 */
/** The gateway routes (`gatewayRoute:mesh/gateway/route`) that send to a virtual service. */
export function gatewayRoutesTo(serviceName: string, index: MeshIndex): string[] {
  return index.gatewayResources
    .filter((r) => r.kind === 'gatewayRoute' && gatewayRouteTarget(r.spec) === serviceName)
    .map((r) => resourceId(r));
}

export function uncalledServiceGap(
  service: VirtualServiceResource,
  index: MeshIndex,
  callers: readonly string[],
): FidelityGap | undefined {
  if (callers.length > 0) return undefined;
  const gatewayRoutes = gatewayRoutesTo(service.name, index);
  const reached =
    gatewayRoutes.length > 0
      ? `App Mesh let ${gatewayRoutes.join(', ')} in`
      : 'App Mesh let in callers that declare no backend';
  return {
    resource: resourceId(service),
    path: 'spec',
    feature: 'a service no virtual node declares as a backend',
    consequence: `its Lattice service has AuthType AWS_IAM and no auth policy, so Lattice denies every request; ${reached}`,
    workaround:
      'attach an auth policy that allows its callers (the roles of the clients, or of what replaces the gateway), or declare them as backends of a virtual node',
  };
}
