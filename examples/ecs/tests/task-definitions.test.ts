import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { validateShape } from '@meshplane/core/smithy';
import { describe, expect, it } from 'vitest';
import { ecsModel } from '../../../packages/ecs/src/generated/ecs-model.js';
import { djAppMesh } from '../../dj-app/src/mesh.js';
import { djAppTemplate, renderDjAppTasks } from '../src/task-definitions.js';

describe('DJ app on ECS', () => {
  it('renders the five task definitions, each accepted by the ECS API model', () => {
    // Act (App Mesh-managed, as before the per-task default)
    const tasks = renderDjAppTasks({ controlPlane: 'appmesh' });
    // Assess
    expect(tasks.map((t) => t.node)).toEqual(['dj', 'jazz-v1', 'jazz-v2', 'metal-v1', 'metal-v2']);
    for (const task of tasks) {
      expect(
        validateShape(ecsModel, 'RegisterTaskDefinitionRequest', task.taskDefinition.api, task.node),
      ).toEqual([]);
      const envoy = task.taskDefinition.api.containerDefinitions?.find((c) => c.name === 'envoy');
      expect(envoy?.environment).toContainEqual({
        name: 'APPMESH_RESOURCE_ARN',
        value: `arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualNode/${task.node}`,
      });
      expect(task.iam.taskRole.policyDocument.Statement[0]?.Resource).toEqual([
        `arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualNode/${task.node}`,
      ]);
    }
    const jazzAgent = tasks[1]?.taskDefinition.api.containerDefinitions?.find(
      (c) => c.name === 'registration-agent',
    );
    expect(jazzAgent?.environment).toEqual(
      expect.arrayContaining([
        { name: 'MESHPLANE_ATTRIBUTES', value: 'version=v1' },
        { name: 'MESHPLANE_NAMESPACE', value: 'prod.svc.cluster.local' },
        { name: 'MESHPLANE_SERVICE', value: 'jazz' },
      ]),
    );
  });

  it('serves each Envoy from its own task by default: socket volume, xDS server first, no App Mesh permission', () => {
    // Act
    const tasks = renderDjAppTasks();
    // Assess
    for (const task of tasks) {
      const { api } = task.taskDefinition;
      expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, task.node)).toEqual([]);
      expect(api.volumes).toEqual([{ name: 'meshplane-xds' }]);
      const envoy = api.containerDefinitions?.find((c) => c.name === 'envoy');
      expect(envoy?.environment).toContainEqual({
        name: 'APPMESH_XDS_ENDPOINT',
        value: 'unix:///run/meshplane/xds.sock',
      });
      expect(envoy?.dependsOn).toEqual([{ containerName: 'meshplane-xds', condition: 'HEALTHY' }]);
      const xds = api.containerDefinitions?.find((c) => c.name === 'meshplane-xds');
      expect(xds?.environment).toContainEqual({
        name: 'MESHPLANE_XDS_NODE',
        value: `mesh/dj-app/virtualNode/${task.node}`,
      });
      expect(task.iam.taskRole.policyDocument.Statement.flatMap((s) => s.Action)).not.toContain(
        'appmesh:StreamAggregatedResources',
      );
      expect(task.taskDefinition.notices).toBeUndefined();
    }
    const central = renderDjAppTasks({ controlPlane: 'central' })[0]?.taskDefinition.api;
    expect(central?.containerDefinitions?.find((c) => c.name === 'envoy')?.environment).toContainEqual({
      name: 'APPMESH_XDS_ENDPOINT',
      value: 'xds.dj-app.internal:443',
    });
  });

  it('takes the app port from the node listener, so a changed model changes the task', () => {
    // Prepare
    const model = djAppMesh();
    const dj = model.resources.find((r) => r.kind === 'virtualNode' && r.name === 'dj');
    if (dj?.kind !== 'virtualNode') throw new Error('dj node missing');
    dj.spec.listeners = [{ portMapping: { port: 8080, protocol: 'http' } }];
    // Act
    const [task] = renderDjAppTasks({ model });
    // Assess
    expect(task?.taskDefinition.api.proxyConfiguration?.properties?.[0]).toEqual({
      name: 'AppPorts',
      value: '8080',
    });
    expect(task?.taskDefinition.api.containerDefinitions?.[0]?.portMappings).toEqual([
      { containerPort: 8080, protocol: 'tcp' },
    ]);
  });

  it('uses the China partition and ECR domain for a China region', () => {
    // Act
    const [dj] = renderDjAppTasks({ region: 'cn-north-1' });
    const api = dj?.taskDefinition.api;
    // Assess
    expect(api?.taskRoleArn).toBe('arn:aws-cn:iam::111122223333:role/djapp-dj-task');
    expect(api?.executionRoleArn).toBe('arn:aws-cn:iam::111122223333:role/ecsTaskExecutionRole');
    expect(api?.containerDefinitions?.[0]?.image).toBe(
      '111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/djapp:dj',
    );
    expect(dj?.iam.executionRole.policyDocument.Statement.find((s) => s.Sid === 'EcrPull')?.Resource).toEqual(
      [
        'arn:aws-cn:ecr:cn-north-1:111122223333:repository/djapp',
        'arn:aws-cn:ecr:cn-north-1:111122223333:repository/meshplane-ecs-agent',
      ],
    );
  });

  it('is byte-identical across renders and gathers the five in one CloudFormation template', () => {
    // Act
    const first = JSON.stringify(djAppTemplate(renderDjAppTasks()));
    const second = JSON.stringify(djAppTemplate(renderDjAppTasks()));
    // Assess
    expect(second).toBe(first);
    expect(Object.keys(JSON.parse(first).Resources)).toEqual([
      'DjTaskDefinition',
      'JazzV1TaskDefinition',
      'JazzV2TaskDefinition',
      'MetalV1TaskDefinition',
      'MetalV2TaskDefinition',
    ]);
  });

  it('writes the files with the render script', async () => {
    // Prepare
    const out = await mkdtemp(join(tmpdir(), 'meshplane-ecs-example-'));
    const script = resolve(import.meta.dirname, '../src/render.ts');
    try {
      // Act
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--conditions=@meshplane/source',
        '--import',
        'tsx',
        script,
        out,
        'eu-west-1',
      ]);
      // Assess
      expect(stdout).toContain('wrote 5 task definitions');
      expect((await readdir(out)).sort()).toHaveLength(11);
      const jazz = JSON.parse(await readFile(join(out, 'jazz-v1.task-definition.json'), 'utf8'));
      expect(jazz.containerDefinitions[0].image).toBe(
        '111122223333.dkr.ecr.eu-west-1.amazonaws.com/djapp:jazz-v1',
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
