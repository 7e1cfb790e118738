import type { MeshModel, MeshplaneResource, VirtualRouterResource } from '../model/resources.js';
import { resourceKey } from '../model/resources.js';
import type { ValidationIssue } from '../validation/issue.js';
import type { DocumentReporter } from './source-document.js';
import { formatLocation } from './source-document.js';

/**
 * What every importer returns: the model it could build and every issue it found. An import
 * with any `error` issue must not be applied; parse errors leave `model.resources` empty.
 *
 * @example
 * ```ts
 * import { importDocuments } from '@meshplane/core';
 * const { model, issues } = importDocuments([{ meshName: 'shop', spec: {} }]);
 * console.log(model.resources.length, issues.length); // 1 0
 * ```
 */
export interface ImportResult {
  model: MeshModel;
  issues: ValidationIssue[];
}

/** A resource produced by a converter, before duplicates are resolved. */
export interface ImportedResource {
  resource: MeshplaneResource;
  /** Where to report about this resource. */
  reporter: DocumentReporter;
  /**
   * Set for routers whose input format had no router listeners (2018 preview documents, v1beta1
   * controller YAML): the GA API wants one, so it is derived from the route targets' listeners.
   */
  deriveListeners?: boolean;
}

/**
 * Resolves duplicates (the last definition wins, with an `OVERRIDDEN` warning when it differs),
 * derives missing router listeners, and returns the model in input order.
 */
export function finishImport(imported: readonly ImportedResource[], issues: ValidationIssue[]): ImportResult {
  const byKey = new Map<string, number>();
  const kept: ImportedResource[] = [];
  for (const item of imported) {
    const key = resourceKey(item.resource);
    const index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, kept.length);
      kept.push(item);
      continue;
    }
    const earlier = kept[index]!;
    if (!sameDefinition(earlier.resource, item.resource)) {
      item.reporter.warn(
        'OVERRIDDEN',
        [],
        `${describeResource(item.resource)} is defined again: this definition replaces the one at ${formatLocation(earlier.resource.source)} (the last definition wins: files in sorted name order, documents in file order, as kubectl apply -f <folder> does)`,
      );
    }
    kept[index] = { ...item, deriveListeners: item.deriveListeners ?? earlier.deriveListeners };
  }
  const resources = kept.map((item) => item.resource);
  for (const item of kept) {
    if (item.deriveListeners && item.resource.kind === 'virtualRouter') {
      deriveRouterListeners(item.resource, item.reporter, resources);
    }
  }
  return { model: { resources }, issues };
}

function sameDefinition(a: MeshplaneResource, b: MeshplaneResource): boolean {
  const strip = ({ source: _source, ...rest }: MeshplaneResource) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** `route "jazz-route" of virtual router "jazz-router" in mesh "dj-app"`, for messages. */
export function describeResource(resource: MeshplaneResource): string {
  const noun: Record<MeshplaneResource['kind'], string> = {
    mesh: 'mesh',
    virtualNode: 'virtual node',
    virtualRouter: 'virtual router',
    virtualGateway: 'virtual gateway',
    route: 'route',
    virtualService: 'virtual service',
    gatewayRoute: 'gateway route',
  };
  if (resource.kind === 'mesh') return `mesh "${resource.name}"`;
  const parent =
    resource.kind === 'route'
      ? ` of virtual router "${resource.virtualRouterName}"`
      : resource.kind === 'gatewayRoute'
        ? ` of virtual gateway "${resource.virtualGatewayName}"`
        : '';
  return `${noun[resource.kind]} "${resource.name}"${parent} in mesh "${resource.meshName}"`;
}

function deriveRouterListeners(
  router: VirtualRouterResource,
  reporter: DocumentReporter,
  resources: readonly MeshplaneResource[],
): void {
  if (router.spec.listeners && router.spec.listeners.length > 0) return;
  const nodes = new Map<string, MeshplaneResource>();
  for (const r of resources)
    if (r.kind === 'virtualNode' && r.meshName === router.meshName) nodes.set(r.name, r);
  const found = new Map<string, { port: number; protocol: string; nodes: string[] }>();
  const missing: string[] = [];
  for (const r of resources) {
    if (r.kind !== 'route' || r.meshName !== router.meshName || r.virtualRouterName !== router.name) continue;
    const action =
      r.spec.httpRoute?.action ??
      r.spec.http2Route?.action ??
      r.spec.grpcRoute?.action ??
      r.spec.tcpRoute?.action;
    for (const target of action?.weightedTargets ?? []) {
      const node = target.virtualNode === undefined ? undefined : nodes.get(target.virtualNode);
      if (node?.kind !== 'virtualNode') {
        if (target.virtualNode) missing.push(target.virtualNode);
        continue;
      }
      for (const listener of node.spec.listeners ?? []) {
        const mapping = listener.portMapping;
        if (mapping?.port === undefined || mapping.protocol === undefined) continue;
        if (target.port !== undefined && target.port !== mapping.port) continue;
        const key = `${mapping.protocol}:${mapping.port}`;
        const entry = found.get(key) ?? { port: mapping.port, protocol: mapping.protocol, nodes: [] };
        if (!entry.nodes.includes(node.name)) entry.nodes.push(node.name);
        found.set(key, entry);
      }
    }
  }
  if (found.size === 0) {
    reporter.warn(
      'ROUTER_LISTENERS_UNKNOWN',
      ['spec', 'listeners'],
      `virtual router "${router.name}" has no listeners and none could be derived from its routes' target nodes${missing.length > 0 ? ` (${[...new Set(missing)].join(', ')} not found in the input)` : ''}: the App Mesh API (2019-01-25) wants one, add spec.listeners, e.g. [{ "portMapping": { "port": 8080, "protocol": "http" } }]`,
    );
    return;
  }
  const mappings = [...found.values()];
  router.spec.listeners = mappings.map((m) => ({
    portMapping: { port: m.port, protocol: m.protocol as 'http' | 'http2' | 'grpc' | 'tcp' },
  }));
  reporter.warn(
    'ROUTER_LISTENERS_DERIVED',
    ['spec', 'listeners'],
    `virtual router "${router.name}" had no listeners (the App Mesh API needs one): derived ${mappings
      .map((m) => `${m.protocol} ${m.port} (from ${m.nodes.map((n) => `virtual node "${n}"`).join(', ')})`)
      .join(', ')} from its routes' target nodes; set spec.listeners to choose another`,
  );
}
