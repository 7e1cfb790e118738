import { egressFilterType, listenerPorts, nodeBackends, type ResourceOfKind } from '@meshplane/core';
import type { TranslateInput, TranslateOptions, TranslateResult, XdsResource } from '../contract.js';
import { ingressClusters, originalDstCluster } from './clusters.js';
import { type Caller, planEgress } from './egress-plan.js';
import { egressResources } from './egress-resources.js';
import type { Json } from './envoy-json.js';
import { translateGateway } from './gateway.js';
import { IssueSink, type MeshIndex, meshIndex } from './mesh-index.js';
import {
  allowAllClusterName,
  amazonawsClusterName,
  clusterName,
  parseResourceId,
  routeConfigName,
} from './names.js';
import { type ListenerAddress, nodeEgressListener, nodeIngressListener } from './node-listeners.js';
import { egressRouteConfig, ingressRouteConfig } from './route-configs.js';
import { sortResources } from './sort.js';
import type { TimeoutSpec } from './timeouts.js';

type Node = ResourceOfKind<'virtualNode'>;
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** Where the listeners bind, with App Mesh's defaults (ProxyIngressPort 15000, ProxyEgressPort 15001, 0.0.0.0). */
export function listenerAddress(options: TranslateOptions | undefined): ListenerAddress {
  return {
    address: options?.listenerAddress ?? '0.0.0.0',
    ingressPort: options?.ingressPort ?? 15000,
    egressPort: options?.egressPort ?? 15001,
  };
}

/**
 * The virtual services a node may call: its backends, or every virtual service of the mesh under
 * the `ALLOW_ALL` egress filter. A backend that names no virtual service of the mesh is legal in
 * App Mesh (backends are soft references) and gets no virtual host: a warning.
 */
export function reachableServices(index: MeshIndex, node: Node, sink: IssueSink): string[] {
  const names = new Set<string>();
  for (const b of nodeBackends(node.spec)) {
    if (index.services.has(b.virtualServiceName)) names.add(b.virtualServiceName);
    else {
      sink.warning(
        'XDS_UNKNOWN_BACKEND',
        `nodes.${node.name}.spec.backends[${b.index}].virtualService.virtualServiceName`,
        `virtual service "${b.virtualServiceName}" is not in mesh "${index.meshName}": calls to it find no route`,
      );
    }
  }
  if (egressFilterType(index.mesh) === 'ALLOW_ALL') for (const name of index.services.keys()) names.add(name);
  return [...names].sort();
}

/** Client policies of a node: a backend's own `clientPolicy.tls`, else `backendDefaults.clientPolicy.tls`. */
export function nodeCaller(node: Node): Caller {
  const own = new Map<string, { spec: unknown; path: string }>();
  (node.spec.backends ?? []).forEach((b, i) => {
    const vs = rec(rec(b)?.virtualService);
    const tls = rec(rec(vs?.clientPolicy)?.tls);
    if (vs && tls)
      own.set(String(vs.virtualServiceName), {
        spec: tls,
        path: `nodes.${node.name}.spec.backends[${i}].virtualService.clientPolicy.tls`,
      });
  });
  const defaults = rec(rec(node.spec.backendDefaults?.clientPolicy)?.tls);
  return {
    clientTls: (service) =>
      own.get(service) ??
      (defaults
        ? { spec: defaults, path: `nodes.${node.name}.spec.backendDefaults.clientPolicy.tls` }
        : undefined),
  };
}

function translateVirtualNode(
  input: TranslateInput,
  index: MeshIndex,
  node: Node,
  where: ListenerAddress,
  sink: IssueSink,
): XdsResource[] {
  const meshName = index.meshName;
  const out: XdsResource[] = [];
  const ingress = nodeIngressListener(meshName, node, where, sink);
  if (ingress) out.push(ingress);
  out.push(
    ...ingressClusters(node, (proto, port) => clusterName('ingress', meshName, node.name, proto, port)),
  );
  for (const l of listenerPorts(node.spec)) {
    if (l.protocol === 'tcp') continue;
    const timeout = rec(rec(rec((node.spec.listeners ?? [])[l.index])?.timeout)?.[l.protocol]) as
      | TimeoutSpec
      | undefined;
    out.push(
      ingressRouteConfig(
        routeConfigName('ingress', l.protocol, l.port),
        clusterName('ingress', meshName, node.name, l.protocol, l.port),
        timeout,
      ),
    );
  }
  const plan = planEgress(index, reachableServices(index, node, sink), nodeCaller(node), sink);
  const allowAll = egressFilterType(index.mesh) === 'ALLOW_ALL';
  out.push(nodeEgressListener(meshName, node, plan, allowAll, where, sink));
  const extraHosts: Json[] = [];
  if (allowAll) {
    extraHosts.push({
      name: 'allow_all',
      domains: ['*'],
      routes: [{ match: { prefix: '/' }, route: { cluster: allowAllClusterName(meshName), timeout: '0s' } }],
    });
    out.push(originalDstCluster(allowAllClusterName(meshName)));
  }
  out.push(egressRouteConfig(routeConfigName('egress', 'http', where.egressPort), plan, extraHosts));
  out.push(originalDstCluster(amazonawsClusterName(meshName)));
  out.push(...egressResources(index, plan, input, sink));
  return out;
}

/**
 * Translates a model and its Cloud Map endpoints into the Envoy v3 resources of one virtual node
 * or virtual gateway, named as App Mesh named them (`lds_ingress_0.0.0.0_15000`,
 * `rds_egress_http_15001`, `cds_egress_<mesh>_<node>_<proto>_<port>`, …; see the package
 * README, "Resources and names"). Pure and deterministic: the same input gives the same
 * resources, in the same order (type URL, then name), with the same bytes. What Envoy cannot be
 * told from the model is an issue (severity error: serve nothing), never a different proxy.
 *
 * @example
 * ```ts
 * import { defineMesh, http, cloudMap, weights } from '@meshplane/core';
 * import { translateNode } from '@meshplane/xds';
 * const model = defineMesh({
 *   name: 'm',
 *   nodes: {
 *     front: { listeners: [http(8080)], discovery: cloudMap('ns', 'front'), backends: ['api.ns'] },
 *     'api-v1': { listeners: [http(8080)], discovery: cloudMap('ns', 'api', { version: 'v1' }) },
 *   },
 *   routers: { api: { listeners: [http(8080)], routes: { all: { http: { match: { prefix: '/' }, action: weights({ 'api-v1': 100 }) } } } } },
 *   services: { 'api.ns': { provider: { router: 'api' } } },
 * });
 * const { resources, issues } = translateNode({ model, endpoints: new Map() }, 'mesh/m/virtualNode/front');
 * console.log(issues.length, resources.map((r) => r.name).includes('rds_egress_http_15001')); // 0 true
 * ```
 */
export function translateNode(
  input: TranslateInput,
  resourceId: string,
  options?: TranslateOptions,
): TranslateResult {
  const sink = new IssueSink();
  const id = parseResourceId(resourceId);
  if (!id) {
    sink.error(
      'XDS_RESOURCE_ID',
      'resourceId',
      `"${resourceId}" is not mesh/<mesh>/virtualNode/<name> or mesh/<mesh>/virtualGateway/<name> (or its ARN)`,
    );
    return { resourceId, resources: [], issues: sink.issues };
  }
  const index = meshIndex(input.model, id.meshName);
  const where = listenerAddress(options);
  let resources: XdsResource[] = [];
  if (id.kind === 'virtualNode') {
    const node = index.nodes.get(id.name);
    if (node) resources = translateVirtualNode(input, index, node, where, sink);
    else
      sink.error(
        'XDS_UNKNOWN_NODE',
        'resourceId',
        `virtual node "${id.name}" is not in mesh "${id.meshName}" (virtual nodes: ${[...index.nodes.keys()].sort().join(', ') || 'none'})`,
      );
  } else {
    const gateway = index.gateways.get(id.name);
    if (gateway) resources = translateGateway(input, index, gateway, where, sink);
    else
      sink.error(
        'XDS_UNKNOWN_GATEWAY',
        'resourceId',
        `virtual gateway "${id.name}" is not in mesh "${id.meshName}" (virtual gateways: ${[...index.gateways.keys()].sort().join(', ') || 'none'})`,
      );
  }
  return { resourceId, resources: sortResources(resources, sink), issues: sink.issues };
}
