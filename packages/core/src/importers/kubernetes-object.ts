import { didYouMean } from '../errors/suggest-name.js';
import type { ImportedResource } from './import-result.js';
import type { PathSegment } from './json-with-positions.js';
import type { DocumentReporter, SourceDocument } from './source-document.js';
import { describeValue, isRecord } from './source-document.js';

/** The App Mesh controller's API group. */
export const APPMESH_GROUP = 'appmesh.k8s.aws';

/** A Kubernetes object read from a YAML document, with what the converters need. */
export interface KubernetesObject {
  doc: SourceDocument;
  reporter: DocumentReporter;
  apiVersion: string;
  kind: string;
  name: string;
  /** `metadata.namespace`, or `default` when absent (what `kubectl apply` uses). */
  namespace: string;
  namespaceGiven: boolean;
  labels: Record<string, string>;
  spec: Record<string, unknown>;
}

/** Everything the converters of one import share: all objects, to resolve references across files. */
export interface KubernetesImportContext {
  objects: KubernetesObject[];
  /** Mesh to use for v1beta2 objects whose mesh cannot be determined otherwise. */
  meshName?: string;
  /**
   * AWS names of v1beta1 virtual nodes, routers and routes: `plain` (the Kubernetes name, as the
   * first controller releases and the DJ app tutorial did; default) or `namespaced` (later v1beta1
   * releases: `<name>-<namespace>`, or the name with dots turned into dashes when it has dots).
   */
  v1beta1Names?: V1beta1Naming;
  out: ImportedResource[];
}

/**
 * How v1beta1 objects are named in App Mesh, see {@link KubernetesImportContext.v1beta1Names}.
 *
 * @example
 * ```ts
 * import { importKubernetesYaml, type V1beta1Naming } from '@meshplane/core';
 * const text = 'apiVersion: appmesh.k8s.aws/v1beta1\nkind: VirtualNode\nmetadata: { name: jazz-v1, namespace: prod }\nspec: { meshName: dj-app }\n';
 * const names = (['plain', 'namespaced'] as V1beta1Naming[]).map(
 *   (v1beta1Names) => importKubernetesYaml(text, { v1beta1Names }).model.resources[0]?.name,
 * );
 * console.log(names); // ['jazz-v1', 'jazz-v1-prod']
 * ```
 */
export type V1beta1Naming = 'plain' | 'namespaced';

/** The AWS name of a v1beta1 virtual node, router or route. */
export function v1beta1AwsName(context: KubernetesImportContext, name: string, namespace: string): string {
  if (context.v1beta1Names !== 'namespaced') return name;
  return name.includes('.') ? name.replaceAll('.', '-') : `${name}-${namespace}`;
}

/** True when the value looks like a Kubernetes object (has `apiVersion` and `kind`). */
export function isKubernetesObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/**
 * Refuses the fields of a controller object that its CRD does not declare (a typo such as
 * `listners:`): an `UNKNOWN_MEMBER` error with the closest declared field, as an App Mesh JSON
 * document's unknown member is (issue 14 item 6). `allowed` lists every field the CRD declares
 * (meshplane maps them, or warns about those without an API equivalent).
 */
export function rejectUndeclared(
  reporter: DocumentReporter,
  value: Record<string, unknown>,
  path: PathSegment[],
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    reporter.error(
      'UNKNOWN_MEMBER',
      [...path, key],
      `${what} has no field "${key}" (the App Mesh controller's CRD does not declare it)${didYouMean(key, allowed)}; its fields: ${allowed.join(', ')}`,
    );
  }
}

/** Reads an object member that must be a record when present. */
export function optionalRecord(
  reporter: DocumentReporter,
  value: Record<string, unknown>,
  key: string,
  path: PathSegment[],
): Record<string, unknown> | undefined | null {
  const member = value[key];
  if (member === undefined || member === null) return undefined;
  if (!isRecord(member)) {
    reporter.error('INVALID_TYPE', [...path, key], `${key} must be an object, got ${describeValue(member)}`);
    return null;
  }
  return member;
}

/** Reads a list member that must be an array when present. */
export function optionalList(
  reporter: DocumentReporter,
  value: Record<string, unknown>,
  key: string,
  path: PathSegment[],
): unknown[] | undefined | null {
  const member = value[key];
  if (member === undefined || member === null) return undefined;
  if (!Array.isArray(member)) {
    reporter.error('INVALID_TYPE', [...path, key], `${key} must be a list, got ${describeValue(member)}`);
    return null;
  }
  return member;
}

/** Reads a required non-empty string member. */
export function requiredString(
  reporter: DocumentReporter,
  value: Record<string, unknown>,
  key: string,
  path: PathSegment[],
  what: string,
): string | undefined {
  const member = value[key];
  if (typeof member === 'string' && member !== '') return member;
  reporter.error(
    member === undefined ? 'MISSING_MEMBER' : 'INVALID_TYPE',
    [...path, key],
    `${what} ${key} must be a non-empty string, got ${describeValue(member)}`,
  );
  return undefined;
}

/** The resource name at the end of an App Mesh ARN: `arn:aws:appmesh:…:mesh/m/virtualNode/n` → `{ mesh: m, name: n }`. */
export function parseAppMeshArn(arn: string): { meshName: string; type: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:appmesh:[^:]*:[^:]*:mesh\/([^/]+)\/([A-Za-z]+)\/([^/]+)$/.exec(arn);
  if (!match) return undefined;
  return { meshName: match[1]!, type: match[2]!, name: match[3]! };
}
