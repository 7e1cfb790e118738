import { didYouMean } from '../../errors/suggest-name.js';
import type { ValidationIssue } from '../../errors/validation-issue.js';
import type { ImportedResource } from '../import-result.js';
import type { SourceFile } from '../import-sources.js';
import type { Configuration } from './configuration.js';
import { collectConfiguration } from './configuration.js';
import { ConfigurationScope, type InstanceContext } from './configuration-scope.js';
import { applySteps, type TraversalStep } from './evaluate-expression.js';
import { readHclFile } from './hcl-file.js';
import type { HclBlock, HclPosition } from './hcl-structure.js';
import { terraformIssue, unresolvedIssue } from './terraform-issue.js';
import { type TfValue, UnresolvedExpression } from './terraform-values.js';
import { resolveVariables } from './variable-values.js';

/**
 * Reads the `.tf` files of a module's local source (`./modules/mesh`), relative to the file of
 * the `module` block; a string says why it cannot.
 */
export type ModuleReader = (
  source: string,
  callerFile: string,
) => Promise<{ folder: string; files: SourceFile[] } | string>;

/** Imports the App Mesh resources of one module instance, with an address prefix (`module.mesh.`). */
export type DeclarationImporter = (
  config: Configuration,
  scope: ConfigurationScope,
  prefix: string,
) => Promise<ImportedResource[]>;

/** Arguments of a module block that are not input variables (developer.hashicorp.com/terraform/language/modules/syntax). */
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** Terraform's own limit is far deeper; a module tree this deep is a cycle in practice. */
const MAX_DEPTH = 16;

interface Walk {
  read: ModuleReader | undefined;
  importDeclarations: DeclarationImporter;
  issues: ValidationIssue[];
  /** Folders of the modules being walked, outermost first (a module that calls itself is refused). */
  folders: string[];
}

/**
 * Follows the `module` blocks of a configuration whose source is a local path (`./…`, `../…`):
 * each instance (`count`/`for_each` on the block) gets its variables from the block's arguments
 * (evaluated in the calling module) and imports its App Mesh resources as `module.<name>.<type>.<name>`;
 * `module.<name>.<output>` in the caller reads the module's `output` blocks. Other sources
 * (registry, git, archives) and calls without a reader are `UNFOLLOWED_MODULE` warnings.
 */
export async function importModuleCalls(
  config: Configuration,
  scope: ConfigurationScope,
  prefix: string,
  walk: Walk,
): Promise<ImportedResource[]> {
  const out: ImportedResource[] = [];
  const followed = new Map<string, FollowedModule>();
  const expansions = new Map<string, 'single' | 'count' | 'for_each'>();
  for (const call of config.modules) {
    const source = /^"(.*)"$/s.exec(
      call.block.body.attributes.find((a) => a.name === 'source')?.expression.trim() ?? '',
    )?.[1];
    const local = source !== undefined && (source.startsWith('./') || source.startsWith('../'));
    if (!local || !walk.read) {
      walk.issues.push(
        terraformIssue(
          'UNFOLLOWED_MODULE',
          'warning',
          `${prefix}module.${call.name}`,
          `module "${call.name}" (source ${source === undefined ? 'not a string literal' : JSON.stringify(source)}) is not followed: ${local ? 'local modules are followed when the files are read from disk (loadModelFromPath, meshplane validate <folder>)' : 'only modules with a local path as source are followed'}; App Mesh resources it declares are not imported`,
          call.file,
          call.block.at,
        ),
      );
      continue;
    }
    const child = await readModule(source, call, prefix, walk);
    if (!child) continue;
    let instances: Array<{ context: InstanceContext; suffix: string }>;
    try {
      const expansion = await scope.expansion({
        type: 'module',
        name: call.name,
        block: call.block,
        file: call.file,
      });
      expansions.set(call.name, expansion.mode);
      instances =
        expansion.mode === 'single'
          ? [{ context: {}, suffix: '' }]
          : expansion.mode === 'count'
            ? expansion.keys.map((key) => ({ context: { key }, suffix: `[${key}]` }))
            : expansion.entries.map(([key, value]) => ({
                context: { key, eachValue: value },
                suffix: `[${JSON.stringify(key)}]`,
              }));
    } catch (error) {
      if (!(error instanceof UnresolvedExpression)) throw error;
      walk.issues.push(unresolvedIssue(error, `${prefix}module.${call.name}`, call.file));
      continue;
    }
    const scopes = new Map<number | string | undefined, ConfigurationScope>();
    for (const { context, suffix } of instances) {
      const inputs = await moduleInputs(
        call,
        child.config,
        scope,
        context,
        `${prefix}module.${call.name}${suffix}`,
        walk.issues,
      );
      const variables = await resolveVariables(
        child.config,
        [],
        undefined,
        walk.issues,
        inputs,
        (name) =>
          `give it in module "${call.name}" (${call.file}:${call.block.at.line}:${call.block.at.column}) as ${name} = …`,
      );
      const childScope = new ConfigurationScope(child.config, variables);
      scopes.set(context.key, childScope);
      const childPrefix = `${prefix}module.${call.name}${suffix}.`;
      const inner = { ...walk, folders: [...walk.folders, child.folder] };
      out.push(...(await importModuleCalls(child.config, childScope, childPrefix, inner)));
      out.push(...(await walk.importDeclarations(child.config, childScope, childPrefix)));
    }
    followed.set(call.name, { mode: expansions.get(call.name) ?? 'single', scopes });
  }
  scope.moduleReference = (name, steps, text, at) => {
    const module = followed.get(name);
    return module ? moduleOutput(module, steps, text, at) : undefined;
  };
  return out;
}

async function readModule(
  source: string,
  call: { name: string; block: HclBlock; file: string },
  prefix: string,
  walk: Walk,
): Promise<{ config: Configuration; folder: string } | undefined> {
  const fail = (message: string) => {
    walk.issues.push(
      terraformIssue(
        'FILE_NOT_FOUND',
        'error',
        `${prefix}module.${call.name}`,
        message,
        call.file,
        call.block.at,
      ),
    );
    return undefined;
  };
  if (walk.folders.length >= MAX_DEPTH)
    return fail(`module "${call.name}": modules nest more than ${MAX_DEPTH} deep`);
  const read = await walk.read!(source, call.file);
  if (typeof read === 'string') return fail(`module "${call.name}" (source "${source}"): ${read}`);
  if (walk.folders.includes(read.folder))
    return fail(
      `module "${call.name}" (source "${source}") calls a module that is already being read (${read.folder}): a module cannot call itself`,
    );
  const parsed = await Promise.all(
    read.files.map(async ({ file, text }) => ({ file, result: await readHclFile(file, text) })),
  );
  let ok = true;
  const files = [];
  for (const { file, result } of parsed) {
    if (result.ok) files.push({ file, body: result.body });
    else {
      walk.issues.push(...result.issues);
      ok = false;
    }
  }
  return ok ? { config: collectConfiguration(files, walk.issues), folder: read.folder } : undefined;
}

/** The module block's arguments, evaluated in the calling module; an argument no variable declares is an error. */
async function moduleInputs(
  call: { name: string; block: HclBlock; file: string },
  child: Configuration,
  scope: ConfigurationScope,
  context: InstanceContext,
  address: string,
  issues: ValidationIssue[],
): Promise<Map<string, { value: TfValue; file: string; at: HclPosition }>> {
  const inputs = new Map<string, { value: TfValue; file: string; at: HclPosition }>();
  for (const attribute of call.block.body.attributes) {
    if (MODULE_META.has(attribute.name)) continue;
    if (!child.variables.has(attribute.name)) {
      issues.push(
        terraformIssue(
          'UNKNOWN_PARAMETER',
          'error',
          `${address}.${attribute.name}`,
          `module "${call.name}" is given "${attribute.name}", which the module declares no variable for${didYouMean(attribute.name, [...child.variables.keys()])}`,
          call.file,
          attribute.at,
        ),
      );
      continue;
    }
    try {
      inputs.set(attribute.name, {
        value: await scope.evaluate(attribute, context),
        file: call.file,
        at: attribute.expressionAt,
      });
    } catch (error) {
      if (!(error instanceof UnresolvedExpression)) throw error;
      issues.push(unresolvedIssue(error, `${address}.${attribute.name}`, call.file));
    }
  }
  return inputs;
}

/** The instances of a followed module call, by key (`undefined` without count/for_each). */
interface FollowedModule {
  mode: 'single' | 'count' | 'for_each';
  scopes: Map<number | string | undefined, ConfigurationScope>;
}

/**
 * `module.mesh.name`, `module.genre[0].router`, `module.genre["jazz"].router`: an output of one
 * instance; `module.genre` alone is every instance's outputs (a list under count, a map under
 * for_each), as in Terraform.
 */
async function moduleOutput(
  module: FollowedModule,
  steps: readonly TraversalStep[],
  text: string,
  at: HclPosition,
): Promise<TfValue> {
  let rest = steps;
  let key: number | string | undefined;
  if (module.mode !== 'single') {
    const [index, ...after] = rest;
    if (index === undefined) {
      const entries = await Promise.all(
        [...module.scopes].map(async ([k, s]) => [k, await allOutputs(s)] as const),
      );
      return module.mode === 'count'
        ? entries.map(([, v]) => v)
        : Object.fromEntries(entries.map(([k, v]) => [String(k), v]));
    }
    if (index.kind !== 'index')
      throw new UnresolvedExpression(
        text,
        `the module sets ${module.mode}: name one instance, as module.name[${module.mode === 'count' ? '0' : '"key"'}]`,
        at,
      );
    key = index.key;
    rest = after;
  }
  const scope = module.scopes.get(key);
  if (!scope) throw new UnresolvedExpression(text, `the module has no instance ${JSON.stringify(key)}`, at);
  const [output, ...after] = rest;
  if (output === undefined) return allOutputs(scope);
  const name = output.kind === 'name' ? output.name : String(output.key);
  const value = scope.config.outputs.get(name)?.block.body.attributes.find((a) => a.name === 'value');
  if (!value)
    throw new UnresolvedExpression(
      text,
      `the module declares no output "${name}"${didYouMean(name, [...scope.config.outputs.keys()])}`,
      at,
    );
  return applySteps(await scope.evaluate(value), after, text, at);
}

/** Every output of a module instance that can be evaluated. */
async function allOutputs(scope: ConfigurationScope): Promise<TfValue> {
  const out: Record<string, TfValue> = {};
  for (const [name, { block }] of scope.config.outputs) {
    const value = block.body.attributes.find((a) => a.name === 'value');
    if (!value) continue;
    try {
      out[name] = await scope.evaluate(value);
    } catch (error) {
      if (!(error instanceof UnresolvedExpression)) throw error;
    }
  }
  return out;
}
