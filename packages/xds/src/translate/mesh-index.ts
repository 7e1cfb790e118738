import {
  KINDS,
  type MeshModel,
  type MeshplaneResource,
  type ResourceOfKind,
  type ValidationIssue,
} from '@meshplane/core';
import type { TranslateCode } from './issue-codes.js';

type Node = ResourceOfKind<'virtualNode'>;
type Router = ResourceOfKind<'virtualRouter'>;
type Route = ResourceOfKind<'route'>;
type Service = ResourceOfKind<'virtualService'>;
type Gateway = ResourceOfKind<'virtualGateway'>;
type GatewayRoute = ResourceOfKind<'gatewayRoute'>;

/** One mesh of a model, indexed by name for the generators. */
export interface MeshIndex {
  meshName: string;
  mesh: ResourceOfKind<'mesh'> | undefined;
  nodes: ReadonlyMap<string, Node>;
  routers: ReadonlyMap<string, Router>;
  /** Routes per router name, in model order. */
  routes: ReadonlyMap<string, readonly Route[]>;
  /** Services by name, sorted by name. */
  services: ReadonlyMap<string, Service>;
  gateways: ReadonlyMap<string, Gateway>;
  /** Gateway routes per gateway name, in model order. */
  gatewayRoutes: ReadonlyMap<string, readonly GatewayRoute[]>;
}

const cache = new WeakMap<MeshModel, Map<string, MeshIndex>>();

/**
 * The index of one mesh of `model`. Built once per model object and mesh (the model is treated
 * as immutable, as everywhere in meshplane), so translating every node of a mesh reads the
 * resource list once.
 */
export function meshIndex(model: MeshModel, meshName: string): MeshIndex {
  let perMesh = cache.get(model);
  if (!perMesh) {
    perMesh = new Map();
    cache.set(model, perMesh);
  }
  const found = perMesh.get(meshName);
  if (found) return found;
  const index = buildIndex(model.resources, meshName);
  perMesh.set(meshName, index);
  return index;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(resources: readonly MeshplaneResource[], meshName: string): MeshIndex {
  let mesh: ResourceOfKind<'mesh'> | undefined;
  const nodes = new Map<string, Node>();
  const routers = new Map<string, Router>();
  const routes = new Map<string, Route[]>();
  const services: Service[] = [];
  const gateways = new Map<string, Gateway>();
  const gatewayRoutes = new Map<string, GatewayRoute[]>();
  for (const r of resources) {
    if (r.meshName !== meshName) continue;
    switch (r.kind) {
      case 'mesh':
        mesh = r;
        break;
      case 'virtualNode':
        nodes.set(r.name, r);
        break;
      case 'virtualRouter':
        routers.set(r.name, r);
        break;
      case 'route':
        push(routes, r.virtualRouterName, r);
        break;
      case 'virtualService':
        services.push(r);
        break;
      case 'virtualGateway':
        gateways.set(r.name, r);
        break;
      case 'gatewayRoute':
        push(gatewayRoutes, r.virtualGatewayName, r);
        break;
    }
  }
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    meshName,
    mesh,
    nodes,
    routers,
    routes,
    services: new Map(services.map((s) => [s.name, s])),
    gateways,
    gatewayRoutes,
  };
}

/** The friendly path prefix of a resource in issues: `nodes.dj`, `routers.r.routes.x`, `gateways.g.gatewayRoutes.x`. */
export function resourcePath(
  r: Pick<MeshplaneResource, 'kind' | 'name'> & { virtualRouterName?: string; virtualGatewayName?: string },
): string {
  if (r.kind === 'route') return `routers.${r.virtualRouterName}.routes.${r.name}`;
  if (r.kind === 'gatewayRoute') return `gateways.${r.virtualGatewayName}.gatewayRoutes.${r.name}`;
  return `${KINDS[r.kind].collection}.${r.name}`;
}

/** Collects translation issues: what Envoy cannot be told from the model, each said once. */
export class IssueSink {
  readonly issues: ValidationIssue[] = [];
  private readonly seen = new Set<string>();

  /** Records an error (nothing should be served) unless the same one was recorded already. */
  error(code: TranslateCode, path: string, message: string): void {
    this.add({ code, path, message, severity: 'error' });
  }

  /** Records a warning: the proxy is right, but something in the model has no effect. */
  warning(code: TranslateCode, path: string, message: string): void {
    this.add({ code, path, message, severity: 'warning' });
  }

  private add(fields: Omit<ValidationIssue, 'code'> & { code: TranslateCode }): void {
    // ValidationIssue's code type lists core's own codes; translation's are in TRANSLATE_CODES.
    const issue = fields as unknown as ValidationIssue;
    const key = `${issue.code}|${issue.path}|${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push(issue);
  }
}
