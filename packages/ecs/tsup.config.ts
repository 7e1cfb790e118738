import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/agent/index.ts', 'src/agent/bin.ts', 'src/internals.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
});
