import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ImportCode } from '../errors/issue-codes.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import type { ImportResult } from './import-result.js';
import { finishImport } from './import-result.js';
import type { ImportSourcesOptions, SourceFile } from './import-sources.js';
import { readSourceResources, SOURCE_EXTENSIONS } from './import-sources.js';
import { isTerraformFile, readTerraformSources } from './terraform/import-terraform-files.js';
import { readModuleFolder } from './terraform/read-module-folder.js';

/**
 * In a folder, Terraform reads `terraform.tfvars` and `*.auto.tfvars` by itself; other `.tfvars`
 * files only when named (`-var-file`), so a folder listing leaves them out.
 */
function autoLoaded(name: string): boolean {
  // Terraform loads terraform.tfvars and *.auto.tfvars by itself, and their .json forms too.
  const lower = name.toLowerCase().replace(/\.tfvars\.json$/, '.tfvars');
  return !lower.endsWith('.tfvars') || lower === 'terraform.tfvars' || lower.endsWith('.auto.tfvars');
}

/**
 * Lists the files a path stands for: the file itself, or the `.json`/`.yaml`/`.yml`/`.tf` files (and the `.tfvars` files Terraform loads by itself) directly
 * inside a folder in sorted name order (code-unit order, so the result does not depend on the
 * locale). Problems are issues, never exceptions.
 *
 * @example
 * ```ts
 * import { listSourceFiles } from '@meshplane/core';
 * const { files, issues } = await listSourceFiles('examples/shopmesh/mesh');
 * ```
 */
export async function listSourceFiles(path: string): Promise<{ files: string[]; issues: ValidationIssue[] }> {
  const fail = (code: ImportCode, message: string) => ({
    files: [],
    issues: [{ code, path, message, severity: 'error' as const, file: path }],
  });
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      code === 'ENOENT'
        ? `no such file or folder: ${path}`
        : `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  if (info.isDirectory()) {
    let entries: string[];
    try {
      entries = await readdir(path);
    } catch (error) {
      return fail('FILE_UNREADABLE', `cannot list the folder ${path}: ${(error as Error).message}`);
    }
    const names = entries.filter(
      (name) =>
        (SOURCE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()) && autoLoaded(name),
    );
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (names.length === 0) {
      return fail('NO_INPUT', `the folder ${path} has no ${SOURCE_EXTENSIONS.join('/')} files`);
    }
    return { files: names.map((name) => join(path, name)), issues: [] };
  }
  if (!(SOURCE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
    return fail(
      'UNSUPPORTED_FILE',
      `cannot import ${path}: expected a ${SOURCE_EXTENSIONS.join(', ')} file or a folder of them`,
    );
  }
  return { files: [path], issues: [] };
}

/**
 * Loads a model from a `.json`/`.yaml`/`.yml`/`.tf`/`.tfvars` file or a folder of them (see
 * `importSources` for formats, the override rule and parse errors; `.tf` files are read as one
 * Terraform configuration by `importTerraformFiles`, with `terraform.tfvars` and `*.auto.tfvars`
 * of a folder). Several paths import as one model, in the order
 * given. Never throws: unreadable input is reported as issues and leaves the model empty.
 *
 * @example
 * ```ts
 * import { loadModelFromPath } from '@meshplane/core';
 * const { model, issues } = await loadModelFromPath('packages/core/tests/fixtures/dj-app');
 * console.log(model.resources.length, issues.filter((i) => i.severity === 'error').length); // 9 0
 * console.log(issues[0]?.code, issues[0]?.line, issues[0]?.column); // 'OVERRIDDEN' 11 7
 * ```
 */
export async function loadModelFromPath(
  path: string | readonly string[],
  options: ImportSourcesOptions = {},
): Promise<ImportResult> {
  const paths = typeof path === 'string' ? [path] : path;
  const files: string[] = [];
  const issues: ValidationIssue[] = [];
  for (const p of paths) {
    const listed = await listSourceFiles(p);
    files.push(...listed.files);
    issues.push(...listed.issues);
  }
  const sources: SourceFile[] = [];
  for (const file of files) {
    try {
      sources.push({ file, text: await readFile(file, 'utf8') });
    } catch (error) {
      issues.push({
        code: 'FILE_UNREADABLE',
        path: file,
        message: `cannot read ${file}: ${(error as Error).message}`,
        severity: 'error',
        file,
      });
    }
  }
  if (issues.length > 0) return { model: { resources: [] }, issues };
  // Terraform files are read together (one configuration); their resources join the others'
  // after them, so that references and duplicates resolve across all the files.
  const shared: ValidationIssue[] = [];
  const others = readSourceResources(
    sources.filter((s) => !isTerraformFile(s.file)),
    options,
    shared,
  );
  const terraformSources = sources.filter((s) => isTerraformFile(s.file));
  const terraform =
    terraformSources.length > 0
      ? await readTerraformSources(
          terraformSources,
          options,
          others.parseFailed ? [] : shared,
          readModuleFolder,
        )
      : { imported: [], issues: [], parseFailed: false };
  if (others.parseFailed || terraform.parseFailed) {
    return {
      model: { resources: [] },
      issues: [
        ...(others.parseFailed ? others.issues : []),
        ...(terraform.parseFailed ? terraform.issues : []),
      ],
    };
  }
  return finishImport([...others.imported, ...terraform.imported], shared);
}
