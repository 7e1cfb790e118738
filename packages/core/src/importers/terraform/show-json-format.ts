import type { ValidationIssue } from '../../errors/validation-issue.js';
import type { DocumentFormat } from '../document-formats.js';
import type { ImportedResource } from '../import-result.js';
import type { PathSegment } from '../json-with-positions.js';
import type { SourceDocument } from '../source-document.js';
import { DocumentReporter, formatPath, isRecord } from '../source-document.js';
import { buildAppMeshResource } from './appmesh-resource.js';
import { APPMESH_RESOURCE_TYPES } from './appmesh-resource-types.js';
import type { TfObject } from './terraform-values.js';

/**
 * The JSON that `terraform show -json` prints for a state or a saved plan
 * (developer.hashicorp.com/terraform/internals/json-format): `format_version` and
 * `values.root_module` (state) or `planned_values.root_module` (plan), each module with
 * `resources` (`address`, `mode`, `type`, `name`, `index`, `values`) and `child_modules`.
 * The values are the provider's schema shapes (nested blocks as lists:
 * `spec[0].listener[0].port_mapping[0].port`), with computed attributes (`id`, `arn`, …) and
 * the zero values the provider stores for unset optional arguments.
 */
export const terraformShowJsonFormat: DocumentFormat = {
  name: 'terraform show -json output',
  matches(value) {
    return (
      isRecord(value) &&
      typeof value.format_version === 'string' &&
      (isRecord(value.values) || isRecord(value.planned_values))
    );
  },
  convert(doc, issues) {
    const value = doc.value as Record<string, unknown>;
    const rootKey = isRecord(value.values) ? 'values' : 'planned_values';
    const root = (value[rootKey] as Record<string, unknown>).root_module;
    const reporter = new DocumentReporter(doc, rootKey, [rootKey], issues);
    if (!isRecord(root)) {
      reporter.error(
        'MISSING_MEMBER',
        ['root_module'],
        `${rootKey}.root_module must be an object, got ${JSON.stringify(root) ?? 'nothing'}`,
      );
      return [];
    }
    const out: ImportedResource[] = [];
    const ignored = new Map<string, number>();
    readModule(doc, [rootKey, 'root_module'], root, issues, out, ignored);
    if (ignored.size > 0) {
      const total = [...ignored.values()].reduce((a, b) => a + b, 0);
      reporter.warn(
        'IGNORED_RESOURCES',
        ['root_module'],
        `${total} resource(s) that are not App Mesh resources were ignored: ${[...ignored].map(([type, count]) => `${type} ×${count}`).join(', ')}`,
      );
    }
    return out;
  },
};

function readModule(
  doc: SourceDocument,
  path: PathSegment[],
  module: Record<string, unknown>,
  issues: ValidationIssue[],
  out: ImportedResource[],
  ignored: Map<string, number>,
): void {
  const reporter = new DocumentReporter(doc, formatPath(path), path, issues);
  const resources = module.resources ?? [];
  if (!Array.isArray(resources)) {
    reporter.error('INVALID_TYPE', ['resources'], `${formatPath([...path, 'resources'])} must be a list`);
    return;
  }
  resources.forEach((resource, index) => {
    const at = [...path, 'resources', index];
    if (!isRecord(resource) || typeof resource.type !== 'string' || !isRecord(resource.values)) {
      reporter.error(
        'INVALID_DOCUMENT',
        ['resources', index],
        `${formatPath(at)} must be a resource object with type and values`,
      );
      return;
    }
    if (resource.mode === 'data') return;
    const type = resource.type;
    if (!Object.hasOwn(APPMESH_RESOURCE_TYPES, type)) {
      if (type.startsWith('aws_appmesh_')) {
        reporter.error(
          'UNSUPPORTED_RESOURCE_TYPE',
          ['resources', index, 'type'],
          `resource type "${type}" is not an App Mesh resource type of the AWS provider; meshplane reads ${Object.keys(APPMESH_RESOURCE_TYPES).join(', ')}`,
        );
      } else ignored.set(type, (ignored.get(type) ?? 0) + 1);
      return;
    }
    const valuesPath = [...at, 'values'];
    const locate = (inner: readonly PathSegment[]) => doc.locate?.([...valuesPath, ...inner]);
    const start = doc.locate?.(at) ?? doc.start ?? { line: 1, column: 1 };
    const built = buildAppMeshResource(
      type,
      resource.values as TfObject,
      {
        file: doc.file ?? 'document',
        address: typeof resource.address === 'string' ? resource.address : `${type}.${String(resource.name)}`,
        at: start,
        locate,
        fromState: true,
      },
      issues,
    );
    if (built) out.push(built);
  });
  const children = module.child_modules ?? [];
  if (!Array.isArray(children)) {
    reporter.error(
      'INVALID_TYPE',
      ['child_modules'],
      `${formatPath([...path, 'child_modules'])} must be a list`,
    );
    return;
  }
  children.forEach((child, index) => {
    if (isRecord(child)) readModule(doc, [...path, 'child_modules', index], child, issues, out, ignored);
  });
}
