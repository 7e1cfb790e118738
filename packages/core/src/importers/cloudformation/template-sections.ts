import { didYouMean } from '../../errors/suggest-name.js';
import { describeValue, isRecord } from '../source-document.js';
import type { TemplateReporter } from './template-reporter.js';

/** The sections of a template the importer reads (each `{}` when the template has none). */
export interface TemplateSections {
  parameters: Record<string, unknown>;
  mappings: Record<string, unknown>;
  conditions: Record<string, unknown>;
  resources: Record<string, unknown>;
}

// "Template anatomy" (CloudFormation User Guide): the only top-level sections a template may have.
const TOP_LEVEL_SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
];

/**
 * The template's sections, with unknown top-level members (CloudFormation refuses them) and
 * sections that are not maps reported. A `Transform` is reported as a warning: macros (SAM, the
 * language extensions) would change the resources before CloudFormation reads them, and meshplane
 * reads the template as written.
 */
export function readTemplateSections(
  template: Record<string, unknown>,
  reporter: TemplateReporter,
): TemplateSections {
  for (const key of Object.keys(template)) {
    if (TOP_LEVEL_SECTIONS.includes(key)) continue;
    reporter.error(
      'UNKNOWN_MEMBER',
      [key],
      `unknown top-level section "${key}" in a CloudFormation template${didYouMean(key, TOP_LEVEL_SECTIONS)}; allowed: ${TOP_LEVEL_SECTIONS.join(', ')}`,
    );
  }
  if (template.Transform !== undefined) {
    reporter.warn(
      'IGNORED_MEMBER',
      ['Transform'],
      `Transform ${describeValue(template.Transform)} is not applied: meshplane reads the resources as the template writes them, not as a macro would rewrite them`,
    );
  }
  const section = (name: string): Record<string, unknown> => {
    const value = template[name];
    if (value === undefined || value === null) return {};
    if (isRecord(value)) return value;
    reporter.error(
      'INVALID_TYPE',
      [name],
      `${name} must be a map of logical names, got ${describeValue(value)}`,
    );
    return {};
  };
  return {
    parameters: section('Parameters'),
    mappings: section('Mappings'),
    conditions: section('Conditions'),
    resources: section('Resources'),
  };
}
