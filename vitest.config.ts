import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from their TypeScript sources through the
// `@meshplane/source` export condition, so no build is needed before `npm test`.
const conditions = ['@meshplane/source', 'import', 'node', 'default'];

const project = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, root, include: ['tests/**/*.test.ts'], ...extra },
});

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@meshplane/source'] } },
  test: {
    environment: 'node',
    // Node 20 is the documented development runtime; the SDK's end-of-support notice is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Absolute: each project resolves relative paths from its own root.
    globalSetup: [fileURLToPath(new URL('./vitest.global-setup.ts', import.meta.url))],
    projects: [
      project('core', 'packages/core', {
        typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: '../../tsconfig.json' },
      }),
      project('xds', 'packages/xds'),
      project('local', 'packages/local'),
      project('lambda', 'packages/lambda'),
      project('ecs', 'packages/ecs'),
      project('migrate', 'packages/migrate'),
      project('cli', 'packages/cli'),
      project('examples', 'examples', { include: ['*/tests/**/*.test.ts'] }),
      // Runs every code block of the READMEs and docs pages (or checks its not-runnable reason).
      project('docs', 'tests/docs', { include: ['*.test.ts'], testTimeout: 300_000 }),
      // Builds, packs and installs every package into an empty project: minutes, not seconds.
      project('packaging', 'tests/packaging', {
        include: ['*.test.ts'],
        testTimeout: 600_000,
        hookTimeout: 900_000,
      }),
    ],
  },
});
