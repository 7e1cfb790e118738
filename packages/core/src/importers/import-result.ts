import { describeValue as printValue } from '../errors/describe-value.js';
import { MeshplaneError } from '../errors/meshplane-error.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { KINDS } from '../model/kinds.js';
import type {
  MeshModel,
  MeshplaneResource,
  SourceLocation,
  VirtualRouterResource,
} from '../model/resources.js';
import { resourceKey } from '../model/resources.js';
import type { PathSegment } from './json-with-positions.js';
import type { DocumentReporter } from './source-document.js';
import { formatLocation, isRecord, resourcePath } from './source-document.js';

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
  /**
   * Finds where the value at an issue path (`nodes.web.spec.listeners[0].portMapping.port`, the
   * form `validate` reports) is in the imported files, down to the member when the file holds the
   * spec in the API shape, else the closest enclosing value. See {@link refineIssueLocations}.
   */
  locate?: IssueLocator;
}

/**
 * Finds the source location of an issue path, see {@link ImportResult.locate}.
 *
 * @example
 * ```ts
 * import { type IssueLocator, importSources } from '@meshplane/core';
 * const text = '{\n  "meshName": "shop",\n  "spec": { "egressFilter": { "type": "DROP_SOME" } }\n}';
 * const locate: IssueLocator | undefined = importSources([{ file: 'mesh.json', text }]).locate;
 * console.log(locate?.('mesh.shop.spec.egressFilter.type')); // { file: 'mesh.json', line: 3, column: 39 }
 * ```
 */
export type IssueLocator = (issuePath: string) => SourceLocation | undefined;

/** A resource produced by a converter, before duplicates are resolved. */
export interface ImportedResource {
  resource: MeshplaneResource;
  /** Where to report about this resource. */
  reporter: DocumentReporter;
  /**
   * Where the resource's fields sit in the document, relative to `reporter`'s base, for members
   * that the document holds in the API shape (so that an issue path inside them can be located).
   */
  fields?: Partial<Record<'spec' | 'tags' | 'name' | 'meshName', PathSegment[]>>;
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
        `${describeResource(item.resource)} is defined again: this definition replaces the one at ${formatLocation(earlier.resource.source)} (the last definition wins: files in sorted name order, documents in file order, as kubectl apply -f <folder> does; to import an update on top, pass the files in the order they are applied)`,
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
  return { model: { resources }, issues, locate: issueLocator(kept) };
}

function issueLocator(kept: readonly ImportedResource[]): IssueLocator {
  const anchors: Array<{ prefix: string; docPath: PathSegment[]; reporter: DocumentReporter }> = [];
  for (const item of kept) {
    const base = resourcePath(item.resource);
    anchors.push({ prefix: base, docPath: [], reporter: item.reporter });
    for (const [field, docPath] of Object.entries(item.fields ?? {})) {
      anchors.push({ prefix: `${base}.${field}`, docPath, reporter: item.reporter });
    }
  }
  // Longest prefixes first, so that `routers.r.routes.a.spec` wins over `routers.r`.
  anchors.sort((a, b) => b.prefix.length - a.prefix.length);
  return (issuePath) => {
    for (const anchor of anchors) {
      if (!issuePath.startsWith(anchor.prefix)) continue;
      const rest = issuePath.slice(anchor.prefix.length);
      if (rest !== '' && rest[0] !== '.' && rest[0] !== '[') continue;
      const segments = parseIssuePath(rest);
      const where = anchor.reporter.where(
        segments === undefined ? anchor.docPath : [...anchor.docPath, ...segments],
      );
      return where?.line === undefined ? undefined : where;
    }
    return undefined;
  };
}

/** `.listeners[0].portMapping` → `['listeners', 0, 'portMapping']`; `undefined` when it does not parse. */
function parseIssuePath(rest: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const step = /\.([^.[\]]+)|\[(\d+)\]/y;
  let index = 0;
  while (index < rest.length) {
    step.lastIndex = index;
    const match = step.exec(rest);
    if (!match) return undefined;
    segments.push(match[1] ?? Number(match[2]));
    index = step.lastIndex;
  }
  return segments;
}

/**
 * Points issues (typically from `validate`, which only knows a resource's `source`) at the exact
 * member in the imported files when `locate` knows it. Issues it cannot place are returned as they
 * are; the input array is not changed.
 *
 * @example
 * ```ts
 * import { importSources, refineIssueLocations, validate } from '@meshplane/core';
 * const text = '{\n  "meshName": "m",\n  "virtualRouterName": "r",\n  "spec": { "listeners": [{ "portMapping": { "port": 0, "protocol": "http" } }] }\n}';
 * const imported = importSources([{ file: 'r.json', text }]);
 * const [issue] = refineIssueLocations(validate(imported.model).issues, imported.locate);
 * console.log(issue?.line, issue?.column); // 4 54
 * ```
 */
export function refineIssueLocations(
  issues: readonly ValidationIssue[],
  locate: IssueLocator | undefined,
): ValidationIssue[] {
  if (!Array.isArray(issues)) {
    throw new MeshplaneError(
      'INVALID_ARGUMENT',
      `refineIssueLocations: issues must be a list, got ${printValue(issues)}`,
    );
  }
  if (typeof locate !== 'function') return [...issues];
  return issues.map((issue) => {
    const where = locate(issue.path);
    if (!where || where.line === undefined) return issue;
    const refined: ValidationIssue = { ...issue, file: where.file, line: where.line };
    if (where.column !== undefined) refined.column = where.column;
    return refined;
  });
}

function sameDefinition(a: MeshplaneResource, b: MeshplaneResource): boolean {
  const strip = ({ source: _source, ...rest }: MeshplaneResource) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** `route "jazz-route" of virtual router "jazz-router" in mesh "dj-app"`, for messages. */
export function describeResource(resource: MeshplaneResource): string {
  if (resource.kind === 'mesh') return `mesh "${resource.name}"`;
  const parent =
    resource.kind === 'route'
      ? ` of virtual router "${resource.virtualRouterName}"`
      : resource.kind === 'gatewayRoute'
        ? ` of virtual gateway "${resource.virtualGatewayName}"`
        : '';
  return `${KINDS[resource.kind].label} "${resource.name}"${parent} in mesh "${resource.meshName}"`;
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
    // The specs are not validated yet: anything may be malformed here, and validate reports it.
    const action =
      r.spec.httpRoute?.action ??
      r.spec.http2Route?.action ??
      r.spec.grpcRoute?.action ??
      r.spec.tcpRoute?.action;
    const targets = isRecord(action) && Array.isArray(action.weightedTargets) ? action.weightedTargets : [];
    for (const target of targets) {
      if (!isRecord(target) || typeof target.virtualNode !== 'string') continue;
      const node = nodes.get(target.virtualNode);
      if (node?.kind !== 'virtualNode') {
        missing.push(target.virtualNode);
        continue;
      }
      const listeners = Array.isArray(node.spec.listeners) ? node.spec.listeners : [];
      for (const listener of listeners) {
        const mapping = isRecord(listener) ? listener.portMapping : undefined;
        if (!isRecord(mapping) || typeof mapping.port !== 'number' || typeof mapping.protocol !== 'string')
          continue;
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
