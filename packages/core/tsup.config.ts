import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/appmesh/index.ts',
    'src/appmesh/internals.ts',
    'src/cloudmap/index.ts',
    'src/router/index.ts',
    'src/router/internals.ts',
    'src/smithy/index.ts',
    'src/errors/index.ts',
    'src/model/index.ts',
    'src/options/index.ts',
    'src/re2/index.ts',
    'src/validation/index.ts',
  ],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
});
