import { MESH_QUOTAS } from '../model/kinds.js';
import {
  GATEWAY_ROUTE_TYPES,
  nodeBackends,
  ROUTE_PROTOCOL,
  ROUTE_TYPES,
  type RouteType,
  routeBody,
  routeTypesSet,
  serviceProvider,
} from '../model/spec-accessors.js';
import { showValue } from '../options/show-value.js';
import {
  describeListeners,
  type Entry,
  type IssueSink,
  int,
  type ListenerInfo,
  list,
  type MeshIndex,
  type Rec,
  rec,
  str,
} from './context.js';
import { checkListeners, checkRouteAgainstListeners, checkTargetListener } from './listener-rules.js';

/** Options of the cross-resource rules. */
export interface MeshRuleOptions {
  strict: boolean;
}

/** Runs every cross-resource rule on every mesh of the model. */
export function checkMeshes(meshes: Map<string, MeshIndex>, sink: IssueSink, options: MeshRuleOptions): void {
  const declared: string[] = [];
  for (const [name, mesh] of meshes) if (mesh.mesh !== undefined) declared.push(name);
  if (declared.length > MESH_QUOTAS.meshes) {
    sink.add(
      undefined,
      'QUOTA_MESHES',
      'mesh',
      `an account holds at most ${MESH_QUOTAS.meshes} meshes per region (App Mesh quota), the model declares ${declared.length}`,
    );
  }
  for (const [meshName, mesh] of meshes) {
    if (declared.length > 0 && mesh.mesh === undefined) reportUnknownMesh(meshName, mesh, declared, sink);
    checkMesh(meshName, mesh, sink, options);
  }
}

function reportUnknownMesh(meshName: string, mesh: MeshIndex, declared: string[], sink: IssueSink): void {
  const all = [
    ...mesh.nodes.values(),
    ...mesh.routers.values(),
    ...mesh.gateways.values(),
    ...mesh.services.values(),
    ...mesh.routes,
    ...mesh.gatewayRoutes,
  ];
  for (const entry of all) {
    sink.add(
      entry,
      'UNKNOWN_MESH',
      `${entry.path}.meshName`,
      `mesh "${meshName}" is not declared in the model (declared: ${declared.join(', ')})`,
    );
  }
}

function quota(
  count: number,
  max: number,
  sink: IssueSink,
  code: Parameters<IssueSink['add']>[1],
  path: string,
  what: string,
  meshName: string,
): void {
  if (count > max) {
    sink.add(
      undefined,
      code,
      path,
      `a mesh holds at most ${max} ${what} (App Mesh quota), mesh "${meshName}" has ${count}`,
    );
  }
}

function checkMesh(meshName: string, mesh: MeshIndex, sink: IssueSink, options: MeshRuleOptions): void {
  quota(
    mesh.nodes.size,
    MESH_QUOTAS.virtualNodesPerMesh,
    sink,
    'QUOTA_VIRTUAL_NODES',
    'nodes',
    'virtual nodes',
    meshName,
  );
  quota(
    mesh.routers.size,
    MESH_QUOTAS.virtualRoutersPerMesh,
    sink,
    'QUOTA_VIRTUAL_ROUTERS',
    'routers',
    'virtual routers',
    meshName,
  );
  quota(
    mesh.services.size,
    MESH_QUOTAS.virtualServicesPerMesh,
    sink,
    'QUOTA_VIRTUAL_SERVICES',
    'services',
    'virtual services',
    meshName,
  );

  const listeners = new Map<Entry, ListenerInfo[]>();
  for (const entry of mesh.nodes.values()) listeners.set(entry, checkListeners(entry, sink));
  for (const entry of mesh.routers.values()) listeners.set(entry, checkListeners(entry, sink));
  for (const entry of mesh.gateways.values()) listeners.set(entry, checkListeners(entry, sink));

  const egress =
    mesh.mesh === undefined ? undefined : (str(rec(mesh.mesh.spec?.egressFilter)?.type) ?? 'DROP_ALL');
  for (const node of mesh.nodes.values())
    checkNode(node, mesh, listeners.get(node) ?? [], egress, sink, options);
  for (const service of mesh.services.values()) checkService(service, mesh, sink);
  checkRoutes(mesh, listeners, sink);
  checkGatewayRoutes(mesh, listeners, sink);
}

function checkNode(
  node: Entry,
  mesh: MeshIndex,
  listeners: readonly ListenerInfo[],
  egress: string | undefined,
  sink: IssueSink,
  options: MeshRuleOptions,
): void {
  const spec = node.spec;
  if (spec === undefined) return;
  if (
    list(spec.listeners).length > 0 &&
    (spec.serviceDiscovery === undefined || spec.serviceDiscovery === null)
  ) {
    sink.add(
      node,
      'MISSING_SERVICE_DISCOVERY',
      `${node.path}.spec.serviceDiscovery`,
      // Listeners with a malformed port mapping have their own shape issues; do not call them "none".
      `a virtual node with a listener${listeners.length > 0 ? ` (${describeListeners(listeners)})` : ''} must have service discovery (dns or awsCloudMap)`,
    );
  }
  const backends = list(spec.backends);
  if (backends.length > MESH_QUOTAS.backendsPerNode) {
    sink.add(
      node,
      'QUOTA_BACKENDS',
      `${node.path}.spec.backends`,
      `a virtual node has at most ${MESH_QUOTAS.backendsPerNode} backends (App Mesh quota), got ${backends.length}`,
    );
  }
  const strictEgress = options.strict && egress === 'DROP_ALL';
  const seen = new Map<string, number>();
  for (const { virtualServiceName: name, index: i } of nodeBackends(spec)) {
    const path = `${node.path}.spec.backends[${i}].virtualService.virtualServiceName`;
    const first = seen.get(name);
    if (first !== undefined) {
      sink.add(
        node,
        'DUPLICATE_BACKEND',
        path,
        `backend "${name}" is already listed at backends[${first}]; a node lists each backend once`,
      );
      continue;
    }
    seen.set(name, i);
    if (mesh.services.has(name)) continue;
    if (strictEgress) {
      sink.add(
        node,
        'UNDECLARED_BACKEND',
        path,
        `backend "${name}" is not a virtual service of mesh "${node.meshName}", and the mesh egress filter DROP_ALL blocks traffic to anything outside the mesh`,
      );
    } else {
      sink.add(
        node,
        'UNDECLARED_BACKEND',
        path,
        `backend "${name}" is not a virtual service declared in mesh "${node.meshName}"; App Mesh accepts it, but calls to it fail until it exists`,
        'warning',
      );
    }
  }
}

function checkService(service: Entry, mesh: MeshIndex, sink: IssueSink): void {
  const provider = serviceProvider(service.spec);
  if (provider === undefined) return;
  const [declared, member, noun] =
    provider.kind === 'virtualNode'
      ? [mesh.nodes, 'virtualNodeName', 'virtual node']
      : [mesh.routers, 'virtualRouterName', 'virtual router'];
  if (declared.has(provider.name)) return;
  sink.add(
    service,
    'UNKNOWN_PROVIDER',
    `${service.path}.spec.provider.${provider.kind}.${member}`,
    `provider "${provider.name}" is not a ${noun} of mesh "${service.meshName}"${known(declared)}`,
  );
}

/** ` (declared: a, b, c)` for messages: the names the user probably meant. */
function known(names: Map<string, Entry>): string {
  if (names.size === 0) return ' (none declared)';
  const first = [...names.keys()].slice(0, 5);
  return ` (declared: ${first.join(', ')}${names.size > 5 ? ', …' : ''})`;
}

/**
 * Finds the one route body (`httpRoute`, …) with the kernel's accessors; reports a spec that sets
 * none or several (App Mesh: exactly one).
 */
function findRouteBody(
  entry: Entry,
  types: readonly RouteType[],
  label: string,
  sink: IssueSink,
): { key: RouteType; protocol: string; body: Rec } | undefined {
  if (entry.spec === undefined) return undefined;
  const present = routeTypesSet(entry.spec, types);
  if (present.length !== 1) {
    const names = types.join(', ');
    const got = present.length === 0 ? 'none' : present.join(' and ');
    sink.add(
      entry,
      'ROUTE_TYPE',
      `${entry.path}.spec`,
      `a ${label} must set exactly one of ${names}, got ${got}`,
    );
    return undefined;
  }
  const found = routeBody(entry.spec, types);
  return found === undefined
    ? undefined
    : { key: found.type, protocol: ROUTE_PROTOCOL[found.type], body: found.body };
}

// App Mesh HttpRouteMatch.prefix / HttpGatewayRouteMatch.prefix: "This parameter must always
// start with /".
function checkHttpMatch(entry: Entry, bodyPath: string, body: Rec, sink: IssueSink): void {
  const match = rec(body.match);
  if (match === undefined) return;
  const prefix = match.prefix;
  const hasPrefix = prefix !== undefined && prefix !== null;
  const hasPath = match.path !== undefined && match.path !== null;
  // Every HttpRouteMatch member is optional in the App Mesh model: a match on port, headers,
  // method or query parameters alone is valid (issue 13 item 13), so neither is required.
  if (hasPrefix && hasPath) {
    sink.add(entry, 'ROUTE_MATCH', `${bodyPath}.match`, 'an http match sets prefix or path, not both');
  }
  if (typeof prefix === 'string' && !prefix.startsWith('/')) {
    sink.add(
      entry,
      'ROUTE_MATCH',
      `${bodyPath}.match.prefix`,
      `match.prefix must start with /, got ${showValue(prefix)}`,
    );
  }
}

function checkPriorities(
  entry: Entry,
  seen: Map<string, Map<number, string>>,
  sink: IssueSink,
  label: string,
  parentLabel: string,
): void {
  const priority = int(entry.spec?.priority);
  if (priority === undefined) return;
  const parent = entry.parentName ?? '';
  let priorities = seen.get(parent);
  if (priorities === undefined) {
    priorities = new Map();
    seen.set(parent, priorities);
  }
  const other = priorities.get(priority);
  if (other !== undefined) {
    // The model gives priority a 0-1000 range and no uniqueness rule, and AWS's walkthroughs give
    // two routes the same priority: a warning. App Mesh does not document which of two equal
    // priorities matches first; meshplane's router tries them in route-name order
    // (router/route-order.ts, `compareRoutes`).
    sink.add(
      entry,
      'DUPLICATE_PRIORITY',
      `${entry.path}.spec.priority`,
      `priority ${priority} is also used by ${label} "${other}" of ${parentLabel} "${parent}": App Mesh accepts it but does not say which matches first (meshplane's router tries equal priorities in name order); give them distinct priorities`,
      'warning',
    );
  } else {
    priorities.set(priority, entry.name);
  }
}

function checkRoutes(mesh: MeshIndex, listeners: Map<Entry, ListenerInfo[]>, sink: IssueSink): void {
  const perRouter = new Map<string, number>();
  const priorities = new Map<string, Map<number, string>>();
  for (const route of mesh.routes) {
    const routerName = route.parentName ?? '';
    const count = (perRouter.get(routerName) ?? 0) + 1;
    perRouter.set(routerName, count);
    if (count === MESH_QUOTAS.routesPerRouter + 1) {
      const total = mesh.routes.filter((r) => r.parentName === routerName).length;
      sink.add(
        route,
        'QUOTA_ROUTES',
        `routers.${routerName}.routes`,
        `a virtual router has at most ${MESH_QUOTAS.routesPerRouter} routes (App Mesh quota), "${routerName}" has ${total}`,
      );
    }
    const router = mesh.routers.get(routerName);
    if (router === undefined) {
      sink.add(
        route,
        'UNKNOWN_ROUTER',
        `${route.path}.virtualRouterName`,
        `virtual router "${routerName}" is not declared in mesh "${route.meshName}"${known(mesh.routers)}`,
      );
    }
    checkPriorities(route, priorities, sink, 'route', 'virtual router');
    const found = findRouteBody(route, ROUTE_TYPES, 'route', sink);
    if (found === undefined) continue;
    const bodyPath = `${route.path}.spec.${found.key}`;
    if (router !== undefined) {
      checkRouteAgainstListeners(
        bodyPath,
        found.body,
        found.protocol,
        `virtual router "${routerName}"`,
        listeners.get(router) ?? [],
        sink.reporter(route),
      );
    }
    if (found.protocol === 'http' || found.protocol === 'http2')
      checkHttpMatch(route, bodyPath, found.body, sink);
    if (found.protocol === 'grpc') checkGrpcMatch(route, bodyPath, found.body, sink);
    checkRetryEvents(route, bodyPath, found.body, found.protocol, sink);
    checkWeightedTargets(route, bodyPath, found.body, found.protocol, mesh, listeners, sink);
  }
}

// App Mesh GrpcRouteMatch: "If you specify a [method] name, you must also specify a serviceName."
function checkGrpcMatch(route: Entry, bodyPath: string, body: Rec, sink: IssueSink): void {
  const match = rec(body.match);
  if (match === undefined) return;
  const method = match.methodName;
  const service = match.serviceName;
  if (method !== undefined && method !== null && (service === undefined || service === null)) {
    sink.add(
      route,
      'ROUTE_MATCH',
      `${bodyPath}.match.serviceName`,
      `a grpc match on methodName ${showValue(method)} must also set serviceName`,
    );
  }
}

const RETRY_EVENT_LISTS: Readonly<Record<string, readonly string[]>> = {
  http: ['httpRetryEvents', 'tcpRetryEvents'],
  http2: ['httpRetryEvents', 'tcpRetryEvents'],
  grpc: ['grpcRetryEvents', 'httpRetryEvents', 'tcpRetryEvents'],
};

// App Mesh: "Specify at least one value for at least one of the types of RetryEvents". An empty
// list is the model's own SHAPE_LENGTH issue, so only a policy without any list is reported here.
function checkRetryEvents(
  route: Entry,
  bodyPath: string,
  body: Rec,
  protocol: string,
  sink: IssueSink,
): void {
  const policy = rec(body.retryPolicy);
  const lists = RETRY_EVENT_LISTS[protocol];
  if (policy === undefined || lists === undefined) return;
  if (lists.some((key) => policy[key] !== undefined && policy[key] !== null)) return;
  sink.add(
    route,
    'RETRY_EVENTS',
    `${bodyPath}.retryPolicy`,
    `a retry policy must list at least one retry event in ${lists.join(' or ')}, got none`,
  );
}

function checkWeightedTargets(
  route: Entry,
  bodyPath: string,
  body: Rec,
  protocol: string,
  mesh: MeshIndex,
  listeners: Map<Entry, ListenerInfo[]>,
  sink: IssueSink,
): void {
  const targets = list(rec(body.action)?.weightedTargets);
  let total = 0;
  let summable = true;
  const seen = new Map<string, number>();
  for (let i = 0; i < targets.length; i++) {
    const target = rec(targets[i]);
    const at = `${bodyPath}.action.weightedTargets[${i}]`;
    if (target === undefined) {
      summable = false;
      continue;
    }
    // The model gives `weight` a default of 0.
    if (typeof target.weight === 'number') total += target.weight;
    else if (target.weight !== undefined && target.weight !== null) summable = false;
    const nodeName = str(target.virtualNode);
    if (nodeName === undefined) continue;
    const port = int(target.port);
    const key = `${nodeName}\u0000${port ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      sink.add(
        route,
        'DUPLICATE_TARGET',
        at,
        `virtual node "${nodeName}"${port === undefined ? '' : ` port ${port}`} is already a target at weightedTargets[${first}]; a route names each target once`,
      );
    } else {
      seen.set(key, i);
    }
    const node = mesh.nodes.get(nodeName);
    if (node === undefined) {
      sink.add(
        route,
        'UNKNOWN_TARGET',
        `${at}.virtualNode`,
        `weighted target "${nodeName}" is not a virtual node of mesh "${route.meshName}"${known(mesh.nodes)}`,
      );
      continue;
    }
    const nodeListeners = listeners.get(node) ?? [];
    checkTargetListener(at, protocol, nodeName, port, target.port, nodeListeners, sink.reporter(route));
  }
  if (targets.length > 0 && summable && (total < 1 || total > MESH_QUOTAS.maxTotalWeight)) {
    sink.add(
      route,
      'WEIGHT_TOTAL',
      `${bodyPath}.action.weightedTargets`,
      `the weights of a route must add up to 1-${MESH_QUOTAS.maxTotalWeight}, got ${total}`,
    );
  }
}

function checkGatewayRoutes(mesh: MeshIndex, listeners: Map<Entry, ListenerInfo[]>, sink: IssueSink): void {
  const priorities = new Map<string, Map<number, string>>();
  for (const route of mesh.gatewayRoutes) {
    const gatewayName = route.parentName ?? '';
    const gateway = mesh.gateways.get(gatewayName);
    if (gateway === undefined) {
      sink.add(
        route,
        'UNKNOWN_GATEWAY',
        `${route.path}.virtualGatewayName`,
        `virtual gateway "${gatewayName}" is not declared in mesh "${route.meshName}"${known(mesh.gateways)}`,
      );
    }
    checkPriorities(route, priorities, sink, 'gateway route', 'virtual gateway');
    const found = findRouteBody(route, GATEWAY_ROUTE_TYPES, 'gateway route', sink);
    if (found === undefined) continue;
    const bodyPath = `${route.path}.spec.${found.key}`;
    if (gateway !== undefined) {
      checkRouteAgainstListeners(
        bodyPath,
        found.body,
        found.protocol,
        `virtual gateway "${gatewayName}"`,
        listeners.get(gateway) ?? [],
        sink.reporter(route),
      );
    }
    if (found.protocol !== 'grpc') checkHttpMatch(route, bodyPath, found.body, sink);
    checkGatewayTarget(route, bodyPath, found.body, mesh, listeners, sink);
  }
}

function checkGatewayTarget(
  route: Entry,
  bodyPath: string,
  body: Rec,
  mesh: MeshIndex,
  listeners: Map<Entry, ListenerInfo[]>,
  sink: IssueSink,
): void {
  const target = rec(rec(body.action)?.target);
  const serviceName = str(rec(target?.virtualService)?.virtualServiceName);
  if (target === undefined || serviceName === undefined) return;
  const at = `${bodyPath}.action.target`;
  const service = mesh.services.get(serviceName);
  if (service === undefined) {
    sink.add(
      route,
      'UNKNOWN_GATEWAY_TARGET',
      `${at}.virtualService.virtualServiceName`,
      `target "${serviceName}" is not a virtual service of mesh "${route.meshName}"${known(mesh.services)}`,
    );
    return;
  }
  const provider = rec(service.spec?.provider);
  const nodeName = str(rec(provider?.virtualNode)?.virtualNodeName);
  const routerName = str(rec(provider?.virtualRouter)?.virtualRouterName);
  const providerEntry =
    nodeName !== undefined
      ? mesh.nodes.get(nodeName)
      : routerName !== undefined
        ? mesh.routers.get(routerName)
        : undefined;
  if (providerEntry === undefined) return; // no provider, or an unknown one reported on the service
  const providerListeners = listeners.get(providerEntry) ?? [];
  const providerLabel = `${providerEntry.kind === 'virtualNode' ? 'virtual node' : 'virtual router'} "${providerEntry.name}"`;
  const port = int(target.port);
  if (port !== undefined) {
    if (!providerListeners.some((l) => l.port === port)) {
      sink.add(
        route,
        'TARGET_PORT',
        `${at}.port`,
        `port ${port} is not a listener port of ${providerLabel}, the provider of "${serviceName}" (listeners: ${describeListeners(providerListeners)})`,
      );
    }
  } else if ((target.port === undefined || target.port === null) && providerListeners.length > 1) {
    sink.add(
      route,
      'TARGET_PORT_REQUIRED',
      `${at}.port`,
      `${providerLabel}, the provider of "${serviceName}", has several listeners (${describeListeners(providerListeners)}), so the target must set port`,
    );
  }
}
