import type { MeshModel, VirtualNodeResource } from '@meshplane/core';
import {
  type ControlPlaneMode,
  type MeshTaskDefinition,
  type MeshTaskIam,
  meshTaskDefinition,
  meshTaskIam,
  partitionOf,
} from '@meshplane/ecs';
import { djAppMesh } from '../../dj-app/src/mesh.js';

/** Options of {@link renderDjAppTasks}. */
export interface DjAppTaskOptions {
  /** Region of the tasks. Default `us-east-1`. */
  region?: string;
  /** The account that owns the mesh and the roles. Default `111122223333` (the AWS documentation account). */
  account?: string;
  /** Repository of the application images; the tag is the node name (`dj`, `jazz-v1`, …). */
  imageRepository?: string;
  /** The image that runs `meshplane-ecs-agent`. Default `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/meshplane-ecs-agent:0.1.0`. */
  agentImage?: string;
  /** The mesh model. Default the DJ app of `examples/dj-app`. */
  model?: MeshModel;
  /**
   * Where each Envoy gets its configuration. Default `task`: the agent image also serves xDS to its
   * own task's Envoy over a Unix socket, from `xdsModel`. `central`: `meshplane xds serve` behind an
   * NLB at `xdsEndpoint`. `appmesh`: App Mesh itself (discontinued 2026-09-30).
   */
  controlPlane?: ControlPlaneMode;
  /** `task`: the model the agent serves. Default `/etc/meshplane/dj-app.json`, a file baked into the agent image. */
  xdsModel?: string;
  /** `central`: the control plane's NLB. Default `xds.dj-app.internal:443`. */
  xdsEndpoint?: string;
}

/** One rendered task of the DJ app: its task definition (both forms) and its IAM roles. */
export interface DjAppTask {
  node: string;
  taskDefinition: MeshTaskDefinition;
  iam: MeshTaskIam;
}

/**
 * Renders the ECS task definition of every virtual node of the DJ app (dj, jazz-v1, jazz-v2,
 * metal-v1, metal-v2): Fargate 512 CPU / 1 GiB, Envoy with X-Ray tracing, the app's port taken from
 * the node's listener, the registration agent registering the task in the node's Cloud Map
 * service, plus the task and execution role policies of each.
 *
 * @example
 * ```ts
 * import { renderDjAppTasks } from './task-definitions.js';
 * const tasks = renderDjAppTasks({ region: 'eu-west-1' });
 * console.log(tasks.map((t) => t.node)); // ['dj', 'jazz-v1', 'jazz-v2', 'metal-v1', 'metal-v2']
 * ```
 */
export function renderDjAppTasks(options: DjAppTaskOptions = {}): DjAppTask[] {
  const model = options.model ?? djAppMesh();
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '111122223333';
  // China regions have their own partition and ECR domain.
  const partition = partitionOf(region);
  const registry = `${account}.dkr.ecr.${region}.amazonaws.com${partition === 'aws-cn' ? '.cn' : ''}`;
  const repository = options.imageRepository ?? `${registry}/djapp`;
  const agentImage = options.agentImage ?? `${registry}/meshplane-ecs-agent:0.1.0`;
  const nodes = model.resources.filter((r): r is VirtualNodeResource => r.kind === 'virtualNode');
  const controlPlane = options.controlPlane ?? 'task';
  const xds =
    controlPlane === 'task'
      ? { xds: { model: options.xdsModel ?? '/etc/meshplane/dj-app.json' } }
      : controlPlane === 'central'
        ? { xds: { endpoint: options.xdsEndpoint ?? 'xds.dj-app.internal:443' } }
        : {};
  return nodes.map((node) => {
    const input = {
      family: `djapp-${node.name}`,
      mesh: node.meshName,
      virtualNode: node,
      app: { name: 'app', image: `${repository}:${node.name}` },
      region,
      account,
      xray: true,
      fargate: { cpu: 512, memory: 1024 },
      taskRoleArn: `arn:${partition}:iam::${account}:role/djapp-${node.name}-task`,
      // Registers each task in the node's Cloud Map service (version attribute included), so that
      // the routers' weighted targets find it; deregisters on SIGTERM.
      agent: { image: agentImage, healthPath: '/ping' },
      tags: { app: 'djapp', mesh: node.meshName },
      controlPlane,
      ...xds,
    };
    return { node: node.name, taskDefinition: meshTaskDefinition(input), iam: meshTaskIam(input) };
  });
}

/**
 * A CloudFormation template holding the five task definitions as `AWS::ECS::TaskDefinition`
 * resources (logical ids like `JazzV1TaskDefinition`).
 *
 * @example
 * ```ts
 * import { djAppTemplate, renderDjAppTasks } from './task-definitions.js';
 * const template = djAppTemplate(renderDjAppTasks());
 * console.log(Object.keys(template.Resources)[0]); // 'DjTaskDefinition'
 * ```
 */
export function djAppTemplate(tasks: DjAppTask[]): {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Resources: Record<string, { Type: 'AWS::ECS::TaskDefinition'; Properties: Record<string, unknown> }>;
} {
  const resources: Record<string, { Type: 'AWS::ECS::TaskDefinition'; Properties: Record<string, unknown> }> =
    {};
  for (const task of tasks) {
    const logicalId = `${task.node
      .split(/[^A-Za-z0-9]+/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('')}TaskDefinition`;
    resources[logicalId] = {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: task.taskDefinition.cloudFormation,
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'DJ app on ECS with Envoy sidecars (rendered by meshplane)',
    Resources: resources,
  };
}
