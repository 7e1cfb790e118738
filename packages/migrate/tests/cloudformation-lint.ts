import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pythonTools } from '../../../scripts/python-tools.js';

/** Runs the real cfn-lint on templates; resolves to its output (empty when every template passes). */
export async function cfnLint(templates: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-cfn-'));
  try {
    const files: string[] = [];
    for (const [name, template] of Object.entries(templates)) {
      const file = join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify(template, null, 2));
      files.push(file);
    }
    try {
      await promisify(execFile)(pythonTools().cfnLint, ['--regions', 'us-east-1', '--', ...files]);
      return '';
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
