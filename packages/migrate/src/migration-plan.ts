import {
  KINDS,
  type MeshModel,
  nodeBackends,
  RESOURCE_KINDS,
  serviceProvider,
  weightedTargets,
} from '@meshplane/core';
import { gatewayRoutesTo } from './lattice/uncalled-service.js';
import { indexMesh, type MeshIndex } from './model-index.js';

/** The cutover of one virtual service. */
export interface ServiceCutover {
  service: string;
  /** Nodes that serve it (router targets or the provider node). */
  servers: string[];
  /** Nodes that call it (declared backends). */
  callers: string[];
  steps: string[];
}

/** What {@link migrationPlan} returns. */
export interface MigrationPlan {
  meshName: string;
  target: 'lattice' | 'service-connect';
  /** Services in cutover order: a service before the services its servers call into… reversed. */
  services: ServiceCutover[];
  /** App Mesh resources to delete last, in the order AWS accepts (reverse create order). */
  deleteLast: string[];
}

/**
 * Plans the migration of a mesh, per virtual service: run the target side by side with App Mesh,
 * shift the traffic (Lattice weights, or ECS canary/linear deployments for Service Connect), then
 * delete App Mesh. Services are cut over callees first, so every caller that moves finds its
 * backends already served by the target.
 *
 * @example
 * ```ts
 * import { defineMesh } from '@meshplane/core';
 * import { migrationPlan } from '@meshplane/migrate';
 * console.log(migrationPlan(defineMesh({ name: 'm' }), 'lattice').deleteLast); // ['mesh m']
 * ```
 */
export function migrationPlan(model: MeshModel, target: MigrationPlan['target']): MigrationPlan {
  const index = indexMesh(model);
  const services = cutoverOrder(index).map((name) => cutover(name, index, target));
  const ranked = [...model.resources].sort(
    (a, b) =>
      KINDS[b.kind].rank - KINDS[a.kind].rank ||
      RESOURCE_KINDS.indexOf(a.kind) - RESOURCE_KINDS.indexOf(b.kind),
  );
  const deleteLast = ranked.map((r) =>
    r.kind === 'route'
      ? `${KINDS[r.kind].label} ${r.virtualRouterName}/${r.name}`
      : `${KINDS[r.kind].label} ${r.name}`,
  );
  return { meshName: index.meshName, target, services, deleteLast };
}

function serversOf(name: string, index: MeshIndex): string[] {
  const provider = serviceProvider(index.services.get(name)?.spec);
  if (provider?.kind === 'virtualNode') return [provider.name];
  if (provider?.kind !== 'virtualRouter') return [];
  const nodes = (index.routes.get(provider.name) ?? []).flatMap((r) =>
    weightedTargets(r.spec).map((t) => t.virtualNode),
  );
  return [...new Set(nodes)];
}

/** Callees first: a service whose servers call other services comes after those services. */
function cutoverOrder(index: MeshIndex): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name) || visiting.has(name) || !index.services.has(name)) return;
    visiting.add(name);
    for (const server of serversOf(name, index))
      for (const b of nodeBackends(index.nodes.get(server)?.spec)) visit(b.virtualServiceName);
    order.push(name);
  };
  for (const name of [...index.services.keys()].sort()) visit(name);
  return order;
}

/** `; reached through gatewayRoute:…` when gateway routes send to the service (neither target exports them). */
function reachedBy(name: string, index: MeshIndex): string {
  const routes = gatewayRoutesTo(name, index);
  return routes.length > 0 ? `; reached through ${routes.join(', ')}, which is not exported` : '';
}

function cutover(name: string, index: MeshIndex, target: MigrationPlan['target']): ServiceCutover {
  const servers = serversOf(name, index);
  const callers = [...index.nodes.values()]
    .filter((n) => nodeBackends(n.spec).some((b) => b.virtualServiceName === name))
    .map((n) => n.name);
  const weighted = servers.length > 1;
  const steps =
    target === 'lattice'
      ? [
          `side by side: create the Lattice service ${name} (meshplane export --to lattice) and join ${servers.join(', ') || 'its servers'} to their target groups (ECS VpcLatticeConfigurations); App Mesh keeps serving`,
          weighted
            ? `shift: keep the Lattice weights equal to the App Mesh route's, then move the split on the Lattice listener (weights 0–999)`
            : 'shift: one target group, no split to carry',
          callers.length > 0
            ? `cut over callers (${callers.join(', ')}): point ${name} at the Lattice service (its custom domain) and sign requests with SigV4; the auth policy allows exactly these callers`
            : `cut over callers (none declared${reachedBy(name, index)}): the Lattice service has no auth policy and denies every request; attach one that allows the callers (what replaces the gateway, the clients' roles) before moving their traffic`,
        ]
      : [
          `side by side: enable Service Connect on ${servers.join(', ') || 'its servers'} in the mesh namespace (meshplane export --to service-connect); App Mesh keeps serving`,
          weighted
            ? `shift: Service Connect has no weights: merge ${servers.join(', ')} into one ECS service and move versions with an ECS canary or linear deployment`
            : 'shift: one ECS service, no split to carry',
          `cut over callers (${callers.join(', ') || `none declared${reachedBy(name, index)}`}): redeploy them with Service Connect on and without the Envoy sidecar`,
        ];
  return { service: name, servers, callers, steps };
}

/**
 * The plan for people: one block per service, then what to delete last.
 *
 * @example
 * ```ts
 * import { defineMesh } from '@meshplane/core';
 * import { formatMigrationPlan, migrationPlan } from '@meshplane/migrate';
 * console.log(formatMigrationPlan(migrationPlan(defineMesh({ name: 'm' }), 'lattice')).split('\n').at(-1)); // '  1. mesh m'
 * ```
 */
export function formatMigrationPlan(plan: MigrationPlan): string {
  const lines = [`migration of mesh ${plan.meshName} to ${plan.target}, service by service (callees first):`];
  plan.services.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.service}`);
    s.steps.forEach((step, j) => {
      lines.push(`   ${String.fromCharCode(97 + j)}. ${step}`);
    });
  });
  lines.push(
    `${plan.services.length + 1}. delete App Mesh last, in this order (after every caller runs without Envoy):`,
  );
  plan.deleteLast.forEach((d, i) => {
    lines.push(`  ${i + 1}. ${d}`);
  });
  return lines.join('\n');
}
