import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

/** What a bundle came out as. */
export interface BundleResult {
  /** Every output file and its size in bytes. */
  files: Record<string, number>;
  /** All files: the deployment package. */
  totalBytes: number;
  metafile: Metafile;
}

/**
 * The packages the Lambda Node.js runtimes (nodejs18.x and later) provide: the AWS SDK for
 * JavaScript v3. CDK's `NodejsFunction` leaves exactly these out by default (`externalModules:
 * ['@aws-sdk/*']`); everything else, `@smithy/*` included, is bundled.
 */
export const RUNTIME_PROVIDED = ['@aws-sdk/*'];

/**
 * The esbuild options of the example function's deployment package, as users build one: esbuild's
 * defaults plus bundling, minifying, ESM for Node 22 and the runtime-provided AWS SDK external. No
 * plugins, no aliases, no main-field tricks.
 *
 * @example
 * ```ts
 * import { handlerBuildOptions } from './bundle.js';
 * console.log(handlerBuildOptions('/tmp/dj-lambda').external); // [ '@aws-sdk/*' ]
 * ```
 */
export function handlerBuildOptions(outdir: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: [join(dirname(fileURLToPath(import.meta.url)), 'handler.ts')],
    outdir,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // `.mjs`: Lambda loads the handler as an ES module without a package.json beside it.
    outExtension: { '.js': '.mjs' },
    external: RUNTIME_PROVIDED,
    // The workspace packages' TypeScript sources, which bundle to the same code as their built
    // dist (what an installed @meshplane/* resolves to); a user's build needs no condition.
    conditions: ['@meshplane/source'],
    // ESM output still meets CommonJS dependencies (aws-xray-sdk-core) that call require() for
    // Node built-ins; the banner CDK's documentation gives for ESM bundles.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * Bundles the example handler for Lambda (nodejs22.x) with plain esbuild
 * ({@link handlerBuildOptions}): one `handler.mjs` that imports only Node built-ins and the
 * runtime's AWS SDK.
 *
 * @example
 * ```ts
 * import { bundleHandler } from './bundle.js';
 * const { totalBytes } = await bundleHandler('/tmp/dj-lambda');
 * console.log(totalBytes < 150 * 1024); // true
 * ```
 */
export async function bundleHandler(outdir: string): Promise<BundleResult> {
  const result = await build(handlerBuildOptions(outdir));
  const files: Record<string, number> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.map')) files[file] = output.bytes;
  }
  return {
    files,
    totalBytes: Object.values(files).reduce((a, b) => a + b, 0),
    metafile: result.metafile,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? 'dist';
  const { files, totalBytes } = await bundleHandler(out);
  for (const [file, bytes] of Object.entries(files)) console.log(`${file}  ${(bytes / 1024).toFixed(1)} KB`);
  console.log(`total ${(totalBytes / 1024).toFixed(1)} KB`);
}
