import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pythonTools } from '../../../scripts/python-tools.js';
import { exportLattice, latticeCloudFormation } from '../src/index.js';
import { djCanary } from './dj-app.js';

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

describe('the Lattice CloudFormation form passes cfn-lint', () => {
  it('the DJ app, with a Lambda node', { timeout: 120_000 }, async () => {
    const dj = latticeCloudFormation(exportLattice(djCanary()));
    const withLambda = latticeCloudFormation(
      exportLattice(djCanary(), {
        lambdaFunctions: { 'jazz-v2': 'arn:aws:lambda:us-east-1:111122223333:function:jazz-v2' },
      }),
    );
    expect(Object.values(dj.Resources).map((r) => r.Type)).toContain('AWS::VpcLattice::AuthPolicy');
    expect(await cfnLint({ dj, withLambda })).toBe('');
  });

  it('cfn-lint catches a broken template (the check can fail)', { timeout: 120_000 }, async () => {
    const broken = latticeCloudFormation(exportLattice(djCanary()));
    const listener = Object.values(broken.Resources).find((r) => r.Type === 'AWS::VpcLattice::Listener');
    if (listener) listener.Properties.Protocol = 'UDP';
    expect(await cfnLint({ broken })).toMatch(/UDP/);
  });
});
