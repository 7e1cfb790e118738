#!/usr/bin/env node
// The published package runs its build. In a clone of the repository, where nothing is built
// after `npm ci`, it runs the TypeScript source through tsx (a devDependency of the workspace)
// with the @meshplane/source export condition, as `npm run meshplane` does.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const built = join(here, '../dist/bin.js');
const source = join(here, '../src/bin.ts');

if (existsSync(built) || !existsSync(source)) {
  await import(built);
} else {
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    console.error(
      'meshplane: this checkout is not built and tsx is not installed: run `npm ci` in the repository, or `npm run build`',
    );
    process.exit(1);
  }
  const result = spawnSync(
    process.execPath,
    ['--conditions=@meshplane/source', '--import', tsx, source, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env } },
  );
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
