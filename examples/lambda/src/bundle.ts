import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * The router and the middleware only use undici's `Agent` and its `request()`; undici's index
 * also loads fetch, WebSocket, caches, mocks and the other dispatcher APIs. Resolve `undici` to
 * the Agent plus the `request()` that the index would have mixed into every dispatcher.
 */
const undiciAgentOnly: Plugin = {
  name: 'undici-agent-only',
  setup(b) {
    const lib = (path: string) => JSON.stringify(require.resolve(`undici/lib/${path}`));
    b.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici-agent', namespace: 'undici-agent' }));
    b.onLoad({ filter: /.*/, namespace: 'undici-agent' }, () => ({
      contents: [
        `import Agent from ${lib('dispatcher/agent.js')};`,
        `import Dispatcher from ${lib('dispatcher/dispatcher.js')};`,
        `import request from ${lib('api/api-request.js')};`,
        'Object.assign(Dispatcher.prototype, { request });',
        'export { Agent };',
      ].join('\n'),
      resolveDir: dirname(require.resolve('undici/package.json')),
      loader: 'js',
    }));
  },
};

/**
 * undici ships its HTTP parser twice, as SIMD and as plain WebAssembly, and uses the plain one
 * only when SIMD is unsupported. Lambda's x86_64 and arm64 Node.js runtimes support WebAssembly
 * SIMD, so the fallback is left out (it fails loudly if ever needed).
 */
const simdParserOnly: Plugin = {
  name: 'llhttp-simd-only',
  setup(b) {
    b.onLoad({ filter: /undici[\\/]lib[\\/]llhttp[\\/]llhttp-wasm\.js$/ }, () => ({
      contents: "throw new Error('this bundle carries only the SIMD build of llhttp');",
      loader: 'js',
    }));
  },
};

/**
 * undici speaks HTTP/2 only when a dispatcher is created with `allowH2`, which the router never
 * does; its HTTP/2 client is left out (it fails loudly if ever reached).
 */
const http1Only: Plugin = {
  name: 'undici-http1-only',
  setup(b) {
    b.onLoad({ filter: /undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/ }, () => ({
      contents: "module.exports = () => { throw new Error('this bundle carries no HTTP/2 client'); };",
      loader: 'js',
    }));
  },
};

/**
 * undici's HTTP/1.1 client loads the fetch body encoder (with WebIDL, FormData and data: URL
 * parsing, ~40 KB) only to send a `FormData` request body; the router's bodies are strings,
 * bytes and streams. Left out (a `FormData` body fails loudly, naming this bundle's choice).
 */
const noFormDataBodies: Plugin = {
  name: 'undici-no-formdata-bodies',
  setup(b) {
    b.onLoad({ filter: /undici[\\/]lib[\\/]web[\\/]fetch[\\/]body\.js$/ }, () => ({
      contents:
        "module.exports = { extractBody() { throw new Error('this bundle carries no FormData request bodies: send a string, bytes or a stream'); } };",
      loader: 'js',
    }));
  },
};

/**
 * AWS SDK clients import their whole `package.json` to put `version` in the user agent; keep only
 * `name` and `version`.
 */
const sdkPackageVersionOnly: Plugin = {
  name: 'aws-sdk-package-version-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const { name, version } = JSON.parse(await readFile(args.path, 'utf8')) as {
        name: string;
        version: string;
      };
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/** What a bundle came out as. */
export interface BundleResult {
  /** Every output file and its size in bytes. */
  files: Record<string, number>;
  /** All files: the deployment package. */
  totalBytes: number;
  metafile: Metafile;
}

/**
 * Bundles the example handler for Lambda (nodejs22.x) with esbuild: ESM, minified, the AWS SDK
 * clients included and tree-shaken (their ES module builds, `module` main field and condition),
 * undici reduced to its Agent and `request()` over HTTP/1.1 without FormData bodies, llhttp to its
 * SIMD build.
 *
 * @example
 * ```ts
 * import { bundleHandler } from './bundle.js';
 * const { totalBytes } = await bundleHandler('/tmp/dj-lambda');
 * console.log(`${(totalBytes / 1024).toFixed(0)} KB`);
 * ```
 */
export async function bundleHandler(outdir: string): Promise<BundleResult> {
  const entry = join(dirname(fileURLToPath(import.meta.url)), 'handler.ts');
  const result = await build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    mainFields: ['module', 'main'],
    conditions: ['@meshplane/source', 'module'],
    // ESM output still meets CommonJS dependencies that call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    plugins: [undiciAgentOnly, simdParserOnly, http1Only, noFormDataBodies, sdkPackageVersionOnly],
    metafile: true,
    logLevel: 'silent',
  });
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
