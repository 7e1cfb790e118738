import type {
  Backend,
  GatewayRouteSpec,
  MeshSpec,
  RouteSpec,
  TagRef,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterListener,
  VirtualRouterSpec,
  VirtualServiceSpec,
  WeightedTarget,
} from '@aws-sdk/client-app-mesh';
import type { MeshModel, MeshplaneResource } from '../model/resources.js';
import { checkName, MeshDefinitionError } from './errors.js';
import type {
  GatewayDefinition,
  GatewayRouteDefinition,
  GatewayTargetDefinition,
  MeshDefinition,
  NodeDefinition,
  RouteDefinition,
  RouterDefinition,
  ServiceDefinition,
  TagsDefinition,
} from './types.js';

/**
 * Builds the normalized {@link MeshModel} (exact App Mesh API shape) from the friendly form:
 * plain objects keyed by name and small helpers. A route target, a backend, a service provider
 * or a gateway route target naming something undeclared does not compile. Helpers reject bad
 * local values at once; whole-model rules (quotas, protocols, priorities) are `validate`'s job.
 *
 * @example
 * ```ts
 * import { cloudMap, defineMesh, http, validate, weights } from '@meshplane/core';
 * const model = defineMesh({
 *   name: 'dj-app',
 *   nodes: {
 *     dj: { listeners: [http(9080)], discovery: cloudMap('prod.svc.cluster.local', 'dj'), backends: ['jazz.prod.svc.cluster.local'] },
 *     'jazz-v1': { listeners: [http(9080)], discovery: cloudMap('prod.svc.cluster.local', 'jazz', { version: 'v1' }) },
 *   },
 *   routers: {
 *     'jazz-router': {
 *       listeners: [http(9080)],
 *       routes: { 'jazz-route': { http: { match: { prefix: '/' }, action: weights({ 'jazz-v1': 100 }) } } },
 *     },
 *   },
 *   services: { 'jazz.prod.svc.cluster.local': { provider: { router: 'jazz-router' } } },
 * });
 * console.log(validate(model).valid); // true
 * ```
 */
export function defineMesh<
  const N extends string = never,
  const R extends string = never,
  const S extends string = never,
>(definition: MeshDefinition<N, R, S>): MeshModel {
  if (typeof definition !== 'object' || definition === null) {
    throw new MeshDefinitionError(
      'INVALID_DEFINITION',
      'defineMesh',
      definition,
      'takes a mesh definition object',
    );
  }
  const meshName = checkName(definition.name, 'mesh name');
  const resources: MeshplaneResource[] = [];
  const later: MeshplaneResource[] = [];
  const last: MeshplaneResource[] = [];

  const meshSpec: MeshSpec = {};
  if (definition.egressFilter !== undefined) meshSpec.egressFilter = { type: definition.egressFilter };
  if (definition.ipPreference !== undefined)
    meshSpec.serviceDiscovery = { ipPreference: definition.ipPreference };
  resources.push(withTags({ kind: 'mesh', meshName, name: meshName, spec: meshSpec }, definition.tags));

  for (const [name, node] of entries<NodeDefinition<string>>(definition.nodes, 'nodes')) {
    resources.push(withTags({ kind: 'virtualNode', meshName, name, spec: renderNode(node) }, node.tags));
  }
  for (const [name, router] of entries<RouterDefinition<string>>(definition.routers, 'routers')) {
    resources.push(
      withTags({ kind: 'virtualRouter', meshName, name, spec: renderRouter(router) }, router.tags),
    );
    for (const [routeName, route] of entries<RouteDefinition<string>>(
      router.routes,
      `routers.${name}.routes`,
    )) {
      later.push(
        withTags(
          { kind: 'route', meshName, name: routeName, virtualRouterName: name, spec: renderRoute(route) },
          route.tags,
        ),
      );
    }
  }
  for (const [name, gateway] of entries<GatewayDefinition<string>>(definition.gateways, 'gateways')) {
    resources.push(
      withTags({ kind: 'virtualGateway', meshName, name, spec: renderGateway(gateway) }, gateway.tags),
    );
    const routes = entries<GatewayRouteDefinition<string>>(
      gateway.gatewayRoutes,
      `gateways.${name}.gatewayRoutes`,
    );
    for (const [routeName, route] of routes) {
      last.push(
        withTags(
          {
            kind: 'gatewayRoute',
            meshName,
            name: routeName,
            virtualGatewayName: name,
            spec: renderGatewayRoute(route),
          },
          route.tags,
        ),
      );
    }
  }
  for (const [name, service] of entries<ServiceDefinition<string, string>>(definition.services, 'services')) {
    later.push(
      withTags({ kind: 'virtualService', meshName, name, spec: renderService(service) }, service.tags),
    );
  }
  // Parents before children, the order App Mesh needs them created in.
  return { resources: [...resources, ...later, ...last] };
}

function entries<T>(collection: unknown, field: string): [string, T][] {
  if (collection === undefined) return [];
  if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) {
    throw new MeshDefinitionError('INVALID_DEFINITION', field, collection, 'must be an object keyed by name');
  }
  const result = Object.entries(collection) as [string, T][];
  for (const [name, value] of result) {
    if (typeof value !== 'object' || value === null) {
      throw new MeshDefinitionError('INVALID_DEFINITION', `${field}.${name}`, value, 'must be an object');
    }
  }
  return result;
}

function withTags<T extends MeshplaneResource>(resource: T, tags: TagsDefinition | undefined): T {
  if (tags !== undefined) resource.tags = renderTags(tags);
  return resource;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Converts friendly tags to the API's `TagRef` list.
 *
 * @example
 * ```ts
 * import { renderTags } from '@meshplane/core';
 * console.log(renderTags({ team: 'audio' })); // [ { key: 'team', value: 'audio' } ]
 * ```
 */
export function renderTags(tags: TagsDefinition): TagRef[] {
  if (!isRecord(tags)) {
    throw new MeshDefinitionError('INVALID_TAGS', 'tags', tags, 'must be an object of tag keys to values');
  }
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

// The render functions below copy what they understand and pass anything malformed through
// unchanged, so that `validate` reports it with its path instead of defineMesh guessing.

/** `list.map(fn)` for a list; any other value as it is. */
function mapList<T, U>(list: readonly T[] | undefined, fn: (item: T) => U): U[] | undefined {
  return Array.isArray(list) ? list.map(fn) : (list as U[] | undefined);
}

function renderNode(node: NodeDefinition<string>): VirtualNodeSpec {
  const spec: VirtualNodeSpec = {};
  if (node.listeners !== undefined) spec.listeners = mapList(node.listeners, (listener) => listener);
  if (node.discovery !== undefined) spec.serviceDiscovery = node.discovery;
  if (node.backends !== undefined) {
    spec.backends = mapList(node.backends, (entry) => {
      if (typeof entry === 'string') return { virtualService: { virtualServiceName: entry } };
      if (isRecord(entry) && isRecord(entry.virtualService))
        return { virtualService: { ...entry.virtualService } };
      return entry as unknown as Backend;
    });
  }
  if (node.backendDefaults !== undefined) spec.backendDefaults = node.backendDefaults;
  if (node.logging !== undefined) spec.logging = node.logging;
  return spec;
}

function renderRouter(router: RouterDefinition<string>): VirtualRouterSpec {
  // `http(9080)` is exactly a router listener (a port mapping). Options given to the helper
  // (a timeout, say) are kept, not dropped, so that validate reports them as not belonging.
  const listeners = mapList(router.listeners, (listener) =>
    isRecord(listener) ? { ...listener } : listener,
  );
  return listeners === undefined ? {} : { listeners: listeners as VirtualRouterListener[] };
}

// Copies so that the model never aliases a helper's value.
function copyTargets(action: unknown) {
  if (!isRecord(action) || !Array.isArray(action.weightedTargets)) {
    return action as { weightedTargets: WeightedTarget[] };
  }
  return {
    ...action,
    weightedTargets: action.weightedTargets.map((target: unknown) =>
      isRecord(target) ? { ...target } : target,
    ),
  } as { weightedTargets: WeightedTarget[] };
}

function renderRouteBody<T>(body: unknown): T {
  return (isRecord(body) ? { ...body, action: copyTargets(body.action) } : body) as T;
}

function renderRoute(route: RouteDefinition<string>): RouteSpec {
  const spec: RouteSpec = {};
  if (route.priority !== undefined) spec.priority = route.priority;
  if (route.http !== undefined) spec.httpRoute = renderRouteBody(route.http);
  if (route.http2 !== undefined) spec.http2Route = renderRouteBody(route.http2);
  if (route.grpc !== undefined) spec.grpcRoute = renderRouteBody(route.grpc);
  if (route.tcp !== undefined) spec.tcpRoute = renderRouteBody(route.tcp);
  return spec;
}

function renderService(service: ServiceDefinition<string, string>): VirtualServiceSpec {
  const provider: unknown = service.provider;
  if (provider === undefined) return {};
  if (isRecord(provider) && typeof provider.router === 'string') {
    return { provider: { virtualRouter: { virtualRouterName: provider.router } } };
  }
  if (isRecord(provider) && typeof provider.node === 'string') {
    return { provider: { virtualNode: { virtualNodeName: provider.node } } };
  }
  // Neither form: keep it so that validate names the member and the value.
  return { provider: provider as VirtualServiceSpec['provider'] };
}

function renderGateway(gateway: GatewayDefinition<string>): VirtualGatewaySpec {
  const listeners = mapList(gateway.listeners, (listener) =>
    isRecord(listener) ? { ...listener } : listener,
  );
  const spec = { listeners } as VirtualGatewaySpec;
  if (gateway.backendDefaults !== undefined) spec.backendDefaults = gateway.backendDefaults;
  if (gateway.logging !== undefined) spec.logging = gateway.logging;
  return spec;
}

function renderTarget(target: GatewayTargetDefinition<string>) {
  if (typeof target === 'string') return { virtualService: { virtualServiceName: target } };
  if (!isRecord(target)) return target;
  const copy: Record<string, unknown> = { ...target };
  if (isRecord(target.virtualService)) copy.virtualService = { ...target.virtualService };
  return copy;
}

function renderGatewayRoute(route: GatewayRouteDefinition<string>): GatewayRouteSpec {
  const spec: GatewayRouteSpec = {};
  if (route.priority !== undefined) spec.priority = route.priority;
  for (const [key, wire] of [
    ['http', 'httpRoute'],
    ['http2', 'http2Route'],
    ['grpc', 'grpcRoute'],
  ] as const) {
    const friendly = route[key];
    if (friendly === undefined) continue;
    if (!isRecord(friendly)) {
      (spec as Record<string, unknown>)[wire] = friendly;
      continue;
    }
    const action = isRecord(friendly.action)
      ? {
          ...friendly.action,
          target: renderTarget(friendly.action.target as GatewayTargetDefinition<string>),
        }
      : friendly.action;
    (spec as Record<string, unknown>)[wire] = { ...friendly, action };
  }
  return spec;
}
