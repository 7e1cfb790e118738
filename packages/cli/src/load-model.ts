import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ImportCode,
  type ImportSourcesOptions,
  type IssueLocator,
  loadModelFromPath,
  type MeshModel,
  type MeshplaneResource,
  refineIssueLocations,
  type ValidationIssue,
  validate,
} from '@meshplane/core';
import { type CommandFailure, invalidModelJson, printFailure } from './output/failure.js';
import { formatIssue, sortIssues } from './output/issues.js';
import { type Output, printJson } from './output/writer.js';

/**
 * Extensions of model files that are code: imported, their export is the model.
 *
 * @example
 * ```ts
 * import { MODEL_CODE_EXTENSIONS } from './load-model.js'; // inside packages/cli/src
 * console.log(MODEL_CODE_EXTENSIONS.includes('.ts')); // true
 * ```
 */
export const MODEL_CODE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

/**
 * What {@link loadModel} returns: the model and every issue met while loading it.
 *
 * @example
 * ```ts
 * import { type LoadedModel, loadModel } from './load-model.js'; // inside packages/cli/src
 * const loaded: LoadedModel = await loadModel('packages/core/tests/fixtures/shopmesh');
 * console.log(loaded.model.resources.length, loaded.issues[0]?.code); // 0 'PARSE_ERROR'
 * ```
 */
export interface LoadedModel {
  model: MeshModel;
  issues: ValidationIssue[];
  /**
   * Finds the file, line and column of an issue path inside the loaded documents (model modules
   * have no positions); pass it to `refineIssueLocations` with the issues of `validate`.
   */
  locate?: IssueLocator;
}

/**
 * Loads a model for the CLI from any of:
 * - a `.json`/`.yaml`/`.yml` file or a folder of them (App Mesh API documents, 2018 preview
 *   documents, App Mesh controller YAML; see `loadModelFromPath` in `@meshplane/core`);
 * - a `.ts`/`.mts`/`.cts`/`.js`/`.mjs`/`.cjs` module, imported through tsx, whose `default` export or
 *   `model` export is a `MeshModel` or a (possibly async) function returning one.
 *
 * Several paths load as one model, in the order given. Never throws: a missing file, a module that
 * fails to load or exports no model, a parse error, are all issues (`MODEL_LOAD_ERROR`,
 * `MODEL_EXPORT`, `PARSE_ERROR`, …) with the file and, when known, the line and column.
 *
 * @example
 * ```ts
 * import { loadModel } from './load-model.js'; // inside packages/cli/src
 * const { model, issues } = await loadModel('examples/dj-app/src/mesh.ts');
 * console.log(model.resources.length, issues.length);
 * ```
 */
export async function loadModel(
  path: string | readonly string[],
  options: ImportSourcesOptions = {},
): Promise<LoadedModel> {
  const paths = typeof path === 'string' ? [path] : [...path];
  const resources: MeshplaneResource[] = [];
  const issues: ValidationIssue[] = [];
  const locators: IssueLocator[] = [];
  // Consecutive document paths import together so that references and overrides span them.
  let documents: string[] = [];
  const flush = async () => {
    if (documents.length === 0) return;
    const loaded = await loadModelFromPath(documents, options);
    resources.push(...loaded.model.resources);
    issues.push(...loaded.issues);
    if (loaded.locate) locators.push(loaded.locate);
    documents = [];
  };
  for (const p of paths) {
    if (!(MODEL_CODE_EXTENSIONS as readonly string[]).includes(extname(p).toLowerCase())) {
      documents.push(p);
      continue;
    }
    await flush();
    const loaded = await loadModelModule(p);
    resources.push(...loaded.model.resources);
    issues.push(...loaded.issues);
  }
  await flush();
  const failedToParse = issues.some((i) => i.severity === 'error' && LOAD_FAILURE_CODES.has(i.code));
  const locate: IssueLocator = (path) => {
    for (const locator of locators) {
      const found = locator(path);
      if (found) return found;
    }
    return undefined;
  };
  return { model: { resources: failedToParse ? [] : resources }, issues, locate };
}

/**
 * What {@link checkModel} returns: the loaded model, the issues of loading it followed by those of
 * `validate` (located in the input files), and whether none of them is an error.
 *
 * @example
 * ```ts
 * import { type CheckedModel, checkModel } from './load-model.js'; // inside packages/cli/src
 * const checked: CheckedModel = await checkModel(['examples/shopmesh/mesh']);
 * console.log(checked.valid, checked.model.resources.length); // true 15
 * ```
 */
export interface CheckedModel {
  model: MeshModel;
  issues: ValidationIssue[];
  /** No error-severity issue (warnings allowed); an empty model is valid here, see loadValidModel. */
  valid: boolean;
}

/**
 * Loads a model ({@link loadModel}) and validates it with `validate` from `@meshplane/core`
 * (`strict`: an undeclared backend under DROP_ALL is an error), each validation issue refined to the
 * file, line and column of the member it names. The one check every command reads a model through.
 *
 * @example
 * ```ts
 * import { checkModel } from './load-model.js'; // inside packages/cli/src
 * const { valid, issues } = await checkModel(['examples/dj-app/src/mesh.ts'], { strict: true });
 * ```
 */
export async function checkModel(
  paths: string | readonly string[],
  options: ImportSourcesOptions & { strict?: boolean } = {},
): Promise<CheckedModel> {
  const { strict, ...importOptions } = options;
  const loaded = await loadModel(paths, importOptions);
  const issues = [...loaded.issues];
  if (loaded.model.resources.length > 0) {
    // validate() knows where each resource starts; the importer knows where each member is.
    const checked = validate(loaded.model, { strict: strict === true });
    issues.push(...refineIssueLocations(checked.issues, loaded.locate));
  }
  const valid = !issues.some((issue) => issue.severity === 'error');
  return { model: loaded.model, issues, valid };
}

/**
 * Loads and validates a model ({@link checkModel}) for a command that needs a valid, non-empty one
 * (plan, apply, destroy, export, migrate plan). When it cannot be used, prints why and returns
 * undefined (the caller exits 2): every issue, one line each on stderr, or under `--json` the
 * `INVALID_MODEL` failure with `issues`; an empty model is the `EMPTY_MODEL` failure naming the paths
 * and what the command would have done (`purpose`). Warnings of a usable model go to stderr (not
 * under `--json`) and stop nothing.
 *
 * @example
 * ```ts
 * import { loadValidModel } from './load-model.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * const model = await loadValidModel(['examples/dj-app/src/mesh.ts'], processOutput(), { purpose: 'reconcile' });
 * console.log(model?.resources.length);
 * ```
 */
export async function loadValidModel(
  paths: readonly string[],
  output: Output,
  options: { purpose: string; json?: boolean; input?: ImportSourcesOptions },
): Promise<MeshModel | undefined> {
  const json = options.json === true;
  const checked = await checkModel(paths, options.input);
  if (!checked.valid) {
    if (json) printJson(output, invalidModelJson(sortIssues(checked.issues)));
    else for (const issue of sortIssues(checked.issues)) output.err(`${formatIssue(issue)}\n`);
    return undefined;
  }
  // Under --json the document is the whole answer (export --json keeps stderr empty).
  if (!json) for (const issue of sortIssues(checked.issues)) output.err(`${formatIssue(issue)}\n`);
  if (checked.model.resources.length > 0) return checked.model;
  printFailure(output, json, emptyModelFailure(paths, options.purpose));
  return undefined;
}

/**
 * The failure of a model with no resource: `EMPTY_MODEL`, naming the paths and what the command
 * would have done with it (`purpose`: 'reconcile', 'export', 'draw', …).
 *
 * @example
 * ```ts
 * import { emptyModelFailure } from './load-model.js'; // inside packages/cli/src
 * emptyModelFailure(['empty.json'], 'draw').message; // 'empty.json holds no App Mesh resource to draw'
 * ```
 */
export function emptyModelFailure(paths: readonly string[], purpose: string): CommandFailure {
  return { code: 'EMPTY_MODEL', message: `${paths.join(' ')} holds no App Mesh resource to ${purpose}` };
}

// When any input cannot be read at all, nothing is loaded: no half models.
const LOAD_FAILURE_CODES = new Set([
  'PARSE_ERROR',
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'UNSUPPORTED_FILE',
  'NO_INPUT',
  'MODEL_LOAD_ERROR',
  'MODEL_EXPORT',
]);

function loadIssue(
  code: ImportCode,
  file: string,
  message: string,
  line?: number,
  column?: number,
): ValidationIssue {
  const issue: ValidationIssue = { code, path: file, message, severity: 'error', file };
  if (line !== undefined) issue.line = line;
  if (column !== undefined) issue.column = column;
  return issue;
}

/**
 * Imports a model module with tsx and reads its model export. Resources without a `source` get
 * `{ file }` so that validation issues name the module.
 *
 * @example
 * ```ts
 * import { loadModelModule } from './load-model.js'; // inside packages/cli/src
 * const { model, issues } = await loadModelModule('examples/dj-app/src/mesh.ts');
 * console.log(model.resources.length > 0, issues); // true []
 * ```
 */
export async function loadModelModule(file: string): Promise<LoadedModel> {
  // Each failure loads nothing and says why, naming the file.
  const failed = (code: ImportCode, message: string, line?: number, column?: number): LoadedModel => ({
    model: { resources: [] },
    issues: [loadIssue(code, file, message, line, column)],
  });
  try {
    await stat(file);
  } catch {
    return failed('FILE_NOT_FOUND', `no such file: ${file}`);
  }
  let module: Record<string, unknown>;
  try {
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(pathToFileURL(resolve(file)).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    const { message, line, column } = describeLoadError(error);
    return failed('MODEL_LOAD_ERROR', `cannot load the model module: ${message}`, line, column);
  }
  const exported = pickModelExport(module);
  if (exported === undefined) {
    return failed(
      'MODEL_EXPORT',
      `the module exports no model: expected a default export or a "model" export holding a MeshModel (or a function returning one), e.g. export default defineMesh({ ... }); found exports: ${exportNames(module).join(', ') || 'none'}`,
    );
  }
  let value: unknown = exported;
  if (typeof exported === 'function') {
    try {
      value = await (exported as () => unknown)();
    } catch (error) {
      return failed(
        'MODEL_LOAD_ERROR',
        `the exported model function threw: ${describeLoadError(error).message}`,
      );
    }
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray((value as { resources?: unknown }).resources)
  ) {
    return failed(
      'MODEL_EXPORT',
      `the exported model must be a MeshModel ({ resources: [...] }), got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  const resources = (value as MeshModel).resources.map((resource) =>
    typeof resource === 'object' && resource !== null && resource.source === undefined
      ? { ...resource, source: { file } }
      : resource,
  );
  return { model: { resources }, issues: [] };
}

/**
 * The model export of a module: `default` or `model`, looking through the CommonJS interop
 * wrapper (`default` = `module.exports`) that a file outside an ESM package gets.
 */
function pickModelExport(module: Record<string, unknown>): unknown {
  const isModelLike = (value: unknown) =>
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && 'resources' in (value as Record<string, unknown>));
  const wrapper = module.default;
  const inner =
    typeof wrapper === 'object' && wrapper !== null ? (wrapper as Record<string, unknown>) : undefined;
  const candidates = [module.default, module.model, inner?.default, inner?.model];
  return candidates.find(isModelLike) ?? candidates.find((c) => c !== undefined && c !== inner);
}

/**
 * The names a module exports as its author wrote them: without the `default` that CommonJS interop
 * adds (an object holding the named exports), which the author did not write.
 */
function exportNames(module: Record<string, unknown>): string[] {
  const names = Object.keys(module);
  const wrapper = module.default;
  const named = names.filter((name) => name !== 'default');
  const isInterop =
    typeof wrapper === 'object' &&
    wrapper !== null &&
    named.length > 0 &&
    named.every((name) => name in (wrapper as Record<string, unknown>));
  return isInterop ? named : names;
}

/** The message of an error and, for esbuild transform errors, where it points. */
function describeLoadError(error: unknown): { message: string; line?: number; column?: number } {
  if (!(error instanceof Error)) return { message: String(error) };
  // esbuild (inside tsx) reports "Transform failed with N error(s):\n<file>:<line>:<column>: ERROR: <text>".
  const located = /^.*:(\d+):(\d+): ERROR: (.*)$/m.exec(error.message);
  if (located) {
    return { message: located[3]!, line: Number(located[1]), column: Number(located[2]) + 1 };
  }
  return { message: error.message.split('\n')[0] ?? error.message };
}
