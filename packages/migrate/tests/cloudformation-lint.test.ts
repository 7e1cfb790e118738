import { describe, expect, it } from 'vitest';
import { exportLattice, latticeCloudFormation } from '../src/index.js';
import { cfnLint } from './cloudformation-lint.js';
import { djCanary } from './dj-app.js';

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
