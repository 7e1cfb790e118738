import {
  listenerPorts,
  type MeshModel,
  routeBody,
  serviceProvider,
  type VirtualNodeResource,
  weightedTargets,
} from '@meshplane/core';
import { type FidelityGap, type FidelityReport, fidelityReport } from '../fidelity.js';
import { indexMesh, type MeshIndex, resourceId } from '../model-index.js';
import { appMeshCloudMapServices } from './discovery-names.js';
import {
  serviceConnectMeshGaps,
  serviceConnectNodeGaps,
  serviceConnectRouteGaps,
} from './service-connect-gaps.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** One Service Connect service of a node (ECS ServiceConnectService, API camelCase). */
export interface ServiceConnectService {
  portName: string;
  discoveryName: string;
  clientAliases: { port: number; dnsName: string }[];
  timeout?: { idleTimeoutSeconds?: number; perRequestTimeoutSeconds?: number };
  /** Set when the node's listener has TLS: the Private CA issues Service Connect's certificates. */
  tls?: boolean;
}

/** A virtual node's Service Connect form. */
export interface ServiceConnectNode {
  node: string;
  namespace: string;
  services: ServiceConnectService[];
  /** The task definition's named port mappings (`portMappings[].name` = `portName`). */
  portMappings: {
    name: string;
    containerPort: number;
    protocol: 'tcp';
    appProtocol?: 'http' | 'http2' | 'grpc';
  }[];
}

/** What {@link exportServiceConnect} returns. */
export interface ServiceConnectExport {
  meshName: string;
  nodes: ServiceConnectNode[];
  report: FidelityReport;
}

const APP_PROTOCOL: Record<string, 'http' | 'http2' | 'grpc'> = {
  http: 'http',
  http2: 'http2',
  grpc: 'grpc',
};

/**
 * Exports a one-mesh model to ECS Service Connect: per virtual node a `serviceConnectConfiguration`
 * in the mesh's Cloud Map namespace (portName/discoveryName/clientAliases, timeouts, TLS) and the
 * named port mappings of its task definition. A virtual service's name becomes the client alias
 * of the node that serves it; a router's weighted split cannot be expressed (one alias, one ECS
 * service), so the heaviest target gets the alias and the report says so.
 *
 * @example
 * ```ts
 * import { cloudMap, defineMesh, http } from '@meshplane/core';
 * import { exportServiceConnect } from '@meshplane/migrate';
 * const model = defineMesh({
 *   name: 'm',
 *   nodes: { a: { listeners: [http(80)], discovery: cloudMap('ns', 'a') } },
 *   services: { 'a.ns': { provider: { node: 'a' } } },
 * });
 * console.log(exportServiceConnect(model).nodes[0]?.services[0]?.clientAliases); // [{ port: 80, dnsName: 'a.ns' }]
 * ```
 */
export function exportServiceConnect(model: MeshModel): ServiceConnectExport {
  const index = indexMesh(model);
  const gaps: FidelityGap[] = [...serviceConnectMeshGaps(index)];
  const notes: string[] = [];
  const namespace = meshNamespace(index, gaps, notes);
  const aliases = aliasHolders(index, gaps);
  const nodes: ServiceConnectNode[] = [];
  const taken = appMeshCloudMapServices(index, namespace);
  for (const node of index.nodes.values()) {
    gaps.push(...serviceConnectNodeGaps(node));
    const form = nodeForm(node, namespace, aliases.get(node.name) ?? [], gaps, taken);
    const first = form.services[0];
    if (first && first.discoveryName !== node.name)
      notes.push(
        `${node.name}: discovery name ${first.discoveryName}: App Mesh's Cloud Map service ${node.name} stays in ${namespace} while both run side by side, and ECS creates a new Cloud Map service per discovery name`,
      );
    nodes.push(form);
  }
  return { meshName: index.meshName, nodes, report: fidelityReport('service-connect', gaps, notes) };
}

/** The Cloud Map namespace of the mesh: the one its nodes use (DNS nodes: their hostname's domain). */
function meshNamespace(index: MeshIndex, gaps: FidelityGap[], notes: string[]): string {
  const found = new Map<string, string[]>();
  for (const node of index.nodes.values()) {
    const sd = rec(rec(node.spec)?.serviceDiscovery);
    const cloudMap = rec(sd?.awsCloudMap)?.namespaceName;
    const hostname = rec(sd?.dns)?.hostname;
    const ns =
      typeof cloudMap === 'string'
        ? cloudMap
        : typeof hostname === 'string'
          ? hostname.split('.').slice(1).join('.')
          : undefined;
    if (ns) found.set(ns, [...(found.get(ns) ?? []), node.name]);
  }
  const ranked = [...found].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const chosen = ranked[0]?.[0] ?? index.meshName;
  for (const [ns, names] of ranked.slice(1)) {
    for (const name of names) {
      const node = index.nodes.get(name);
      if (node)
        gaps.push({
          resource: resourceId(node),
          path: 'spec.serviceDiscovery',
          feature: `second namespace ${ns}`,
          consequence: `the node joins the mesh's namespace ${chosen} instead`,
          workaround:
            'Service Connect services talk within one namespace per cluster default; move the node or export it separately',
        });
    }
  }
  if (ranked.length === 0) notes.push(`no node names a namespace: the namespace is the mesh name ${chosen}`);
  return chosen;
}

/** Which node holds each virtual service's name as a client alias, with the port. */
function aliasHolders(
  index: MeshIndex,
  gaps: FidelityGap[],
): Map<string, { port: number; dnsName: string }[]> {
  const holders = new Map<string, { port: number; dnsName: string }[]>();
  const give = (node: string, port: number | undefined, dnsName: string) => {
    const p = port ?? listenerPorts(index.nodes.get(node)?.spec)[0]?.port;
    if (p !== undefined) holders.set(node, [...(holders.get(node) ?? []), { port: p, dnsName }]);
  };
  for (const service of index.services.values()) {
    const provider = serviceProvider(service.spec);
    if (provider?.kind === 'virtualNode') give(provider.name, undefined, service.name);
    if (provider?.kind !== 'virtualRouter') continue;
    const routes = index.routes.get(provider.name) ?? [];
    const isCatchAll = (r: (typeof routes)[number]) => {
      const m = rec(routeBody(r.spec)?.body.match) ?? {};
      return (
        Object.keys(m).length === 0 ||
        (m.prefix === '/' && Object.keys(m).length === 1) ||
        routeBody(r.spec)?.type === 'tcpRoute'
      );
    };
    const main = routes.find(isCatchAll) ?? routes[0];
    // The alias takes every request: a route that matched only some of them loses its condition.
    for (const r of routes) gaps.push(...serviceConnectRouteGaps(r, r === main && isCatchAll(r)));
    if (!main) continue;
    const targets = weightedTargets(main.spec);
    const heaviest = [...targets].sort((a, b) => b.weight - a.weight)[0];
    if (!heaviest) continue;
    const routerPort = listenerPorts(index.routers.get(provider.name)?.spec)[0]?.port;
    const nodePort = heaviest.port ?? listenerPorts(index.nodes.get(heaviest.virtualNode)?.spec)[0]?.port;
    give(heaviest.virtualNode, nodePort, service.name);
    if (routerPort !== undefined && nodePort !== undefined && routerPort !== nodePort) {
      // Callers keep the router's port: the alias listens there and forwards to the node's port.
      const list = holders.get(heaviest.virtualNode) ?? [];
      const last = list[list.length - 1];
      if (last) last.port = routerPort;
    }
    if (targets.length > 1)
      gaps.push({
        resource: resourceId(main),
        path: `spec.${routeBody(main.spec)?.type}.action.weightedTargets`,
        feature: 'weighted routing',
        consequence: `all traffic for ${service.name} goes to ${heaviest.virtualNode} (weight ${heaviest.weight} of ${targets.reduce((s, t) => s + t.weight, 0)}); the other targets get no alias`,
        workaround:
          'run the versions as one ECS service and shift with an ECS canary or linear deployment (meshplane migrate plan), or migrate to VPC Lattice (weighted target groups)',
      });
  }
  return holders;
}

function nodeForm(
  node: VirtualNodeResource,
  namespace: string,
  aliases: { port: number; dnsName: string }[],
  gaps: FidelityGap[],
  taken: ReadonlySet<string>,
): ServiceConnectNode {
  const form: ServiceConnectNode = { node: node.name, namespace, services: [], portMappings: [] };
  const listeners = Array.isArray(rec(node.spec)?.listeners) ? (rec(node.spec)?.listeners as unknown[]) : [];
  for (const l of listenerPorts(node.spec)) {
    const portName = `${node.name}-${l.port}`;
    const appProtocol = APP_PROTOCOL[l.protocol];
    form.portMappings.push({
      name: portName,
      containerPort: l.port,
      protocol: 'tcp',
      ...(appProtocol ? { appProtocol } : {}),
    });
    const listener = rec(listeners[l.index]) ?? {};
    const service: ServiceConnectService = {
      portName,
      // Discovery names are unique in a namespace: the node's name, with the port for extra
      // listeners or when App Mesh's Cloud Map service already has the node's name.
      discoveryName: form.services.length === 0 && !taken.has(node.name) ? node.name : portName,
      clientAliases: form.services.length === 0 ? aliases : [],
    };
    const timeout = listenerTimeout(listener, l.protocol, node, l.index, gaps);
    if (timeout) service.timeout = timeout;
    if (listener.tls !== undefined) service.tls = true;
    form.services.push(service);
  }
  return form;
}

/** App Mesh listener timeouts (Duration, s or ms) → Service Connect's whole seconds. */
function listenerTimeout(
  listener: Rec,
  protocol: string,
  node: VirtualNodeResource,
  index: number,
  gaps: FidelityGap[],
): ServiceConnectService['timeout'] | undefined {
  const t = rec(rec(listener.timeout)?.[protocol]);
  if (!t) return undefined;
  const out: NonNullable<ServiceConnectService['timeout']> = {};
  const seconds = (d: unknown, member: string) => {
    const dur = rec(d);
    if (typeof dur?.value !== 'number') return undefined;
    const exact = dur.unit === 'ms' ? dur.value / 1000 : dur.value;
    if (!Number.isInteger(exact))
      gaps.push({
        resource: resourceId(node),
        path: `spec.listeners[${index}].timeout.${protocol}.${member}`,
        feature: 'sub-second timeout',
        consequence: `rounded up to ${Math.ceil(exact)} s (Service Connect timeouts are whole seconds)`,
        workaround: 'meshFetch keeps millisecond timeouts in the callers',
      });
    return Math.ceil(exact);
  };
  const idle = seconds(t.idle, 'idle');
  const perRequest = seconds(t.perRequest, 'perRequest');
  if (idle !== undefined) out.idleTimeoutSeconds = idle;
  if (perRequest !== undefined) out.perRequestTimeoutSeconds = perRequest;
  return Object.keys(out).length > 0 ? out : undefined;
}
