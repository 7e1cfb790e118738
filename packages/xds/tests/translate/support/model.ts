import type { MeshModel, MeshplaneResource } from '@meshplane/core';
import { type TranslateResult, TYPE_URLS, type XdsResource } from '../../../src/contract.js';

type Spec = Record<string, unknown>;
const MESH = 'm';

/** Small App Mesh wire-shape builders for focused tests (mesh `m`). */
export const r = {
  mesh: (spec: Spec = {}) => ({ kind: 'mesh', meshName: MESH, name: MESH, spec }),
  node: (name: string, spec: Spec) => ({ kind: 'virtualNode', meshName: MESH, name, spec }),
  router: (name: string, spec: Spec) => ({ kind: 'virtualRouter', meshName: MESH, name, spec }),
  route: (router: string, name: string, spec: Spec) => ({
    kind: 'route',
    meshName: MESH,
    virtualRouterName: router,
    name,
    spec,
  }),
  service: (name: string, provider: Spec) => ({
    kind: 'virtualService',
    meshName: MESH,
    name,
    spec: { provider },
  }),
  gateway: (name: string, spec: Spec) => ({ kind: 'virtualGateway', meshName: MESH, name, spec }),
  gatewayRoute: (gateway: string, name: string, spec: Spec) => ({
    kind: 'gatewayRoute',
    meshName: MESH,
    virtualGatewayName: gateway,
    name,
    spec,
  }),
};

/** A listener's port mapping. */
export const listener = (port: number, protocol = 'http', extra: Spec = {}) => ({
  portMapping: { port, protocol },
  ...extra,
});
/** Cloud Map discovery in namespace `ns`. */
export const cloudMap = (serviceName: string, attributes: Record<string, string> = {}) => ({
  awsCloudMap: {
    namespaceName: 'ns',
    serviceName,
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
  },
});
/** Weighted targets. */
export const to = (weights: Record<string, number>) => ({
  weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({ virtualNode, weight })),
});
/** Seconds as an App Mesh Duration. */
export const sec = (value: number) => ({ value, unit: 's' });

/** A model from builder resources (a mesh `m` added unless given). */
export function model(...resources: object[]): MeshModel {
  const list = resources as MeshplaneResource[];
  return { resources: list.some((x) => x.kind === 'mesh') ? list : [r.mesh() as MeshplaneResource, ...list] };
}

/**
 * The common shape: a caller `client` with backend `svc`, served by router `rt` with the given
 * routes over nodes `a` and `b` (http 8080, Cloud Map `ns/svc` by version).
 */
export function routed(
  routes: Record<string, Spec>,
  extra: object[] = [],
  rtListeners: object[] = [listener(8080)],
): MeshModel {
  return model(
    r.node('client', {
      listeners: [listener(9000)],
      backends: [{ virtualService: { virtualServiceName: 'svc' } }],
    }),
    r.node('a', { listeners: [listener(8080)], serviceDiscovery: cloudMap('svc', { version: 'a' }) }),
    r.node('b', { listeners: [listener(8080)], serviceDiscovery: cloudMap('svc', { version: 'b' }) }),
    r.router('rt', { listeners: rtListeners }),
    ...Object.entries(routes).map(([name, spec]) => r.route('rt', name, spec)),
    r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    ...extra,
  );
}

/** Envoy JSON as tests read it: any member, any depth. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary Envoy JSON
export type Loose = any;

/** The resource of a type and name, or a thrown error listing what there is. */
export function find(
  result: TranslateResult,
  type: keyof typeof TYPE_URLS,
  name: string,
): Record<string, Loose> {
  const found = result.resources.find((x: XdsResource) => x.typeUrl === TYPE_URLS[type] && x.name === name);
  if (!found) throw new Error(`no ${type} ${name}; have ${result.resources.map((x) => x.name).join(', ')}`);
  return found.resource as Record<string, Loose>;
}

/** The routes of a virtual host of the egress route configuration. */
export function egressRoutes(
  result: TranslateResult,
  host: string,
  config = 'rds_egress_http_15001',
): Loose[] {
  const vh = find(result, 'routeConfiguration', config).virtual_hosts.find(
    (v: { name: string }) => v.name === host,
  );
  if (!vh) throw new Error(`no virtual host ${host}`);
  return vh.routes ?? [];
}
