import type { TagRef } from '@aws-sdk/client-app-mesh';
import { didYouMean } from '../../errors/suggest-name.js';
import type { MeshplaneResource } from '../../model/resources.js';
import type { ImportedResource } from '../import-result.js';
import type { PathSegment } from '../json-with-positions.js';
import { DocumentReporter, describeValue, isRecord, resourcePath } from '../source-document.js';
import { apiShapeFromProperties } from './api-shape-from-properties.js';
import { Failure, NO_VALUE, UNRESOLVED } from './intrinsic.js';
import type { AppMeshResourceType } from './resource-types/index.js';
import type { TemplateEvaluator } from './template-evaluator.js';
import { readTemplateTags } from './template-tags.js';

// "Resource attributes" (CloudFormation User Guide): the members a resource entry may have.
const RESOURCE_MEMBERS = [
  'Type',
  'Properties',
  'Condition',
  'DependsOn',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
];

/**
 * Converts one `AWS::AppMesh::*` resource of a template into a meshplane resource: its properties
 * checked against the type's, its names and `Spec` resolved, its `Spec` turned into the API shape.
 * Undefined when anything is wrong (every problem reported).
 */
export function convertAppMeshResource(
  logicalId: string,
  type: AppMeshResourceType,
  evaluator: TemplateEvaluator,
): ImportedResource | undefined {
  const reporter = evaluator.reporter;
  const base = ['Resources', logicalId];
  const entry = evaluator.sections.resources[logicalId] as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(entry)) {
    if (RESOURCE_MEMBERS.includes(key)) continue;
    reporter.error(
      'UNKNOWN_MEMBER',
      [...base, key],
      `unknown resource attribute "${key}"${didYouMean(key, RESOURCE_MEMBERS)}; allowed: ${RESOURCE_MEMBERS.join(', ')}`,
    );
    ok = false;
  }
  const properties = entry.Properties ?? {};
  if (!isRecord(properties)) {
    reporter.error(
      'INVALID_TYPE',
      [...base, 'Properties'],
      `Properties must be a map, got ${describeValue(properties)}`,
    );
    return undefined;
  }
  const propertiesPath = [...base, 'Properties'];
  ok = checkPropertyNames(properties, type, propertiesPath, evaluator) && ok;
  if (properties.MeshOwner !== undefined) {
    reporter.warn(
      'IGNORED_MEMBER',
      [...propertiesPath, 'MeshOwner'],
      `MeshOwner is ignored: meshplane manages resources of meshes in the caller's account (a mesh shared by another account is applied there)`,
    );
  }
  const nameOf = (property: string | undefined) =>
    property ? readName(logicalId, property, type, evaluator) : undefined;
  const meshName = nameOf('MeshName');
  const name = nameOf(type.nameProperty);
  const parent = nameOf(type.parentProperty);
  const spec = readSpec(properties, type, [...propertiesPath, 'Spec'], evaluator);
  const tags = readTemplateTags(properties.Tags, [...propertiesPath, 'Tags'], evaluator);
  if (!ok || meshName === null || name === null || parent === null || spec === null || tags === null)
    return undefined;
  const resource = {
    kind: type.kind,
    meshName: meshName!,
    name: name!,
    spec,
    ...(tags ? { tags: tags as TagRef[] } : {}),
    ...(type.parentProperty === 'VirtualRouterName' ? { virtualRouterName: parent } : {}),
    ...(type.parentProperty === 'VirtualGatewayName' ? { virtualGatewayName: parent } : {}),
  } as MeshplaneResource;
  const own = new DocumentReporter(reporter.doc, resourcePath(resource), base, reporter.issues);
  const source = own.where([]);
  if (source) resource.source = source;
  return {
    resource,
    reporter: own,
    fields: {
      spec: ['Properties', 'Spec'],
      tags: ['Properties', 'Tags'],
      name: ['Properties', type.nameProperty],
      meshName: ['Properties', 'MeshName'],
    },
  };
}

function checkPropertyNames(
  properties: Record<string, unknown>,
  type: AppMeshResourceType,
  path: PathSegment[],
  evaluator: TemplateEvaluator,
): boolean {
  let ok = true;
  for (const key of Object.keys(properties)) {
    if (type.properties.includes(key)) continue;
    evaluator.reporter.error(
      'UNKNOWN_MEMBER',
      [...path, key],
      `unknown property "${key}" of ${type.type}${didYouMean(key, type.properties)}; allowed: ${type.properties.join(', ')}`,
    );
    ok = false;
  }
  for (const required of type.required) {
    if (properties[required] !== undefined) continue;
    evaluator.reporter.error('MISSING_MEMBER', path, `${type.type} requires the property ${required}`);
    ok = false;
  }
  return ok;
}

/** A name property's value; null when it cannot be read (reported). */
function readName(
  logicalId: string,
  property: string,
  type: AppMeshResourceType,
  evaluator: TemplateEvaluator,
): string | null {
  const path = ['Resources', logicalId, 'Properties', property];
  const value = evaluator.property(logicalId, property);
  if (value === undefined) {
    // Required names are reported by checkPropertyNames; optional ones CloudFormation generates.
    if (!type.required.includes(property)) {
      evaluator.reporter.error(
        'MISSING_MEMBER',
        ['Resources', logicalId, 'Properties'],
        `${logicalId} (${type.type}) sets no ${property}: CloudFormation would generate a name when the stack is created, which no other stack, proxy or meshplane can know beforehand; set ${property}`,
      );
    }
    return null;
  }
  if (value instanceof Failure) {
    const entry = evaluator.sections.resources[logicalId] as Record<string, Record<string, unknown>>;
    evaluator.fail(value, entry.Properties?.[property], path);
    return null;
  }
  if (value === UNRESOLVED) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') {
    evaluator.reporter.error(
      'INVALID_TYPE',
      path,
      `${property} must be a string, got ${describeValue(value)}`,
    );
    return null;
  }
  return value;
}

/** The Spec in the API shape; null when it cannot be read (reported). */
function readSpec(
  properties: Record<string, unknown>,
  type: AppMeshResourceType,
  path: PathSegment[],
  evaluator: TemplateEvaluator,
): Record<string, unknown> | null {
  if (properties.Spec === undefined) return {};
  const evaluated = evaluator.value(properties.Spec, path);
  if (evaluated === UNRESOLVED) return null;
  if (evaluated === NO_VALUE) {
    // `Spec: !If [c, {...}, !Ref AWS::NoValue]` leaves the resource without a Spec.
    if (!type.required.includes('Spec')) return {};
    evaluator.reporter.error(
      'MISSING_MEMBER',
      path,
      `${type.type} requires the property Spec; here it is AWS::NoValue`,
    );
    return null;
  }
  const { value, ok } = apiShapeFromProperties(evaluated, type.specShape, path, evaluator.reporter);
  return ok && isRecord(value) ? value : null;
}
