import type { ValidationIssue } from '../errors/validation-issue.js';
import { cloudFormationTemplateFormat } from './cloudformation/template-format.js';
import type { ImportedResource } from './import-result.js';
import type { ImportSourcesOptions } from './import-sources.js';
import type { SourceDocument } from './source-document.js';
import { terraformJsonSyntaxFormat } from './terraform/json-syntax-format.js';
import { terraformShowJsonFormat } from './terraform/show-json-format.js';

/**
 * A whole-document input format other than App Mesh documents and controller objects, told apart
 * by its content (a `.json`/`.yaml` file can hold any of them): a CloudFormation template, the
 * output of `terraform show -json`.
 */
export interface DocumentFormat {
  /** Names the format in messages: `CloudFormation template`. */
  readonly name: string;
  /** True when the parsed document is in this format. */
  matches(value: unknown): boolean;
  /** The App Mesh resources the document defines; every problem goes to `issues`. */
  convert(
    doc: SourceDocument,
    issues: ValidationIssue[],
    options: Partial<ImportSourcesOptions>,
  ): ImportedResource[];
}

/** The formats tried, in order, on each document that is not a Kubernetes object. */
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  cloudFormationTemplateFormat,
  terraformShowJsonFormat,
  terraformJsonSyntaxFormat,
];

/** The format of a parsed document, or undefined for App Mesh API documents. */
export function documentFormatOf(value: unknown): DocumentFormat | undefined {
  return DOCUMENT_FORMATS.find((format) => format.matches(value));
}
