import type { ExpressionType } from '@cdktf/hcl2json/lib/syntax-tree.js';
import { MeshplaneError } from '../../errors/meshplane-error.js';

/**
 * `@cdktf/hcl2json` is loaded on first use, never at import: it is HashiCorp's HCL library compiled
 * to WebAssembly (a 1.7 MB `main.wasm.gz` read from its own folder), which only the Terraform
 * importer needs. A static import made every program that imports `@meshplane/core` load it, and
 * made a bundle of `@meshplane/core` (a Lambda function's, say) fail to build: esbuild follows it
 * into its Go glue, which calls `require("performance")`.
 *
 * The specifier is held in a variable on purpose: bundlers (esbuild, Rollup, webpack) resolve and
 * inline `import('literal')` even though it is dynamic, and this package cannot work bundled (it
 * reads the wasm file beside its own code). With a variable, a bundle leaves the import to Node at
 * run time, where it resolves from `node_modules` as any dependency does.
 */
const HCL2JSON = '@cdktf/hcl2json';

/**
 * The two functions of `@cdktf/hcl2json` the importer calls, declared here rather than taken from
 * the package's root types: those reference TypeScript's DOM library (`/// <reference lib="dom" />`),
 * which would change `fetch`'s and `Response`'s types for every program that compiles against
 * `@meshplane/core`'s declarations.
 */
interface HclParser {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
  getExpressionAst(filename: string, expression: string): Promise<ExpressionType | null>;
}

let loading: Promise<HclParser> | undefined;

/**
 * HashiCorp's HCL parser, loaded once. Rejects with a MeshplaneError that says what to install
 * when the package cannot be loaded (a bundle deployed without its `node_modules`).
 */
export function hclParser(): Promise<HclParser> {
  loading ??= (import(HCL2JSON) as Promise<HclParser>).catch((error: unknown) => {
    loading = undefined;
    throw new MeshplaneError(
      'MISSING_DEPENDENCY',
      `Reading Terraform files needs the ${HCL2JSON} package, which could not be loaded (${String((error as Error)?.message ?? error)}). It is a dependency of @meshplane/core: install it beside your code; a bundle cannot include it (it loads a WebAssembly file from its own folder), so mark it external.`,
      { cause: error },
    );
  });
  return loading;
}
