import type { MeshModel, MeshplaneResource } from '../model/resources.js';
import { guardUnreadable } from '../model/unreadable-members.js';
import { checkName, MeshDefinitionError } from './errors.js';
import {
  renderGateway,
  renderGatewayRoute,
  renderMeshSpec,
  renderNode,
  renderRoute,
  renderRouter,
  renderService,
  renderTags,
} from './render-specs.js';
import type {
  GatewayDefinition,
  GatewayRouteDefinition,
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
  return guardUnreadable(
    () => defineReadable(definition as MeshDefinition<string, string, string>),
    { definition },
    (_message, [first]) =>
      new MeshDefinitionError(
        'INVALID_DEFINITION',
        first!.path,
        undefined,
        `cannot be read as data: ${first!.reason}`,
        {
          showValue: false,
        },
      ),
    (error) => error instanceof MeshDefinitionError,
  );
}

function defineReadable(definition: MeshDefinition<string, string, string>): MeshModel {
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

  const meshSpec = renderMeshSpec(definition);
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
