import { describe, expect, it } from 'vitest';
import { exportLattice, latticeCloudFormation } from '../src/index.js';
import { cfnLint } from './cloudformation-lint.js';
import { djCanary } from './dj-app.js';
import { routedMesh } from './routed-mesh.js';

describe('the Lattice CloudFormation form passes cfn-lint', () => {
  it('the DJ app, with a Lambda node', { timeout: 120_000 }, async () => {
    const dj = latticeCloudFormation(exportLattice(djCanary()));
    const withLambda = latticeCloudFormation(
      exportLattice(djCanary(), {
        lambdaFunctions: { 'jazz-v2': 'arn:aws:lambda:us-east-1:111122223333:function:jazz-v2' },
      }),
    );
    expect(Object.values(dj.Resources).map((r) => r.Type)).toContain('AWS::VpcLattice::AuthPolicy');
    const checked = djCanary();
    for (const r of checked.resources) {
      if (r.kind !== 'virtualNode') continue;
      const listener = r.spec.listeners?.[0];
      if (listener)
        listener.healthCheck = {
          protocol: 'http',
          path: '/ping',
          intervalMillis: 5000,
          timeoutMillis: 2000,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        };
    }
    const withHealthChecks = latticeCloudFormation(exportLattice(checked));
    expect(JSON.stringify(withHealthChecks)).toMatch(/"HealthCheckIntervalSeconds":5/);
    const withRules = latticeCloudFormation(exportLattice(routedMesh()));
    expect(Object.values(withRules.Resources).filter((r) => r.Type === 'AWS::VpcLattice::Rule')).toHaveLength(
      2,
    );
    expect(await cfnLint({ dj, withLambda, withHealthChecks, withRules })).toBe('');
  });

  it('cfn-lint catches a broken template (the check can fail)', { timeout: 120_000 }, async () => {
    const broken = latticeCloudFormation(exportLattice(djCanary()));
    const listener = Object.values(broken.Resources).find((r) => r.Type === 'AWS::VpcLattice::Listener');
    if (listener) listener.Properties.Protocol = 'UDP';
    expect(await cfnLint({ broken })).toMatch(/UDP/);
  });
});
