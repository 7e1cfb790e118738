import type { ValidationIssue } from '../../errors/validation-issue.js';
import type { ImportedResource } from '../import-result.js';
import type { ImportSourcesOptions } from '../import-sources.js';
import type { SourceDocument } from '../source-document.js';
import { describeValue, isRecord } from '../source-document.js';
import { convertAppMeshResource } from './convert-appmesh-resource.js';
import { UNRESOLVED } from './intrinsic.js';
import { propertyPathLocator } from './property-path-locator.js';
import { appMeshResourceType } from './resource-types/index.js';
import { TemplateEvaluator } from './template-evaluator.js';
import { ParameterTable } from './template-parameters.js';
import { TemplateReporter } from './template-reporter.js';
import { readTemplateSections } from './template-sections.js';

/**
 * The App Mesh resources of a CloudFormation template (every `AWS::AppMesh::*` type), with the
 * intrinsic functions they use resolved statically (see `TemplateEvaluator`); other resources are
 * counted in one `IGNORED_RESOURCES` warning. Every problem is an issue at its template path, with
 * file, line and column.
 */
export function importTemplate(
  doc: SourceDocument,
  issues: ValidationIssue[],
  options: Partial<ImportSourcesOptions>,
): ImportedResource[] {
  const template = doc.value as Record<string, unknown>;
  const locate = propertyPathLocator(template, doc.locate);
  const reporter = new TemplateReporter({ ...doc, ...(locate ? { locate } : {}) }, issues);
  const sections = readTemplateSections(template, reporter);
  const given = readGivenParameters(options.parameters);
  const parameters = new ParameterTable(sections.parameters, given, reporter);
  parameters.checkGiven();
  const evaluator = new TemplateEvaluator(sections, parameters, given, reporter);
  const out: ImportedResource[] = [];
  const ignored = new Map<string, number>();
  const excluded: string[] = [];
  for (const [logicalId, entry] of Object.entries(sections.resources)) {
    const type = isRecord(entry) ? entry.Type : undefined;
    if (typeof type !== 'string') {
      reporter.error(
        typeof entry === 'object' && entry !== null ? 'MISSING_MEMBER' : 'INVALID_TYPE',
        ['Resources', logicalId],
        `resource ${logicalId} must be a map with a Type (such as AWS::AppMesh::VirtualNode), got ${describeValue(entry)}`,
      );
      continue;
    }
    if (!type.startsWith('AWS::AppMesh::')) {
      ignored.set(type, (ignored.get(type) ?? 0) + 1);
      continue;
    }
    const appMesh = appMeshResourceType(type);
    if (!appMesh) {
      reporter.error(
        'UNSUPPORTED_RESOURCE_TYPE',
        ['Resources', logicalId, 'Type'],
        `${type} is not an App Mesh resource type; CloudFormation's are AWS::AppMesh::Mesh, VirtualNode, VirtualService, VirtualRouter, Route, VirtualGateway and GatewayRoute`,
      );
      continue;
    }
    const included = evaluator.resourceIncluded(logicalId);
    if (included === UNRESOLVED) continue;
    if (!included) {
      excluded.push(`${logicalId} (Condition ${String((entry as Record<string, unknown>).Condition)})`);
      continue;
    }
    const converted = convertAppMeshResource(logicalId, appMesh, evaluator);
    if (converted) out.push(converted);
  }
  reportIgnored(reporter, ignored, excluded);
  parameters.reportUnusedMissing();
  return out;
}

/** The given parameters as a plain map of strings (numbers and booleans as their text). */
function readGivenParameters(parameters: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(parameters)) return out;
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      Object.defineProperty(out, key, {
        value: String(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

function reportIgnored(reporter: TemplateReporter, ignored: Map<string, number>, excluded: string[]): void {
  const count = [...ignored.values()].reduce((sum, n) => sum + n, 0);
  const parts: string[] = [];
  if (count > 0) {
    const types = [...ignored.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([type, n]) => `${n} ${type}`);
    parts.push(`${count} resource(s) that are not App Mesh resources were ignored: ${types.join(', ')}`);
  }
  if (excluded.length > 0) {
    parts.push(
      `${excluded.length} App Mesh resource(s) are not created because their Condition is false: ${excluded.join(', ')}`,
    );
  }
  if (parts.length > 0) reporter.warn('IGNORED_RESOURCES', ['Resources'], parts.join('; '));
}
