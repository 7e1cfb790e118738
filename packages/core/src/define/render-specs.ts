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
import { GATEWAY_ROUTE_TYPES, ROUTE_PROTOCOL, ROUTE_TYPES } from '../model/spec-accessors.js';
import { assertReadable, MeshDefinitionError } from './errors.js';
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

// The render step: friendly definitions (defineMesh's input) to the App Mesh API's wire shapes.
// Each function copies what it understands and passes anything malformed through unchanged, so
// that `validate` reports it with its path instead of the renderer guessing.

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
  assertReadable(tags, 'tags');
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** `list.map(fn)` for a list; any other value as it is. */
function mapList<T, U>(list: readonly T[] | undefined, fn: (item: T) => U): U[] | undefined {
  return Array.isArray(list) ? list.map(fn) : (list as U[] | undefined);
}

/** Renders one resource's spec; see the module comment. */
export function renderNode(node: NodeDefinition<string>): VirtualNodeSpec {
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

/** Renders one resource's spec; see the module comment. */
export function renderRouter(router: RouterDefinition<string>): VirtualRouterSpec {
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

/** Renders one resource's spec; see the module comment. */
export function renderRoute(route: RouteDefinition<string>): RouteSpec {
  const spec: RouteSpec = {};
  if (route.priority !== undefined) spec.priority = route.priority;
  // The friendly member is the listener protocol the route type serves (`http2` → `http2Route`).
  for (const type of ROUTE_TYPES) {
    const friendly = route[ROUTE_PROTOCOL[type]];
    if (friendly !== undefined) (spec as Record<string, unknown>)[type] = renderRouteBody(friendly);
  }
  return spec;
}

/** Renders one resource's spec; see the module comment. */
export function renderService(service: ServiceDefinition<string, string>): VirtualServiceSpec {
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

/** Renders one resource's spec; see the module comment. */
export function renderGateway(gateway: GatewayDefinition<string>): VirtualGatewaySpec {
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

/** Renders one resource's spec; see the module comment. */
export function renderGatewayRoute(route: GatewayRouteDefinition<string>): GatewayRouteSpec {
  const spec: GatewayRouteSpec = {};
  if (route.priority !== undefined) spec.priority = route.priority;
  for (const wire of GATEWAY_ROUTE_TYPES) {
    const friendly = route[ROUTE_PROTOCOL[wire] as 'http' | 'http2' | 'grpc'];
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

/** The mesh spec of a definition: egress filter and IP preference. */
export function renderMeshSpec(definition: Pick<MeshDefinition, 'egressFilter' | 'ipPreference'>): MeshSpec {
  const spec: MeshSpec = {};
  if (definition.egressFilter !== undefined) spec.egressFilter = { type: definition.egressFilter };
  if (definition.ipPreference !== undefined)
    spec.serviceDiscovery = { ipPreference: definition.ipPreference };
  return spec;
}
