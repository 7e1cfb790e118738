import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/exit-codes.js';
import { REPO as repo, runProgram as run } from './support/run-cli.js';

const shopmesh = `${repo}examples/shopmesh/mesh`;
const dj = `${repo}examples/dj-app/src/mesh.ts`;

describe('meshplane export', () => {
  it('writes the Lattice CloudFormation form and a report; exit 3 when the report is not clean', async () => {
    const { stdout, stderr, exitCode } = await run('export', '--to', 'lattice', shopmesh);
    const template = JSON.parse(stdout);
    expect(template.Resources.ShopmeshServiceNetwork.Type).toBe('AWS::VpcLattice::ServiceNetwork');
    expect(stderr).toMatch(/egress filter DROP_ALL/);
    expect(exitCode).toBe(3);
  });

  it('--format json carries the export and the report', async () => {
    const { stdout, exitCode } = await run('export', '--to', 'service-connect', '--format', 'json', dj);
    const { export: exported, report } = JSON.parse(stdout);
    expect(exported.nodes).toHaveLength(5);
    expect(report.clean).toBe(false);
    expect(exitCode).toBe(3);
  });

  it('--format api names every missing flag; exit 2', async () => {
    const { stderr, exitCode } = await run('export', '--to', 'lattice', '--format', 'api', dj);
    expect(stderr).toMatch(/needs --vpc-id, --cluster, --ecs-role/);
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
  });

  it('--format api gives the calls in create order', async () => {
    const { stdout } = await run(
      'export',
      '--to',
      'lattice',
      '--format',
      'api',
      '--vpc-id',
      'vpc-1',
      '--cluster',
      'c',
      '--ecs-role',
      'arn:aws:iam::111122223333:role/ecs',
      '--task-role',
      'dj=arn:aws:iam::111122223333:role/dj',
      dj,
    );
    const calls = JSON.parse(stdout) as { operation: string }[];
    expect(calls[0]?.operation).toBe('CreateServiceNetwork');
    expect(calls.filter((c) => c.operation === 'PutAuthPolicy')).toHaveLength(2);
  });

  it('an unreadable model exits 2', async () => {
    const { exitCode } = await run('export', '--to', 'lattice', `${repo}does-not-exist`);
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
  });
});

describe('meshplane migrate plan', () => {
  it('plans the DJ app callees first and deletes App Mesh last', async () => {
    const { stdout, exitCode } = await run('migrate', 'plan', '--json', dj);
    const plan = JSON.parse(stdout);
    expect(plan.services.map((s: { service: string }) => s.service)).toEqual([
      'jazz.prod.svc.cluster.local',
      'metal.prod.svc.cluster.local',
    ]);
    expect(plan.deleteLast.at(-1)).toBe('mesh dj-app');
    expect(plan.deleteLast[0]).toMatch(/^route /);
    expect(exitCode).toBe(EXIT.OK);
  });

  it('for Service Connect, the shift is an ECS deployment', async () => {
    const { stdout } = await run('migrate', 'plan', '--to', 'service-connect', dj);
    expect(stdout).toMatch(
      /merge jazz-v1, jazz-v2 into one ECS service and move versions with an ECS canary or linear deployment/,
    );
  });
});
