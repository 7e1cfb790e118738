import type { ValidationIssue } from '../errors/validation-issue.js';
import { rejectFieldsOutsideCrd } from './crd-undeclared-fields.js';
import type { ImportedResource, ImportResult } from './import-result.js';
import { finishImport } from './import-result.js';
import type { KubernetesImportContext, KubernetesObject, V1beta1Naming } from './kubernetes-object.js';
import { APPMESH_GROUP } from './kubernetes-object.js';
import { convertV1beta1 } from './kubernetes-v1beta1.js';
import { convertV1beta2 } from './kubernetes-v1beta2.js';
import type { SourceDocument } from './source-document.js';
import { DocumentReporter, describeValue, isRecord, readImporterOptions } from './source-document.js';
import { parseYamlWithPositions } from './yaml-with-positions.js';

/**
 * Options of {@link importKubernetesYaml}.
 *
 * @example
 * ```ts
 * import { type ImportKubernetesOptions, importKubernetesYaml } from '@meshplane/core';
 * const options: ImportKubernetesOptions = { file: 'web.yaml', meshName: 'shop' };
 * const text = 'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata: { name: web, namespace: front }\nspec: {}\n';
 * console.log(importKubernetesYaml(text, options).model.resources[0]); // { kind: 'virtualNode', meshName: 'shop', name: 'web_front', spec: {}, source: { file: 'web.yaml', line: 1, column: 1 } }
 * ```
 */
export interface ImportKubernetesOptions {
  /** The file the text came from, for issue locations. */
  file?: string;
  /**
   * Mesh for v1beta2 objects that have no `spec.meshRef` when the input does not settle it (no
   * Mesh, or several and no Namespace labels to match their `namespaceSelector`).
   */
  meshName?: string;
  /** AWS names of v1beta1 nodes, routers and routes: `plain` (default) or `namespaced`. */
  v1beta1Names?: V1beta1Naming;
}

/**
 * Imports the App Mesh controller's Kubernetes custom resources from a YAML stream (multi-document,
 * `---` separated): `appmesh.k8s.aws/v1beta1` (Mesh, VirtualNode, VirtualService with its router and
 * routes inside) and `appmesh.k8s.aws/v1beta2` (Mesh, VirtualNode, VirtualService, VirtualRouter,
 * VirtualGateway, GatewayRoute). `kind: List` documents are expanded; other Kubernetes kinds
 * (Deployment, Service, …) are skipped with a `SKIPPED_DOCUMENT` warning, `v1` Namespaces are read
 * for their labels. Syntax errors are `PARSE_ERROR` issues with line and column, and then the
 * model is empty.
 *
 * @example
 * ```ts
 * import { importKubernetesYaml } from '@meshplane/core';
 * const { model } = importKubernetesYaml(`
 * apiVersion: appmesh.k8s.aws/v1beta1
 * kind: VirtualNode
 * metadata: { name: jazz-v1, namespace: prod }
 * spec:
 *   meshName: dj-app
 *   listeners: [{ portMapping: { port: 9080, protocol: http } }]
 *   serviceDiscovery: { dns: { hostName: jazz-v1.prod.svc.cluster.local } }
 * `);
 * console.log(model.resources[0]?.name); // 'jazz-v1'
 * ```
 */
export function importKubernetesYaml(text: string, rawOptions: ImportKubernetesOptions = {}): ImportResult {
  const options = readImporterOptions(rawOptions, 'importKubernetesYaml');
  const parsed = parseYamlWithPositions(text);
  const file = options.file ?? '<yaml>';
  if (!parsed.ok) {
    return {
      model: { resources: [] },
      issues: parsed.errors.map((e) => ({
        code: 'PARSE_ERROR',
        path: file,
        message: `YAML syntax error: ${e.message}`,
        severity: 'error',
        file,
        line: e.line,
        column: e.column,
      })),
    };
  }
  const docs: SourceDocument[] = parsed.documents.map((d) => ({
    value: d.value,
    file,
    start: d.start,
    locate: d.locate,
  }));
  const issues: ValidationIssue[] = [];
  const out = convertKubernetesDocuments(docs, issues, options);
  return finishImport(out, issues);
}

/** Reads the Kubernetes objects of parsed documents (expanding lists), reporting malformed ones. */
export function readKubernetesObjects(doc: SourceDocument, issues: ValidationIssue[]): KubernetesObject[] {
  const reporter = new DocumentReporter(doc, 'document', [], issues);
  const value = doc.value;
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => {
      const object = readObject(reporter.child([index], `document[${index}]`), item);
      return object ? [object] : [];
    });
  }
  if (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    return value.items.flatMap((item, index) => {
      const object = readObject(reporter.child(['items', index], `items[${index}]`), item);
      return object ? [object] : [];
    });
  }
  const object = readObject(reporter, value);
  return object ? [object] : [];
}

function readObject(reporter: DocumentReporter, value: unknown): KubernetesObject | undefined {
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    reporter.error(
      'INVALID_DOCUMENT',
      [],
      `a Kubernetes document needs apiVersion and kind, got ${describeValue(value)}`,
    );
    return undefined;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    reporter.error(
      'MISSING_MEMBER',
      ['metadata', 'name'],
      `${value.kind} needs metadata.name, got ${describeValue(name)}`,
    );
    return undefined;
  }
  // `spec:` with nothing after it is null in YAML: an empty spec, not a wrong one.
  if (value.spec !== undefined && value.spec !== null && !isRecord(value.spec)) {
    reporter.error('INVALID_TYPE', ['spec'], `spec must be an object, got ${describeValue(value.spec)}`);
    return undefined;
  }
  const namespaceGiven = typeof metadata.namespace === 'string' && metadata.namespace !== '';
  const labels: Record<string, string> = {};
  if (isRecord(metadata.labels)) {
    for (const [key, label] of Object.entries(metadata.labels)) labels[key] = String(label);
  }
  const apiVersion = value.apiVersion;
  const prefix = `k8s.${value.kind}.${name}`;
  return {
    doc: reporter.doc,
    reporter: reporter.child([], prefix),
    apiVersion,
    kind: value.kind,
    name,
    namespace: namespaceGiven ? (metadata.namespace as string) : 'default',
    namespaceGiven,
    labels,
    spec: (value.spec as Record<string, unknown> | undefined) ?? {},
  };
}

/**
 * Converts Kubernetes objects of one import (all files together, so that references resolve
 * across files) into resources in input order.
 */
export function convertKubernetesObjects(
  objects: KubernetesObject[],
  options: { meshName?: string; v1beta1Names?: V1beta1Naming } = {},
): ImportedResource[] {
  const context: KubernetesImportContext = {
    objects,
    out: [],
    ...(options.meshName ? { meshName: options.meshName } : {}),
    ...(options.v1beta1Names ? { v1beta1Names: options.v1beta1Names } : {}),
  };
  for (const object of objects) convertKubernetesObject(object, context);
  return context.out;
}

/** Converts one object, appending to `context.out`; spec fields its CRD lacks are errors. */
export function convertKubernetesObject(object: KubernetesObject, context: KubernetesImportContext): void {
  const before = context.out.length;
  convertByVersion(object, context);
  rejectFieldsOutsideCrd(context.out.slice(before));
}

function convertByVersion(object: KubernetesObject, context: KubernetesImportContext): void {
  if (object.apiVersion === `${APPMESH_GROUP}/v1beta1`) {
    convertV1beta1(object, context);
    return;
  }
  if (object.apiVersion === `${APPMESH_GROUP}/v1beta2`) {
    convertV1beta2(object, context);
    return;
  }
  if (object.apiVersion.startsWith(`${APPMESH_GROUP}/`)) {
    object.reporter.error(
      'UNKNOWN_API_VERSION',
      ['apiVersion'],
      `unsupported App Mesh controller apiVersion ${describeValue(object.apiVersion)}; supported: ${APPMESH_GROUP}/v1beta1 and ${APPMESH_GROUP}/v1beta2`,
    );
    return;
  }
  if (object.apiVersion === 'v1' && object.kind === 'Namespace') return;
  object.reporter.warn(
    'SKIPPED_DOCUMENT',
    [],
    `${object.apiVersion} ${object.kind} "${object.name}" is not an App Mesh resource; skipped`,
  );
}

function convertKubernetesDocuments(
  docs: SourceDocument[],
  issues: ValidationIssue[],
  options: ImportKubernetesOptions,
): ImportedResource[] {
  const objects = docs.flatMap((doc) => readKubernetesObjects(doc, issues));
  return convertKubernetesObjects(objects, options);
}
