import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pythonTools } from '../../../scripts/python-tools.js';
import { meshGatewayTaskDefinition, meshTaskDefinition, meshXdsServerTaskDefinition } from '../src/index.js';

// The CloudFormation form of each control plane mode, checked by AWS's own linter (cfn-lint, from
// PyPI via scripts/install-tools.sh): resource schema, types, enums and required properties.

describe('the CloudFormation forms pass cfn-lint', () => {
  it('per-task, central, App Mesh-managed, gateway and the central server', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const base = {
      family: 'jazz-v1',
      mesh: 'dj-app',
      virtualNode: { name: 'jazz-v1', ports: [9080] },
      app: { image: 'jazz:v1' },
      region: 'us-east-1',
      account: '111122223333',
      fargate: { cpu: 512, memory: 1024 },
    };
    const tasks = {
      PerTask: meshTaskDefinition({
        ...base,
        xds: { image: 'agent:1', model: 's3://meshes/dj-app.json' },
        agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
      }),
      Central: meshTaskDefinition({
        ...base,
        controlPlane: 'central',
        xds: { endpoint: 'xds.internal:443' },
      }),
      AppMesh: meshTaskDefinition({ ...base, controlPlane: 'appmesh', xray: true }),
      Gateway: meshGatewayTaskDefinition({
        family: 'gw',
        mesh: 'dj-app',
        virtualGateway: { name: 'gw', ports: [8080] },
        region: 'us-east-1',
        account: '111122223333',
        fargate: { cpu: 256, memory: 512 },
        xds: { image: 'agent:1', model: '/etc/meshplane/dj-app.json' },
      }),
      XdsServer: meshXdsServerTaskDefinition({
        family: 'dj-app-xds',
        image: 'meshplane:0.1.0',
        model: ['/etc/meshplane/dj-app.json'],
        region: 'us-east-1',
        account: '111122223333',
        fargate: { cpu: 512, memory: 1024 },
      }),
    };
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: Object.fromEntries(
        Object.entries(tasks).map(([id, t]) => [
          id,
          { Type: 'AWS::ECS::TaskDefinition', Properties: t.cloudFormation },
        ]),
      ),
    };
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-ecs-cfn-'));
    const file = join(dir, 'template.json');
    await writeFile(file, JSON.stringify(template, null, 2));
    try {
      // Act
      const result = await promisify(execFile)(pythonTools().cfnLint, ['--format', 'parseable', file]).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code?: number; stdout?: string }) => ({
          code: error.code ?? 1,
          stdout: error.stdout ?? '',
        }),
      );
      // Assess: no error (E) and no warning (W)
      expect(
        result.stdout.split('\n').filter((l) => /:[EW]\d+:/.test(l)),
        result.stdout,
      ).toEqual([]);
      expect(result.code, result.stdout).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
