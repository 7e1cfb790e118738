import type { TagRef } from '@aws-sdk/client-app-mesh';
import { didYouMean } from '../errors/suggest-name.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { KINDS } from '../model/kinds.js';
import type { MeshplaneResource, ResourceKind } from '../model/resources.js';
import { RESOURCE_KINDS } from '../model/resources.js';
import type { ImportedResource, ImportResult } from './import-result.js';
import { finishImport } from './import-result.js';
import type { Locator, PathSegment } from './json-with-positions.js';
import type { PreviewMode } from './preview-upgrade.js';
import { upgradePreviewNodeSpec, upgradePreviewRouterSpec } from './preview-upgrade.js';
import type { SourceDocument } from './source-document.js';
import {
  adopt,
  DocumentReporter,
  describeValue,
  isRecord,
  readImporterOptions,
  resourcePath,
} from './source-document.js';

/**
 * Options of {@link importDocuments}.
 *
 * @example
 * ```ts
 * import { type ImportDocumentsOptions, importDocuments } from '@meshplane/core';
 * const options: ImportDocumentsOptions = { file: 'order-vn.json', preview: 'upgrade' };
 * const { issues } = importDocuments(
 *   { meshName: 'shop', virtualNodeName: 'order-vn', spec: { serviceDiscovery: { dns: { serviceName: 'order.local' } } } },
 *   options,
 * );
 * console.log(issues.map((i) => `${i.file} ${i.code}`)); // ['order-vn.json PREVIEW_UPGRADED']
 * ```
 */
export interface ImportDocumentsOptions {
  /** The file the documents came from, for issue locations. */
  file?: string;
  /** Finds a value's line and column in that file (see `parseJsonWithPositions`). */
  locate?: Locator;
  /** 2018 preview documents: `upgrade` (default, with warnings) or `refuse` (errors). */
  preview?: PreviewMode;
}

/**
 * Imports App Mesh API JSON documents into the normalized model. Accepts, per document:
 * - the CLI input form (`aws appmesh create-* --cli-input-json`): `{ meshName, virtualNodeName, spec, tags }`,
 *   the kind recognised by its name members (`virtualNodeName`, `virtualRouterName` + `routeName`,
 *   `virtualGatewayName` + `gatewayRouteName`, `virtualServiceName`, `virtualRouterName`,
 *   `virtualGatewayName`, or `meshName` alone for a mesh);
 * - the read-back form (`describe-*` output), bare or wrapped (`{ "virtualNode": { …, metadata, status } }`);
 * - the 2018 preview shape (see {@link PreviewMode});
 * - meshplane's own normalized resources (`{ kind, meshName, name, spec }`) or a whole `{ resources: [...] }`.
 *
 * `input` is one document or an array of documents. Never throws on bad input: every problem is
 * an issue naming the field, the value and the rule.
 *
 * @example
 * ```ts
 * import { importDocuments } from '@meshplane/core';
 * const { model, issues } = importDocuments([
 *   { meshName: 'shop', spec: { egressFilter: { type: 'DROP_ALL' } } },
 *   { meshName: 'shop', virtualNodeName: 'order', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } },
 * ]);
 * console.log(model.resources.map((r) => r.kind), issues); // ['mesh', 'virtualNode'] []
 * ```
 */
export function importDocuments(input: unknown, rawOptions: ImportDocumentsOptions = {}): ImportResult {
  const options = readImporterOptions(rawOptions, 'importDocuments');
  const doc: SourceDocument = { value: input };
  if (options.file !== undefined) doc.file = options.file;
  if (options.locate !== undefined) doc.locate = options.locate;
  const issues: ValidationIssue[] = [];
  const notJson = jsonProblem(input);
  if (notJson !== undefined) {
    // Imported values are copied as JSON, so a cycle or a BigInt could not be imported anyway.
    new DocumentReporter(doc, 'document', [], issues).error(
      'INVALID_DOCUMENT',
      [],
      `the input must be JSON data (objects, arrays, strings, numbers, booleans, null): ${notJson}`,
    );
    return { model: { resources: [] }, issues };
  }
  const imported = convertAppMeshDocument(doc, issues, options.preview ?? 'upgrade');
  return finishImport(imported, issues);
}

/** Why `value` cannot be serialized as JSON (a cycle, a BigInt, a throwing toJSON), or undefined. */
function jsonProblem(value: unknown): string | undefined {
  try {
    JSON.stringify(value);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** Converts one parsed App Mesh JSON document (object or array) into resources, reporting into `issues`. */
export function convertAppMeshDocument(
  doc: SourceDocument,
  issues: ValidationIssue[],
  preview: PreviewMode,
): ImportedResource[] {
  const root = new DocumentReporter(doc, 'document', [], issues);
  const out: ImportedResource[] = [];
  const value = doc.value;
  if (Array.isArray(value)) {
    if (value.length === 0)
      root.warn('EMPTY_DOCUMENT', [], 'the document is an empty list: nothing to import');
    value.forEach((_, index) => {
      convertOne(root.child([index], `document[${index}]`), value[index], preview, out);
    });
  } else if (isRecord(value) && Array.isArray(value.resources) && Object.keys(value).length === 1) {
    value.resources.forEach((item, index) => {
      convertOne(root.child(['resources', index], `resources[${index}]`), item, preview, out);
    });
  } else {
    convertOne(root, value, preview, out);
  }
  return out;
}

// `{ "virtualNode": { ... } }`: a Describe output wraps the resource in a member named after its kind.
const WRAPPER_KEYS: Record<string, ResourceKind> = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, k]));

/** Top-level members of the CLI input and read-back forms, besides the name members. */
const ALLOWED_MEMBERS = new Set([
  'meshName',
  'spec',
  'tags',
  'clientToken',
  'meshOwner',
  'metadata',
  'status',
]);

// The name members of each kind's API input: the parent's (route: virtualRouterName), then its own.
const NAME_MEMBERS: Record<ResourceKind, string[]> = Object.fromEntries(
  RESOURCE_KINDS.map((k) => {
    const { parentMember, nameMember } = KINDS[k];
    return [k, k === 'mesh' ? [] : [...(parentMember ? [parentMember] : []), nameMember]];
  }),
) as Record<ResourceKind, string[]>;

function convertOne(
  reporter: DocumentReporter,
  value: unknown,
  preview: PreviewMode,
  out: ImportedResource[],
): void {
  if (!isRecord(value)) {
    reporter.error(
      'INVALID_DOCUMENT',
      [],
      `an App Mesh document must be a JSON object such as { "meshName": "...", "virtualNodeName": "...", "spec": { ... } }, got ${describeValue(value)}`,
    );
    return;
  }
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0]! : undefined;
  if (only !== undefined && only in WRAPPER_KEYS && isRecord(value[only])) {
    // Describe*/Create* output: { "virtualNode": { meshName, virtualNodeName, spec, metadata, status } }
    convertOne(reporter.child([only]), value[only], preview, out);
    return;
  }
  if (typeof value.kind === 'string' && 'name' in value) {
    convertNormalized(reporter, value, out);
    return;
  }
  const kind = detectKind(value);
  if (kind === undefined) {
    reporter.error(
      'UNKNOWN_DOCUMENT',
      [],
      `cannot tell which App Mesh resource this document is: it has ${keys.length === 0 ? 'no members' : `members ${keys.map((k) => `"${k}"`).join(', ')}`}; expected "meshName" plus the resource's name member (virtualNodeName, virtualRouterName, routeName, virtualServiceName, virtualGatewayName, gatewayRouteName)`,
    );
    return;
  }
  const { names, ok: namesOk } = readDocumentNames(reporter, value, kind);
  let ok = namesOk;
  const rawSpec = value.spec;
  if (rawSpec === undefined && kind !== 'mesh') {
    reporter.error('MISSING_MEMBER', ['spec'], `spec is required for a ${kind} document`);
    ok = false;
  } else if (rawSpec !== undefined && !isRecord(rawSpec)) {
    reporter.error('INVALID_TYPE', ['spec'], `spec must be an object, got ${describeValue(rawSpec)}`);
    ok = false;
  }
  const tags = readTags(reporter, value.tags);
  if (tags === null) ok = false;
  if (value.meshOwner !== undefined) {
    reporter.warn(
      'IGNORED_MEMBER',
      ['meshOwner'],
      `meshOwner ${describeValue(value.meshOwner)} is ignored: meshplane manages resources of meshes in the caller's account`,
    );
  }
  if (!ok) return;

  const meshName = names.meshName!;
  const name = kind === 'mesh' ? meshName : names[NAME_MEMBERS[kind].at(-1)!]!;
  const spec = adopt(reporter.doc, (rawSpec ?? {}) as Record<string, unknown>);
  const base = { meshName, name, ...(tags ? { tags } : {}) };
  const resource = buildResource(kind, base, spec, names);
  const own = reporter.child([], resourcePath(resource));
  const source = own.where([]);
  if (source) resource.source = source;
  const specReporter = own.child(['spec']);
  const issuesBefore = own.issues.length;
  let deriveListeners = false;
  const services: MeshplaneResource[] = [];
  if (resource.kind === 'virtualNode') {
    upgradePreviewNodeSpec(spec, specReporter, preview);
  } else if (resource.kind === 'virtualRouter') {
    const serviceNames = upgradePreviewRouterSpec(spec, specReporter, name, preview);
    if (serviceNames) {
      deriveListeners = spec.listeners === undefined;
      for (const serviceName of serviceNames) {
        const service: MeshplaneResource = {
          kind: 'virtualService',
          meshName,
          name: serviceName.name,
          spec: { provider: { virtualRouter: { virtualRouterName: name } } },
        };
        const at = own.where(['spec', 'serviceNames', serviceName.index]);
        if (at) service.source = at;
        services.push(service);
      }
    }
  }
  // A refused preview document is not imported: its PREVIEW_SHAPE errors say how to fix it.
  if (own.issues.slice(issuesBefore).some((issue) => issue.code === 'PREVIEW_SHAPE')) return;
  const nameMember = kind === 'mesh' ? 'meshName' : NAME_MEMBERS[kind].at(-1)!;
  out.push({
    resource,
    reporter: own,
    fields: { spec: ['spec'], tags: ['tags'], name: [nameMember], meshName: ['meshName'] },
    ...(deriveListeners ? { deriveListeners } : {}),
  });
  for (const service of services) {
    out.push({ resource: service, reporter: own.child(['spec'], resourcePath(service)) });
  }
}

/**
 * The name members of an App Mesh document (each reported when missing or not a non-empty
 * string), with its unknown members reported too (with the closest allowed one).
 */
function readDocumentNames(
  reporter: DocumentReporter,
  value: Record<string, unknown>,
  kind: ResourceKind,
): { names: Record<string, string>; ok: boolean } {
  let ok = true;
  const names: Record<string, string> = {};
  for (const member of ['meshName', ...NAME_MEMBERS[kind]]) {
    const name = value[member];
    if (name === undefined) {
      reporter.error('MISSING_MEMBER', [member], `${member} is required for a ${kind} document`);
      ok = false;
    } else if (typeof name !== 'string' || name === '') {
      reporter.error(
        'INVALID_TYPE',
        [member],
        `${member} must be a non-empty string, got ${describeValue(name)}`,
      );
      ok = false;
    } else {
      names[member] = name;
    }
  }
  for (const member of Object.keys(value)) {
    if (ALLOWED_MEMBERS.has(member) || NAME_MEMBERS[kind].includes(member)) continue;
    reporter.error(
      'UNKNOWN_MEMBER',
      [member],
      `unknown member "${member}" in a ${kind} document${didYouMean(member, ['meshName', ...NAME_MEMBERS[kind], 'spec', 'tags'])}; allowed: ${['meshName', ...NAME_MEMBERS[kind], 'spec', 'tags'].join(', ')} (and clientToken, meshOwner, metadata, status, which are ignored)`,
    );
    ok = false;
  }
  return { names, ok };
}

function detectKind(value: Record<string, unknown>): ResourceKind | undefined {
  if ('gatewayRouteName' in value) return 'gatewayRoute';
  if ('routeName' in value) return 'route';
  if ('virtualNodeName' in value) return 'virtualNode';
  if ('virtualServiceName' in value) return 'virtualService';
  if ('virtualRouterName' in value) return 'virtualRouter';
  if ('virtualGatewayName' in value) return 'virtualGateway';
  if ('meshName' in value) return 'mesh';
  return undefined;
}

function buildResource(
  kind: ResourceKind,
  base: { meshName: string; name: string; tags?: TagRef[] },
  spec: Record<string, unknown>,
  names: Record<string, string>,
): MeshplaneResource {
  switch (kind) {
    case 'route':
      return { kind, ...base, virtualRouterName: names.virtualRouterName!, spec };
    case 'gatewayRoute':
      return { kind, ...base, virtualGatewayName: names.virtualGatewayName!, spec } as MeshplaneResource;
    default:
      return { kind, ...base, spec } as MeshplaneResource;
  }
}

/** Reads `tags` in the API shape; `undefined` when absent, `null` when invalid (already reported). */
export function readTags(
  reporter: DocumentReporter,
  tags: unknown,
  path: PathSegment[] = ['tags'],
): TagRef[] | undefined | null {
  if (tags === undefined) return undefined;
  if (!Array.isArray(tags)) {
    reporter.error(
      'INVALID_TYPE',
      path,
      `tags must be a list of { "key": "...", "value": "..." }, got ${describeValue(tags)}`,
    );
    return null;
  }
  let ok = true;
  tags.forEach((tag, index) => {
    if (
      !isRecord(tag) ||
      typeof tag.key !== 'string' ||
      (tag.value !== undefined && typeof tag.value !== 'string')
    ) {
      reporter.error(
        'INVALID_TYPE',
        [...path, index],
        `a tag must be { "key": string, "value": string }, got ${describeValue(tag)}`,
      );
      ok = false;
    }
  });
  return ok ? (adopt(reporter.doc, tags) as TagRef[]) : null;
}

function convertNormalized(
  reporter: DocumentReporter,
  value: Record<string, unknown>,
  out: ImportedResource[],
): void {
  const kind = value.kind;
  let ok = true;
  if (!(RESOURCE_KINDS as readonly unknown[]).includes(kind)) {
    reporter.error(
      'UNKNOWN_KIND',
      ['kind'],
      `unknown resource kind ${describeValue(kind)}; expected one of ${RESOURCE_KINDS.join(', ')}`,
    );
    return;
  }
  const required = ['meshName', 'name'];
  if (kind === 'route') required.push('virtualRouterName');
  if (kind === 'gatewayRoute') required.push('virtualGatewayName');
  for (const member of required) {
    if (typeof value[member] !== 'string' || value[member] === '') {
      reporter.error(
        value[member] === undefined ? 'MISSING_MEMBER' : 'INVALID_TYPE',
        [member],
        `${member} must be a non-empty string, got ${describeValue(value[member])}`,
      );
      ok = false;
    }
  }
  if (!isRecord(value.spec)) {
    reporter.error(
      value.spec === undefined ? 'MISSING_MEMBER' : 'INVALID_TYPE',
      ['spec'],
      `spec must be an object, got ${describeValue(value.spec)}`,
    );
    ok = false;
  }
  const tags = readTags(reporter, value.tags);
  if (tags === null || !ok) return;
  const { source: _ignored, ...rest } = value;
  const resource = adopt(reporter.doc, rest) as unknown as MeshplaneResource;
  const own = reporter.child([], resourcePath(resource));
  const source = own.where([]);
  if (source) resource.source = source;
  out.push({
    resource,
    reporter: own,
    fields: { spec: ['spec'], tags: ['tags'], name: ['name'], meshName: ['meshName'] },
  });
}
