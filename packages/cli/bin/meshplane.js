#!/usr/bin/env node
// The published package runs its build (it ships no src/). In a clone of the repository the
// source is the truth (a dist/ left by an earlier `npm run build` may be stale, or built against
// other packages' older dist/), so it runs the TypeScript source through tsx (a devDependency of
// the workspace) with the @meshplane/source export condition, as `npm run meshplane` does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, '../dist/bin.js');
const source = join(here, '../src/bin.ts');

let tsx;
if (existsSync(source)) {
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    tsx = undefined;
  }
}
if (tsx === undefined) {
  if (!existsSync(built)) {
    console.error(
      'meshplane: this checkout is not built and tsx is not installed: run `npm ci` in the repository',
    );
    process.exit(1);
  }
  await import(built);
} else {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@meshplane/source', '--import', tsx, source, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env } },
  );
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
