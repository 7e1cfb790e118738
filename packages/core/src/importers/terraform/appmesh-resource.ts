import type { TagRef } from '@aws-sdk/client-app-mesh';
import { didYouMean } from '../../errors/suggest-name.js';
import type { ValidationIssue } from '../../errors/validation-issue.js';
import type { MeshplaneResource } from '../../model/resources.js';
import type { ImportedResource } from '../import-result.js';
import type { PathSegment } from '../json-with-positions.js';
import { DocumentReporter, formatPath, isRecord, resourcePath } from '../source-document.js';
import { APPMESH_RESOURCE_TYPES, COMPUTED_ATTRIBUTES, topLevelArguments } from './appmesh-resource-types.js';
import { type ConversionContext, convertBlock } from './spec-to-api.js';
import { terraformIssue, terraformPath } from './terraform-issue.js';
import { showTfValue, type TfObject, type TfValue } from './terraform-values.js';

/** Where a resource's values came from: the file, the resource's position and a locator of its values. */
export interface ResourceOrigin {
  file: string;
  /** `aws_appmesh_route.jazz` or `aws_appmesh_route.jazz[0]`: the instance's address. */
  address: string;
  at: { line: number; column: number };
  /** The position of a value by its Terraform path inside the resource (`['spec', 0, 'listener', 0]`). */
  locate(path: readonly PathSegment[]): { line: number; column: number } | undefined;
  /** `terraform show -json` output: computed attributes present, zero values mean unset. */
  fromState: boolean;
}

/**
 * Builds the model resource of one `aws_appmesh_*` resource instance from its Terraform values
 * (arguments by name, blocks as lists, as `terraform show -json` prints them and as the HCL
 * evaluation produces them). Every problem is an issue; `undefined` when the resource cannot be
 * imported.
 */
export function buildAppMeshResource(
  type: string,
  values: TfObject,
  origin: ResourceOrigin,
  issues: ValidationIssue[],
): ImportedResource | undefined {
  const resourceType = APPMESH_RESOURCE_TYPES[type]!;
  const apiPositions = new Map<string, { line: number; column: number }>();
  const context: ConversionContext = {
    address: origin.address,
    locate: (path) => origin.locate(path) ?? origin.at,
    issue: (code, severity, path, message) =>
      issues.push(
        terraformIssue(
          code,
          severity,
          terraformPath(origin.address, path),
          message,
          origin.file,
          origin.locate(path) ?? origin.at,
        ),
      ),
    zeroIsUnset: origin.fromState,
    apiPositions,
  };
  const allowed = topLevelArguments(resourceType);
  let ok = true;
  for (const key of Object.keys(values)) {
    if (allowed.includes(key) || (origin.fromState && COMPUTED_ATTRIBUTES.includes(key))) continue;
    context.issue(
      'UNKNOWN_MEMBER',
      'error',
      [key],
      `unknown argument "${key}" in ${origin.address}${didYouMean(key, allowed)}; ${type} takes ${allowed.join(', ')}`,
    );
    ok = false;
  }
  const name = requiredName(values, 'name', context);
  const meshName = resourceType.kind === 'mesh' ? name : requiredName(values, 'mesh_name', context);
  const parent = resourceType.parentArgument
    ? requiredName(values, resourceType.parentArgument, context)
    : undefined;
  if (
    values.mesh_owner !== undefined &&
    values.mesh_owner !== null &&
    values.mesh_owner !== '' &&
    !origin.fromState
  ) {
    context.issue(
      'IGNORED_MEMBER',
      'warning',
      ['mesh_owner'],
      `mesh_owner ${showTfValue(values.mesh_owner)} is ignored: meshplane manages resources of meshes in the caller's account`,
    );
  }
  const tags = readTags(values.tags, context);
  const spec = readSpec(values.spec, resourceType.specShape, resourceType.specRequired, context);
  if (
    !ok ||
    name === undefined ||
    meshName === undefined ||
    (resourceType.parentArgument && parent === undefined) ||
    tags === null ||
    spec === undefined
  ) {
    return undefined;
  }
  const base = { meshName, name, ...(tags ? { tags } : {}), spec };
  const resource = (
    resourceType.kind === 'route'
      ? { kind: 'route', ...base, virtualRouterName: parent }
      : resourceType.kind === 'gatewayRoute'
        ? { kind: 'gatewayRoute', ...base, virtualGatewayName: parent }
        : { kind: resourceType.kind, ...base }
  ) as MeshplaneResource;
  resource.source = { file: origin.file, line: origin.at.line, column: origin.at.column };
  for (const [field, tfName] of [
    ['name', 'name'],
    ['meshName', 'mesh_name'],
    ['tags', 'tags'],
  ] as const) {
    const at = origin.locate([tfName]);
    if (at) apiPositions.set(field, at);
  }
  const doc = {
    value: null,
    file: origin.file,
    start: origin.at,
    locate: (path: readonly PathSegment[]) =>
      path.length === 0 ? origin.at : apiPositions.get(formatPath(path)),
    owned: true,
  };
  return {
    resource,
    reporter: new DocumentReporter(doc, resourcePath(resource), [], issues),
    fields: { spec: ['spec'], tags: ['tags'], name: ['name'], meshName: ['meshName'] },
  };
}

function requiredName(values: TfObject, argument: string, context: ConversionContext): string | undefined {
  const value = values[argument];
  if (typeof value === 'string' && value !== '') return value;
  context.issue(
    value === undefined || value === null ? 'MISSING_MEMBER' : 'INVALID_TYPE',
    'error',
    [argument],
    value === undefined || value === null
      ? `${context.address} has no ${argument}: the provider requires it`
      : `${context.address}.${argument} must be a non-empty string, got ${showTfValue(value)}`,
  );
  return undefined;
}

/** `tags = { team = "dj" }` → `[{ key: 'team', value: 'dj' }]`; `undefined` when absent, `null` when invalid. */
function readTags(value: TfValue | undefined, context: ConversionContext): TagRef[] | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    context.issue(
      'INVALID_TYPE',
      'error',
      ['tags'],
      `${context.address}.tags must be a map of strings, got ${showTfValue(value)}`,
    );
    return null;
  }
  const tags: TagRef[] = [];
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== 'string' && typeof tagValue !== 'number' && typeof tagValue !== 'boolean') {
      context.issue(
        'INVALID_TYPE',
        'error',
        ['tags', key],
        `tag "${key}" of ${context.address} must be a string, got ${showTfValue(tagValue as TfValue)}`,
      );
      return null;
    }
    tags.push({ key, value: String(tagValue) });
  }
  return tags.length === 0 && context.zeroIsUnset ? undefined : tags;
}

function readSpec(
  value: TfValue | undefined,
  shape: string,
  required: boolean,
  context: ConversionContext,
): Record<string, unknown> | undefined {
  const blocks = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  if (blocks.length === 0) {
    if (!required) return {};
    context.issue(
      'MISSING_MEMBER',
      'error',
      [],
      `${context.address} has no spec block: the provider requires one`,
    );
    return undefined;
  }
  if (blocks.length > 1) {
    context.issue(
      'INVALID_TYPE',
      'error',
      ['spec', 1],
      `${context.address} has ${blocks.length} spec blocks: the provider takes one`,
    );
    return undefined;
  }
  return convertBlock(blocks[0]!, shape, ['spec', 0], ['spec'], context);
}
