import { describeValue } from '../../errors/describe-value.js';
import type { ValidationIssue } from '../../errors/validation-issue.js';
import type { ImportedResource, ImportResult } from '../import-result.js';
import { finishImport } from '../import-result.js';
import type { ImportSourcesOptions, SourceFile } from '../import-sources.js';
import type { PathSegment } from '../json-with-positions.js';
import { readImporterOptions } from '../source-document.js';
import { buildAppMeshResource } from './appmesh-resource.js';
import { META_ARGUMENTS } from './appmesh-resource-types.js';
import { type BodyEvaluation, evaluateBody } from './body-values.js';
import {
  type Configuration,
  collectConfiguration,
  type ResourceDeclaration,
  type TerraformFile,
} from './configuration.js';
import { ConfigurationScope, type InstanceContext } from './configuration-scope.js';
import { readHclFile } from './hcl-file.js';
import { importModuleCalls, type ModuleReader } from './module-calls.js';
import { terraformIssue, terraformPath, unresolvedIssue } from './terraform-issue.js';
import { UnresolvedExpression } from './terraform-values.js';
import { resolveVariables } from './variable-values.js';

/** Whether a file is Terraform source: `.tf` configuration or `.tfvars` variable values, in HCL or JSON syntax. */
export function isTerraformFile(file: string): boolean {
  return /\.(tf|tfvars)(\.json)?$/i.test(file);
}

/** Whether a Terraform file holds variable values (`.tfvars`, `.tfvars.json`). */
function isTfvars(file: string): boolean {
  return /\.tfvars(\.json)?$/i.test(file);
}

/**
 * Imports the `aws_appmesh_*` resources of a Terraform configuration: the `.tf` files of one
 * module (as Terraform reads every `.tf` file of a folder) plus `.tfvars` files. Expressions are
 * evaluated statically (see the core README: variables, locals, references between resources,
 * templates, a set of functions, `count`/`for_each`); what cannot be known before apply is an
 * `UNRESOLVED_EXPRESSION` naming the exact expression. Other resources are ignored with one
 * `IGNORED_RESOURCES` warning; `module` blocks are not followed here (`UNFOLLOWED_MODULE`): the
 * texts alone do not say where a module's files are (`loadModelFromPath` follows local ones).
 *
 * Variable values, later wins: `default`, `terraform.tfvars`, `*.auto.tfvars` in name order,
 * other `.tfvars` files in the order given, then `options.variables` (as `-var`).
 *
 * @example
 * ```ts
 * import { importTerraformFiles } from '@meshplane/core';
 * const text = 'variable "mesh" { default = "shop" }\nresource "aws_appmesh_mesh" "this" {\n  name = var.mesh\n}\n';
 * const { model, issues } = await importTerraformFiles([{ file: 'main.tf', text }], { variables: { mesh: 'dj-app' } });
 * console.log(model.resources[0]?.name, issues); // 'dj-app' []
 * ```
 */
export async function importTerraformFiles(
  files: readonly SourceFile[],
  options: ImportSourcesOptions = {},
): Promise<ImportResult> {
  const read = await readTerraformSources(files, options);
  if (read.parseFailed) return { model: { resources: [] }, issues: read.issues };
  return finishImport(read.imported, read.issues);
}

/**
 * The resources of Terraform files before duplicates are resolved, so that `loadModelFromPath`
 * can merge them with the resources of other files. `parseFailed` when any file is not valid HCL
 * (then `issues` holds only the parse errors).
 */
export async function readTerraformSources(
  files: readonly SourceFile[],
  rawOptions: ImportSourcesOptions,
  /** Where issues go (the resources' reporters keep it: finishImport's warnings land there too). */
  issues: ValidationIssue[] = [],
  /** Reads the files of local modules (`module "x" { source = "./x" }`); without it they are not followed. */
  readModule?: ModuleReader,
): Promise<{ imported: ImportedResource[]; issues: ValidationIssue[]; parseFailed: boolean }> {
  const options = readImporterOptions(rawOptions, 'importTerraformFiles');
  if (
    !Array.isArray(files) ||
    files.some((f) => typeof f?.file !== 'string' || typeof f?.text !== 'string')
  ) {
    const issue: ValidationIssue = {
      code: 'FILE_UNREADABLE',
      path: 'files',
      message: `files must be a list of { file: string, text: string }, got ${describeValue(files)}`,
      severity: 'error',
    };
    return { imported: [], issues: [issue], parseFailed: true };
  }
  const parsed = await Promise.all(
    files.map(async ({ file, text }) => ({ file, result: await readHclFile(file, text) })),
  );
  const parseIssues = parsed.flatMap(({ result }) => (result.ok ? [] : result.issues));
  if (parseIssues.length > 0) return { imported: [], issues: parseIssues, parseFailed: true };
  const sources = parsed.map(({ file, result }) => ({
    file,
    body: result.ok ? result.body : { attributes: [], blocks: [] },
  }));
  const first = issues.length;
  const config = collectConfiguration(
    sources.filter((s) => !isTfvars(s.file)),
    issues,
  );
  const variables = await resolveVariables(
    config,
    orderTfvars(sources.filter((s) => isTfvars(s.file))),
    options.variables,
    issues,
  );
  const scope = new ConfigurationScope(config, variables);
  const importDeclarations = async (
    module: Configuration,
    moduleScope: ConfigurationScope,
    prefix: string,
  ) => {
    reportIgnored(module, issues, prefix);
    const out: ImportedResource[] = [];
    for (const declaration of module.appMesh)
      out.push(...(await importDeclaration(declaration, moduleScope, issues, prefix)));
    return out;
  };
  // Modules first: their outputs must be known before the caller's resources read them.
  const fromModules = await importModuleCalls(config, scope, '', {
    read: readModule,
    importDeclarations,
    issues,
    folders: [],
  });
  const imported = [...(await importDeclarations(config, scope, '')), ...fromModules];
  issues.splice(first, issues.length - first, ...dedupe(issues.slice(first)));
  return { imported, issues, parseFailed: false };
}

/**
 * terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json by name, then
 * the others as given (as -var-file): Terraform's order ("Variable Definition Precedence").
 */
function orderTfvars(files: TerraformFile[]): TerraformFile[] {
  const base = (f: TerraformFile) => f.file.split(/[\\/]/).at(-1)!.toLowerCase();
  const main = ['terraform.tfvars', 'terraform.tfvars.json'].flatMap((name) =>
    files.filter((f) => base(f) === name),
  );
  const auto = files
    .filter((f) => /\.auto\.tfvars(\.json)?$/.test(base(f)))
    .sort((a, b) => (base(a) < base(b) ? -1 : base(a) > base(b) ? 1 : 0));
  const rest = files.filter((f) => !main.includes(f) && !auto.includes(f));
  return [...main, ...auto, ...rest];
}

/** One IGNORED_RESOURCES warning per module, with the count of each type. */
function reportIgnored(config: Configuration, issues: ValidationIssue[], prefix: string): void {
  if (config.ignored.size === 0) return;
  const total = [...config.ignored.values()].reduce((a, b) => a + b, 0);
  const first = [...config.resources.values()].find((r) => config.ignored.has(r.type))!;
  issues.push(
    terraformIssue(
      'IGNORED_RESOURCES',
      'warning',
      `${prefix}resource`,
      `${total} resource(s) that are not App Mesh resources were ignored: ${[...config.ignored].map(([type, count]) => `${type} ×${count}`).join(', ')}`,
      first.file,
      first.block.at,
    ),
  );
}

const META = new Set(META_ARGUMENTS);

async function importDeclaration(
  declaration: ResourceDeclaration,
  scope: ConfigurationScope,
  issues: ValidationIssue[],
  prefix: string,
): Promise<ImportedResource[]> {
  const address = `${prefix}${declaration.type}.${declaration.name}`;
  let instances: Array<{ context: InstanceContext; address: string }>;
  try {
    const expansion = await scope.expansion(declaration);
    instances =
      expansion.mode === 'single'
        ? [{ context: {}, address }]
        : expansion.mode === 'count'
          ? expansion.keys.map((key) => ({ context: { key }, address: `${address}[${key}]` }))
          : expansion.entries.map(([key, value]) => ({
              context: { key, eachValue: value },
              address: `${address}[${JSON.stringify(key)}]`,
            }));
  } catch (error) {
    if (!(error instanceof UnresolvedExpression)) throw error;
    issues.push(unresolvedIssue(error, address, declaration.file));
    return [];
  }
  const out: ImportedResource[] = [];
  for (const instance of instances) {
    const evaluation: BodyEvaluation = { positions: new Map(), unresolved: [] };
    const values = await evaluateBody(declaration.block.body, scope, instance.context, [], evaluation, META);
    for (const { error, path } of evaluation.unresolved)
      issues.push(unresolvedIssue(error, terraformPath(instance.address, path), declaration.file));
    // Without its names the resource cannot be told apart: its other problems would only mislead.
    const names = new Set(['name', 'mesh_name', 'virtual_router_name', 'virtual_gateway_name']);
    if (evaluation.unresolved.some(({ path }) => path.length === 1 && names.has(String(path[0])))) continue;
    const imported = buildAppMeshResource(
      declaration.type,
      values,
      {
        file: declaration.file,
        address: instance.address,
        at: declaration.block.at,
        locate: (path: readonly PathSegment[]) => evaluation.positions.get(terraformPath('', path)),
        fromState: false,
      },
      issues,
    );
    if (imported) out.push(imported);
  }
  return out;
}

/** The same problem reached through several references (a local used twice) is reported once. */
function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}|${issue.file}|${issue.line}|${issue.column}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
