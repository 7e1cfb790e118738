import type { MeshModel } from '@meshplane/core';
import {
  listenerPorts,
  nodeBackends,
  ROUTE_PROTOCOL,
  type RouteResource,
  routeBody,
  serviceProvider,
  type VirtualNodeResource,
  weightedTargets,
} from '@meshplane/core';
import { type FidelityGap, type FidelityReport, fidelityReport } from '../fidelity.js';
import { indexMesh, logicalId, type MeshIndex, resourceId, targetName } from '../model-index.js';
import { latticeHealthCheck } from './health-check.js';
import { meshLevelGaps, nodeGaps } from './lattice-gaps.js';
import type { LatticeResource, Ref } from './lattice-resources.js';
import { appMeshRouteOrder, isCatchAll, latticeMatch } from './route-match.js';
import { uncalledServiceGap } from './uncalled-service.js';

/** Options of {@link exportLattice}. */
export interface LatticeExportOptions {
  /**
   * Virtual nodes served by a Lambda function: node name → function ARN. Their target groups are
   * of type LAMBDA; the others are IP target groups (Cloud Map and DNS nodes run as ECS tasks).
   */
  lambdaFunctions?: Readonly<Record<string, string>>;
}

/** What {@link exportLattice} returns: the resources in create order, ECS joins and the report. */
export interface LatticeExport {
  meshName: string;
  resources: LatticeResource[];
  /** Per virtual node on ECS: the service's `vpcLatticeConfigurations` (port name = `<node>-<port>`). */
  ecsJoins: { node: string; targetGroup: string; portName: string }[];
  /** Lambda nodes: the permission vpc-lattice.amazonaws.com needs to invoke them. */
  lambdaPermissions: { node: string; functionArn: string; targetGroup: string }[];
  /** Callers of each Lattice service (the nodes whose backends name it). */
  callers: Record<string, string[]>;
  report: FidelityReport;
}

/** Lattice caps listeners per service at 2 and rules per listener at 5 by default ("Quotas for VPC Lattice"). */
export const LATTICE_LISTENERS_PER_SERVICE = 2;
export const LATTICE_RULES_PER_LISTENER = 5;
/** Forward actions take at most 10 weighted target groups; weights are 0–999. */
export const LATTICE_MAX_TARGET_GROUPS = 10;
export const LATTICE_MAX_WEIGHT = 999;

const LATTICE_PROTOCOL_VERSION: Record<string, string> = { http: 'HTTP1', http2: 'HTTP2', grpc: 'GRPC' };

/**
 * Exports a one-mesh model to VPC Lattice: the mesh becomes a service network, each virtual
 * service a Lattice service (custom domain = the virtual service name, so callers keep their URLs),
 * each router listener a listener, routes rules in App Mesh's order, weighted targets weighted
 * target groups, virtual nodes target groups, and backends auth policies that allow exactly the
 * declared callers to `vpc-lattice-svcs:Invoke`.
 *
 * @example
 * ```ts
 * import { defineMesh, http, weights } from '@meshplane/core';
 * import { exportLattice } from '@meshplane/migrate';
 * const model = defineMesh({
 *   name: 'm',
 *   nodes: { a: { listeners: [http(80)], discovery: { dns: { hostname: 'a.local' } } }, b: { listeners: [http(80)], discovery: { dns: { hostname: 'b.local' } } } },
 *   routers: { r: { listeners: [http(80)], routes: { x: { http: { match: { prefix: '/' }, action: weights({ a: 9, b: 1 }) } } } } },
 *   services: { 's.local': { provider: { router: 'r' } } },
 * });
 * const out = exportLattice(model);
 * console.log(out.resources.map((r) => r.type).join(' '));
 * // printed: ServiceNetwork TargetGroup TargetGroup Service ServiceNetworkServiceAssociation Listener
 * ```
 */
export function exportLattice(model: MeshModel, options: LatticeExportOptions = {}): LatticeExport {
  const index = indexMesh(model);
  const gaps: FidelityGap[] = [...meshLevelGaps(index)];
  const notes: string[] = [];
  const out: LatticeExport = {
    meshName: index.meshName,
    resources: [],
    ecsJoins: [],
    lambdaPermissions: [],
    callers: {},
    report: fidelityReport('lattice', [], []),
  };
  const network = logicalId(index.meshName, 'ServiceNetwork');
  out.resources.push({
    logicalId: network,
    type: 'ServiceNetwork',
    // Access is decided per service by its auth policy; the network itself lets every caller in.
    properties: { name: targetName(index.meshName, 63), authType: 'NONE' },
  });
  const targetGroups = new Map<string, string>();
  for (const node of index.nodes.values()) {
    gaps.push(...nodeGaps(node));
    addTargetGroups(node, options, out, targetGroups, gaps);
  }
  for (const service of index.services.values()) {
    addService(service.name, index, out, targetGroups, gaps, notes, network);
  }
  notes.push(
    'weights: App Mesh weights (0–100) are carried over unchanged; Lattice accepts 0–999 and splits by proportion, so every split is exact',
  );
  out.report = fidelityReport('lattice', gaps, notes);
  return out;
}

function addTargetGroups(
  node: VirtualNodeResource,
  options: LatticeExportOptions,
  out: LatticeExport,
  targetGroups: Map<string, string>,
  gaps: FidelityGap[],
): void {
  const lambda = options.lambdaFunctions?.[node.name];
  const listeners =
    (node.spec as { listeners?: { healthCheck?: Record<string, unknown> }[] }).listeners ?? [];
  for (const listener of listenerPorts(node.spec)) {
    const id = logicalId(node.name, String(listener.port), 'TargetGroup');
    const name = targetName(`${node.meshName}-${node.name}-${listener.port}`, 128);
    targetGroups.set(`${node.name}:${listener.port}`, id);
    if (lambda !== undefined) {
      out.resources.push({
        logicalId: id,
        type: 'TargetGroup',
        properties: { name, type: 'LAMBDA', targets: [{ id: lambda }] },
      });
      out.lambdaPermissions.push({ node: node.name, functionArn: lambda, targetGroup: id });
      break; // a Lambda function is one target, whatever the node's listeners
    }
    const version = LATTICE_PROTOCOL_VERSION[listener.protocol];
    const check = listeners[listener.index]?.healthCheck;
    const healthCheck = check
      ? latticeHealthCheck(check, resourceId(node), `spec.listeners[${listener.index}].healthCheck`, gaps)
      : undefined;
    out.resources.push({
      logicalId: id,
      type: 'TargetGroup',
      properties: {
        name,
        type: 'IP',
        config: {
          port: listener.port,
          protocol: version ? 'HTTP' : 'TCP',
          ...(version ? { protocolVersion: version } : {}),
          vpcIdentifier: { $ref: 'VpcId' },
          ...(healthCheck ? { healthCheck } : {}),
        },
      },
    });
    out.ecsJoins.push({ node: node.name, targetGroup: id, portName: `${node.name}-${listener.port}` });
  }
}

function targetGroupOf(
  node: string,
  port: number | undefined,
  index: MeshIndex,
  targetGroups: Map<string, string>,
): string | undefined {
  const listeners = listenerPorts(index.nodes.get(node)?.spec);
  const chosen = port ?? listeners[0]?.port;
  return (
    targetGroups.get(`${node}:${chosen}`) ?? [...targetGroups].find(([k]) => k.startsWith(`${node}:`))?.[1]
  );
}

function addService(
  serviceName: string,
  index: MeshIndex,
  out: LatticeExport,
  targetGroups: Map<string, string>,
  gaps: FidelityGap[],
  notes: string[],
  network: string,
): void {
  const service = index.services.get(serviceName);
  if (!service) return;
  const id = logicalId(serviceName, 'Service');
  const name = targetName(serviceName, 40);
  if (name !== serviceName)
    notes.push(
      `${serviceName}: Lattice service name ${name} (custom domain ${serviceName} keeps the callers' URLs)`,
    );
  out.resources.push({
    logicalId: id,
    type: 'Service',
    properties: { name, authType: 'AWS_IAM', customDomainName: serviceName },
  });
  out.resources.push({
    logicalId: logicalId(serviceName, 'Association'),
    type: 'ServiceNetworkServiceAssociation',
    properties: { serviceNetworkIdentifier: { $ref: network }, serviceIdentifier: { $ref: id } },
  });
  const provider = serviceProvider(service.spec);
  if (provider?.kind === 'virtualNode') {
    const node = index.nodes.get(provider.name);
    for (const l of listenerPorts(node?.spec).slice(0, LATTICE_LISTENERS_PER_SERVICE)) {
      const tg = targetGroups.get(`${provider.name}:${l.port}`);
      if (!tg) continue;
      addListener(out, serviceName, id, l.port, l.protocol, {
        forward: { targetGroups: [{ targetGroupIdentifier: { $ref: tg }, weight: 100 }] },
      });
    }
  } else if (provider?.kind === 'virtualRouter') {
    addRouterListeners(serviceName, id, provider.name, index, out, targetGroups, gaps);
  }
  const callers = [...index.nodes.values()]
    .filter((n) => nodeBackends(n.spec).some((b) => b.virtualServiceName === serviceName))
    .map((n) => n.name);
  out.callers[serviceName] = callers;
  const uncalled = uncalledServiceGap(service, index, callers);
  if (uncalled) gaps.push(uncalled);
  if (callers.length > 0) {
    out.resources.push({
      logicalId: logicalId(serviceName, 'AuthPolicy'),
      type: 'AuthPolicy',
      properties: { resourceIdentifier: { $ref: id }, policy: { $callers: callers } },
    });
  }
}

function addListener(
  out: LatticeExport,
  serviceName: string,
  serviceId: string,
  port: number,
  protocol: string,
  defaultAction: Record<string, unknown>,
): string {
  const id = logicalId(serviceName, String(port), 'Listener');
  out.resources.push({
    logicalId: id,
    type: 'Listener',
    properties: {
      serviceIdentifier: { $ref: serviceId },
      // Lattice refuses listener names starting with `listener-` (cfn-lint E3031, the resource schema).
      name: `port-${port}`,
      // Lattice listeners are HTTP, HTTPS or TLS_PASSTHROUGH; gRPC and HTTP/2 ride on HTTP(S).
      protocol: protocol === 'tcp' ? 'TLS_PASSTHROUGH' : 'HTTP',
      port,
      defaultAction,
    },
  });
  return id;
}

function forwardAction(
  route: RouteResource,
  index: MeshIndex,
  targetGroups: Map<string, string>,
  gaps: FidelityGap[],
): Record<string, unknown> {
  const targets = weightedTargets(route.spec);
  const groups: { targetGroupIdentifier: Ref; weight: number }[] = [];
  for (const t of targets) {
    const tg = targetGroupOf(t.virtualNode, t.port, index, targetGroups);
    if (!tg) continue;
    if (groups.length >= LATTICE_MAX_TARGET_GROUPS) {
      gaps.push({
        resource: resourceId(route),
        path: `spec.${routeBody(route.spec)?.type}.action.weightedTargets[${t.index}]`,
        feature: `more than ${LATTICE_MAX_TARGET_GROUPS} weighted targets`,
        consequence: 'the target receives no traffic through Lattice',
        workaround: 'merge targets, or split the route into several rules',
      });
      continue;
    }
    groups.push({ targetGroupIdentifier: { $ref: tg }, weight: t.weight });
  }
  return { forward: { targetGroups: groups } };
}

function addRouterListeners(
  serviceName: string,
  serviceId: string,
  routerName: string,
  index: MeshIndex,
  out: LatticeExport,
  targetGroups: Map<string, string>,
  gaps: FidelityGap[],
): void {
  const router = index.routers.get(routerName);
  if (!router) return;
  const ports = listenerPorts(router.spec);
  for (const l of ports.slice(LATTICE_LISTENERS_PER_SERVICE)) {
    gaps.push({
      resource: resourceId(router),
      path: `spec.listeners[${l.index}]`,
      feature: `more than ${LATTICE_LISTENERS_PER_SERVICE} listeners`,
      consequence: `port ${l.port} is not served by the Lattice service`,
      workaround: 'split the router into several virtual services (one Lattice service each)',
    });
  }
  for (const l of ports.slice(0, LATTICE_LISTENERS_PER_SERVICE)) {
    const routes = appMeshRouteOrder(
      (index.routes.get(routerName) ?? []).filter((r) => {
        const type = routeBody(r.spec)?.type;
        const port = (routeBody(r.spec)?.body.match as { port?: number } | undefined)?.port;
        return (
          type !== undefined && ROUTE_PROTOCOL[type] === l.protocol && (port === undefined || port === l.port)
        );
      }),
    );
    addRules(serviceName, serviceId, l.port, l.protocol, routes, index, out, targetGroups, gaps);
  }
}

function addRules(
  serviceName: string,
  serviceId: string,
  port: number,
  protocol: string,
  routes: RouteResource[],
  index: MeshIndex,
  out: LatticeExport,
  targetGroups: Map<string, string>,
  gaps: FidelityGap[],
): void {
  const converted = routes.map((route) => ({ route, match: latticeMatch(route, gaps) }));
  if (protocol === 'tcp') {
    for (const { route } of converted.slice(1)) {
      gaps.push({
        resource: resourceId(route),
        path: 'spec.tcpRoute',
        feature: 'second TCP route',
        consequence: 'only the first TCP route is served',
        workaround: 'one TCP route per listener',
      });
    }
  }
  // The last catch-all route (no condition) becomes the listener's default action; without one,
  // App Mesh answers 404 to unmatched requests, and so does the default action.
  const catchAll = protocol === 'tcp' ? 0 : converted.findIndex((c) => isCatchAll(c.match));
  const fallback = converted[catchAll];
  const listener = addListener(
    out,
    serviceName,
    serviceId,
    port,
    protocol,
    fallback
      ? forwardAction(fallback.route, index, targetGroups, gaps)
      : { fixedResponse: { statusCode: 404 } },
  );
  const rules = catchAll === -1 ? converted : converted.slice(0, catchAll);
  converted.slice(catchAll + 1).forEach(({ route }) => {
    if (catchAll !== -1 && protocol !== 'tcp')
      gaps.push({
        resource: resourceId(route),
        path: 'spec',
        feature: 'route after a catch-all route',
        consequence: 'App Mesh never reaches it either: not exported',
        workaround: 'give it a lower priority number than the catch-all',
      });
  });
  rules.forEach(({ route, match }, i) => {
    if (i >= LATTICE_RULES_PER_LISTENER) {
      gaps.push({
        resource: resourceId(route),
        path: 'spec',
        feature: `more than ${LATTICE_RULES_PER_LISTENER} routes per listener`,
        consequence: `rule ${i + 1} exceeds Lattice's default quota of ${LATTICE_RULES_PER_LISTENER} rules per listener: the create fails until the quota is raised`,
        workaround: 'ask for a higher "Rules per listener" quota (adjustable) or merge routes',
      });
    }
    out.resources.push({
      logicalId: logicalId(serviceName, String(port), route.name, 'Rule'),
      type: 'Rule',
      properties: {
        serviceIdentifier: { $ref: serviceId },
        listenerIdentifier: { $ref: listener },
        name: targetName(route.name, 63),
        // Lattice evaluates rules from priority 1 upwards, as App Mesh evaluates routes in order.
        priority: i + 1,
        match: { httpMatch: match },
        action: forwardAction(route, index, targetGroups, gaps),
      },
    });
  });
}
