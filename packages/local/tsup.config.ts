import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', internals: 'src/internals.ts', 'clients/index': 'src/clients/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
});
