import {
  gatewayRouteTarget,
  type MeshModel,
  type MeshplaneResource,
  nodeBackends,
  serviceProvider,
  weightedTargets,
} from '@meshplane/core';
import type { ModelSource } from '@meshplane/xds';

const UNPOLLED_HOSTNAME = 'not-polled-by-this-task.invalid';
const RESOURCE_ID = /(?:^|:)mesh\/([^/]+)\/(virtualNode|virtualGateway)\/([^/]+)$/;

/**
 * The virtual nodes whose endpoints one node's (or gateway's) Envoy can need: the providers of
 * the virtual services it reaches (its backends; a gateway's route targets), through their
 * routers' weighted targets. Its own node is not one of them unless a backend leads back to it
 * (its inbound traffic goes to the app on localhost, not to Cloud Map endpoints).
 *
 * @example
 * ```ts
 * import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
 * import { reachableNodes } from './node-scope.js'; // inside packages/ecs/src/agent
 * console.log([...reachableNodes(djAppMesh(), 'mesh/dj-app/virtualNode/dj')].sort());
 * // ['jazz-v1', 'jazz-v2', 'metal-v1', 'metal-v2']
 * ```
 */
export function reachableNodes(model: MeshModel, resourceId: string): Set<string> {
  const match = RESOURCE_ID.exec(resourceId);
  const reachable = new Set<string>();
  if (!match) return reachable;
  const [, mesh, kind, name] = match as unknown as [string, string, string, string];
  const inMesh = model.resources.filter((r) => r.meshName === mesh);
  const find = (k: MeshplaneResource['kind'], n: string) => inMesh.find((r) => r.kind === k && r.name === n);
  let services: string[] = [];
  if (kind === 'virtualNode') {
    services = nodeBackends(find('virtualNode', name)?.spec).map((b) => b.virtualServiceName);
  } else {
    services = inMesh
      .filter((r) => r.kind === 'gatewayRoute' && r.virtualGatewayName === name)
      .flatMap((r) => gatewayRouteTarget(r.spec)?.virtualServiceName ?? []);
  }
  for (const service of services) {
    const provider = serviceProvider(find('virtualService', service)?.spec);
    if (provider?.kind === 'virtualNode') reachable.add(provider.name);
    if (provider?.kind !== 'virtualRouter') continue;
    for (const route of inMesh) {
      if (route.kind !== 'route' || route.virtualRouterName !== provider.name) continue;
      for (const target of weightedTargets(route.spec)) reachable.add(target.virtualNode);
    }
  }
  return reachable;
}

/**
 * A model source that keeps AWS Cloud Map service discovery only on the nodes one Envoy can reach
 * (see {@link reachableNodes}): the control plane polls Cloud Map for exactly the services that
 * Envoy's clusters use, not for every service of the mesh. The other nodes get a DNS discovery
 * that is never resolved (`not-polled-by-this-task.invalid`) so that the model stays valid; their
 * configuration is never served, since only this task's Envoy reaches the socket.
 *
 * @example
 * ```ts
 * import { staticSource } from '@meshplane/xds';
 * import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
 * import { nodeScopedSource } from './node-scope.js'; // inside packages/ecs/src/agent
 * const source = nodeScopedSource(staticSource(djAppMesh()), 'mesh/dj-app/virtualNode/jazz-v1');
 * console.log(source.description); // 'static model, Cloud Map of the nodes mesh/dj-app/virtualNode/jazz-v1 reaches'
 * ```
 */
export function nodeScopedSource(source: ModelSource, resourceId: string): ModelSource {
  return {
    description: `${source.description}, Cloud Map of the nodes ${resourceId} reaches`,
    start: (onReading) =>
      source.start((reading) =>
        onReading(reading.model ? { ...reading, model: scoped(reading.model, resourceId) } : reading),
      ),
    close: () => source.close(),
  };
}

function scoped(model: MeshModel, resourceId: string): MeshModel {
  const keep = reachableNodes(model, resourceId);
  const mesh = RESOURCE_ID.exec(resourceId)?.[1];
  return {
    ...model,
    resources: model.resources.map((r) => {
      if (r.kind !== 'virtualNode' || (r.meshName === mesh && keep.has(r.name))) return r;
      if (!r.spec?.serviceDiscovery?.awsCloudMap) return r;
      // A listener needs some discovery to stay valid: a DNS name that is never resolved, since
      // only this task's Envoy reaches the socket and its configuration never routes there.
      return { ...r, spec: { ...r.spec, serviceDiscovery: { dns: { hostname: UNPOLLED_HOSTNAME } } } };
    }),
  };
}
