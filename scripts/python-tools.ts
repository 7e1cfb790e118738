import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute paths of the PyPI tools that scripts/install-tools.sh installs into .tools/venv. */
export interface PythonTools {
  python: string;
  envoy: string;
  motoServer: string;
  cfnLint: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The tools' paths, installing them first when needed (the script is idempotent and returns at
 * once when requirements-tools.txt has not changed). Tests and examples call this instead of
 * assuming a tool is on PATH: a fresh clone installs what it needs through the project's own
 * script, and a missing tool fails loudly instead of skipping.
 */
export function pythonTools(): PythonTools {
  execFileSync('bash', [join(root, 'scripts/install-tools.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(join(root, '.tools/tools.json'), 'utf8')) as PythonTools;
}
