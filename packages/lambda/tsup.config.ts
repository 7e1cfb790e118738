import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
};

// Two builds, because the middleware is imported on every Lambda cold start. Node 20's ES module
// loader pays about 0.8 ms of CPU per file, whatever its size; built with the other entries, the
// middleware's import read 11 files (its own chunks shared with the other entries, and core's
// options and errors entries with their chunks) and cost 10-14 ms. Built alone, with core's
// options checker and error root inlined, it reads 2 files and costs about 3 ms.
// Inlining is safe because what crosses copies is keyed by registered symbols: error classes are
// branded (`instanceof MeshplaneError` holds for the inlined copy, core/src/errors/error-brand.ts),
// and option dependencies live under `Symbol.for` (core/src/options/option-schema.ts). Only the
// stateless options and errors entries are inlined: the router, Cloud Map discovery and the
// model stay imports of @meshplane/core (lazily loaded by the runtime), one copy per process.
export default defineConfig([
  {
    ...common,
    entry: [
      'src/index.ts',
      'src/app-mesh-source/index.ts',
      'src/xray/index.ts',
      'src/custom-resource/index.ts',
      'src/testing/index.ts',
    ],
    // Both builds write dist/: the build script empties it first, as neither may clean it
    // while the other writes.
    clean: false,
  },
  {
    ...common,
    entry: { 'middleware/index': 'src/middleware/index.ts' },
    noExternal: [/^@meshplane\/core\/(options|errors)$/],
    clean: false,
  },
]);
