import type { MeshModel } from '@meshplane/core';
import { type EndpointQuery, endpointKey } from '../contract.js';
import { type Caller, planEgress } from './egress-plan.js';
import { cloudMapDiscovery } from './endpoints.js';
import { gatewayServices } from './gateway.js';
import { IssueSink, meshIndex } from './mesh-index.js';
import { parseResourceId } from './names.js';
import { reachableServices } from './translate-node.js';

const noTls: Caller = { clientTls: () => undefined };

/**
 * The Cloud Map services the configuration of one node or gateway reads: the discovery of every
 * virtual node its routes can send to (its backends' providers and route targets, every service
 * under ALLOW_ALL; a gateway's route targets), with each node's attribute filter. The control
 * plane polls only these (DiscoverInstances is 1,000 TPS per account, shared by every client).
 * Sorted by {@link endpointKey}, then attributes; an unknown id gives none.
 *
 * @example
 * ```ts
 * import { cloudMap, defineMesh, http, weights } from '@meshplane/core';
 * import { endpointQueries } from '@meshplane/xds';
 * const model = defineMesh({
 *   name: 'm',
 *   nodes: {
 *     front: { listeners: [http(8080)], discovery: cloudMap('ns', 'front'), backends: ['api.ns'] },
 *     'api-v1': { listeners: [http(8080)], discovery: cloudMap('ns', 'api', { version: 'v1' }) },
 *     'api-v2': { listeners: [http(8080)], discovery: cloudMap('ns', 'api', { version: 'v2' }) },
 *   },
 *   routers: { api: { listeners: [http(8080)], routes: { all: { http: { match: { prefix: '/' }, action: weights({ 'api-v1': 90, 'api-v2': 10 }) } } } } },
 *   services: { 'api.ns': { provider: { router: 'api' } } },
 * });
 * const queries = endpointQueries(model, 'mesh/m/virtualNode/front');
 * console.log(queries.map((q) => `${q.serviceName}:${q.attributes?.version}`).join(' ')); // 'api:v1 api:v2'
 * ```
 */
export function endpointQueries(model: MeshModel, resourceId: string): EndpointQuery[] {
  const id = parseResourceId(resourceId);
  if (!id) return [];
  const index = meshIndex(model, id.meshName);
  const sink = new IssueSink();
  let services: string[];
  if (id.kind === 'virtualNode') {
    const node = index.nodes.get(id.name);
    if (!node) return [];
    services = reachableServices(index, node, sink);
  } else {
    const gateway = index.gateways.get(id.name);
    if (!gateway) return [];
    services = gatewayServices(index, gateway, sink);
  }
  const plan = planEgress(index, services, noTls, sink);
  const seen = new Map<string, EndpointQuery>();
  for (const target of plan.clusters.values()) {
    const cm = cloudMapDiscovery(target.node);
    if (!cm) continue;
    const query: EndpointQuery = { namespaceName: cm.namespaceName, serviceName: cm.serviceName };
    if (Object.keys(cm.attributes).length > 0) query.attributes = cm.attributes;
    seen.set(`${endpointKey(query)}|${JSON.stringify(Object.entries(cm.attributes).sort())}`, query);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, q]) => q);
}
