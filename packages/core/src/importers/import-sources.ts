import { describeValue } from '../errors/describe-value.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { convertAppMeshDocument } from './appmesh-documents.js';
import { documentFormatOf } from './document-formats.js';
import type { ImportedResource, ImportResult } from './import-result.js';
import { finishImport } from './import-result.js';
import { parseJsonWithPositions } from './json-with-positions.js';
import type { KubernetesImportContext, KubernetesObject, V1beta1Naming } from './kubernetes-object.js';
import { isKubernetesObject } from './kubernetes-object.js';
import { convertKubernetesObject, readKubernetesObjects } from './kubernetes-yaml.js';
import type { PreviewMode } from './preview-upgrade.js';
import type { SourceDocument } from './source-document.js';
import { formatPath, readImporterOptions } from './source-document.js';
import { parseYamlWithPositions } from './yaml-with-positions.js';

/**
 * One input file: its name (used in issues and to pick the parser: `.json` or YAML) and its text.
 *
 * @example
 * ```ts
 * import { importSources, type SourceFile } from '@meshplane/core';
 * const file: SourceFile = { file: 'mesh.yaml', text: 'meshName: shop\n' };
 * console.log(importSources([file]).model.resources[0]?.kind); // 'mesh'
 * ```
 */
export interface SourceFile {
  file: string;
  text: string;
}

/**
 * Options of {@link importSources} and `loadModelFromPath`.
 *
 * @example
 * ```ts
 * import { type ImportSourcesOptions, importSources } from '@meshplane/core';
 * const options: ImportSourcesOptions = { preview: 'refuse' };
 * const text = '{ "meshName": "shop", "virtualNodeName": "a", "spec": { "backends": ["b"] } }';
 * const { issues } = importSources([{ file: 'a.json', text }], options);
 * console.log(issues.map((i) => i.code)); // ['PREVIEW_SHAPE']
 * ```
 */
export interface ImportSourcesOptions {
  /** 2018 preview App Mesh documents: `upgrade` (default, with warnings) or `refuse`. */
  preview?: PreviewMode;
  /** Mesh for v1beta2 Kubernetes objects whose mesh the input does not settle. */
  meshName?: string;
  /** AWS names of v1beta1 nodes, routers and routes: `plain` (default) or `namespaced`. */
  v1beta1Names?: V1beta1Naming;
  /**
   * Values of CloudFormation template parameters (ParameterKey → value, as `aws cloudformation
   * deploy --parameter-overrides` takes them); parameters not given use their `Default`.
   */
  parameters?: Readonly<Record<string, string>>;
  /**
   * Values of Terraform input variables (as `terraform plan -var name=value` takes them); variables
   * not given use their `default`.
   */
  variables?: Readonly<Record<string, string>>;
}

/**
 * The file formats the importers read, by extension.
 *
 * @example
 * ```ts
 * import { SOURCE_EXTENSIONS } from '@meshplane/core';
 * console.log(SOURCE_EXTENSIONS.includes('.yml')); // true
 * ```
 */
export const SOURCE_EXTENSIONS = ['.json', '.yaml', '.yml', '.tf', '.tfvars'] as const;

/**
 * Imports several files as one model, in the order given: `.json` files are App Mesh API documents
 * (or Kubernetes objects in JSON), `.yaml`/`.yml` files are multi-document YAML holding App Mesh
 * controller objects or App Mesh API documents. References between files resolve; when the same
 * resource is defined twice the last definition wins with an `OVERRIDDEN` warning.
 *
 * Parse errors are `PARSE_ERROR` issues with file, line and column; when any file fails to parse,
 * nothing is imported (the model is empty) and every parse error of every file is returned.
 *
 * @example
 * ```ts
 * import { importSources } from '@meshplane/core';
 * const { model, issues } = importSources([
 *   { file: 'mesh.json', text: '{ "meshName": "shop" }' },
 *   { file: 'bad.json', text: '{ "meshName": "shop" }\n}' },
 * ]);
 * console.log(model.resources.length, issues[0]?.line, issues[0]?.column); // 0 2 1
 * ```
 */
export function importSources(
  files: readonly SourceFile[],
  rawOptions: ImportSourcesOptions = {},
): ImportResult {
  const read = readSourceResources(files, rawOptions);
  if (read.parseFailed) return { model: { resources: [] }, issues: read.issues };
  return finishImport(read.imported, read.issues);
}

/**
 * The resources of the files before duplicates are resolved (so that `loadModelFromPath` can
 * merge them with those of Terraform files, read asynchronously); `parseFailed` when a file does
 * not parse (then `issues` holds the parse errors only). Internal to the importers.
 */
export function readSourceResources(
  files: readonly SourceFile[],
  rawOptions: ImportSourcesOptions = {},
  /** Where issues go (the resources' reporters keep it: finishImport's warnings land there too). */
  issues: ValidationIssue[] = [],
): { imported: ImportedResource[]; issues: ValidationIssue[]; parseFailed: boolean } {
  const options = readImporterOptions(rawOptions, 'importSources');
  const parseIssues: ValidationIssue[] = [];
  const docs: SourceDocument[] = [];
  const warnings: ValidationIssue[] = [];
  for (const { file, text } of readableSources(files, parseIssues)) {
    if (/\.(tf|tfvars)$/i.test(file)) {
      // The HCL parser runs asynchronously (WASM): Terraform files go through loadModelFromPath
      // or importTerraformFiles.
      parseIssues.push({
        code: 'UNSUPPORTED_FILE',
        path: file,
        message: `${file} is Terraform: importSources reads JSON and YAML only; use loadModelFromPath or importTerraformFiles for .tf and .tfvars files`,
        severity: 'error',
        file,
      });
      continue;
    }
    if (/\.json$/i.test(file)) {
      const parsed = parseJsonWithPositions(text);
      if (!parsed.ok) {
        parseIssues.push(
          parseIssue(file, `JSON syntax error: ${parsed.message}`, parsed.line, parsed.column),
        );
        continue;
      }
      for (const duplicate of parsed.duplicateKeys) {
        warnings.push({
          code: 'DUPLICATE_KEY',
          path: formatPath(duplicate.path),
          message: `member "${String(duplicate.path.at(-1))}" appears twice in the same object; the last value wins`,
          severity: 'warning',
          file,
          line: duplicate.line,
          column: duplicate.column,
        });
      }
      docs.push({
        value: parsed.value,
        file,
        start: { line: 1, column: 1 },
        locate: parsed.locate,
        owned: true,
      });
    } else {
      const parsed = parseYamlWithPositions(text);
      if (!parsed.ok) {
        for (const error of parsed.errors) {
          parseIssues.push(parseIssue(file, `YAML syntax error: ${error.message}`, error.line, error.column));
        }
        continue;
      }
      if (parsed.documents.length === 0) {
        // An empty JSON file is a syntax error; an empty YAML stream is valid YAML, but say so.
        warnings.push({
          code: 'EMPTY_DOCUMENT',
          path: file,
          message: 'the file holds no YAML document (it is empty or only comments): nothing to import',
          severity: 'warning',
          file,
          line: 1,
          column: 1,
        });
      }
      for (const d of parsed.documents)
        docs.push({ value: d.value, file, start: d.start, locate: d.locate, owned: true });
    }
  }
  if (parseIssues.length > 0) return { imported: [], issues: parseIssues, parseFailed: true };

  issues.push(...warnings);
  // Kubernetes objects are read first so that references resolve across files and documents.
  const objectsByDoc = new Map<SourceDocument, KubernetesObject[]>();
  for (const doc of docs) {
    const value = doc.value;
    const kubernetes =
      isKubernetesObject(value) ||
      (Array.isArray(value) && value.length > 0 && value.every(isKubernetesObject));
    if (kubernetes) objectsByDoc.set(doc, readKubernetesObjects(doc, issues));
  }
  const objects = [...objectsByDoc.values()].flat();
  const context: KubernetesImportContext = {
    objects,
    out: [] as ImportedResource[],
    ...(options.meshName ? { meshName: options.meshName } : {}),
    ...(options.v1beta1Names ? { v1beta1Names: options.v1beta1Names } : {}),
  };
  for (const doc of docs) {
    const found = objectsByDoc.get(doc);
    const format = found ? undefined : documentFormatOf(doc.value);
    if (found) {
      for (const object of found) convertKubernetesObject(object, context);
    } else if (format) {
      context.out.push(...format.convert(doc, issues, options));
    } else {
      context.out.push(...convertAppMeshDocument(doc, issues, options.preview ?? 'upgrade'));
    }
  }
  return { imported: context.out, issues, parseFailed: false };
}

/**
 * The `{ file, text }` entries of `files`; anything else (not a list, an entry without a string
 * file name or text, a member that cannot be read) is a `FILE_UNREADABLE` issue naming it.
 */
function readableSources(files: unknown, issues: ValidationIssue[]): SourceFile[] {
  const problem = (path: string, message: string) =>
    issues.push({ code: 'FILE_UNREADABLE', path, message, severity: 'error' });
  if (!Array.isArray(files)) {
    problem('files', `files must be a list of { file, text }, got ${describeValue(files)}`);
    return [];
  }
  const out: SourceFile[] = [];
  files.forEach((entry: unknown, index) => {
    let file: unknown;
    let text: unknown;
    try {
      ({ file, text } = entry as SourceFile);
    } catch (error) {
      problem(
        `files[${index}]`,
        `files[${index}] cannot be read: ${(error as Error)?.message ?? 'it threw'}`,
      );
      return;
    }
    if (typeof file !== 'string' || typeof text !== 'string') {
      problem(
        `files[${index}]`,
        `files[${index}] must be { file: string, text: string }, got ${describeValue(entry)}`,
      );
      return;
    }
    out.push({ file, text });
  });
  return out;
}

function parseIssue(file: string, message: string, line: number, column: number): ValidationIssue {
  return { code: 'PARSE_ERROR', path: file, message, severity: 'error', file, line, column };
}
