import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { type CloudFormationTaskDefinition, cloudFormationOf } from './cloudformation.js';
import { APP_MESH_NOTICE } from './control-plane.js';
import type { MeshTaskDefinitionOptions } from './options.js';
import { renderNodeTask } from './render-node-task.js';
import { resolveNodeTask } from './resolve-node-task.js';

/** The two forms of one task definition. */
export interface MeshTaskDefinition {
  /** The input of `RegisterTaskDefinitionCommand` (`@aws-sdk/client-ecs`). */
  api: RegisterTaskDefinitionCommandInput;
  /** The properties of an `AWS::ECS::TaskDefinition` CloudFormation resource. */
  cloudFormation: CloudFormationTaskDefinition;
  /** What the user must know about this task definition (with `controlPlane: 'appmesh'`: that it needs App Mesh). */
  notices?: string[];
}

/**
 * Renders a complete ECS task definition that runs `app` with an Envoy sidecar as the virtual node
 * `virtualNode` of `mesh`, in both the ECS API form and the CloudFormation form. Envoy gets its
 * configuration from the meshplane agent in the same task by default (`controlPlane: 'task'`:
 * a shared volume, the agent's Unix socket, the agent `HEALTHY` before Envoy, Envoy `HEALTHY`
 * before the app), from a central `meshplane xds serve` (`'central'`), or from App Mesh
 * (`'appmesh'`, discontinued 2026-09-30: `notices` says so).
 *
 * Every problem of the input is reported at once, as an {@link EcsInputError}, before anything is
 * produced. The output is deterministic: the same input gives the same bytes under
 * `JSON.stringify`, so a re-deploy registers no new revision.
 *
 * @example
 * ```ts
 * import { meshTaskDefinition } from '@meshplane/ecs';
 * const { api, cloudFormation } = meshTaskDefinition({
 *   family: 'jazz-v1',
 *   mesh: 'dj-app',
 *   virtualNode: { name: 'jazz-v1', ports: [9080] },
 *   app: { image: 'public.ecr.aws/example/jazz:v1' },
 *   region: 'us-east-1',
 *   fargate: { cpu: 256, memory: 512 },
 *   executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
 *   xds: { image: 'public.ecr.aws/example/meshplane-ecs-agent:0.1.0', model: 's3://meshes/dj-app.json' },
 * });
 * console.log(api.containerDefinitions?.map((c) => c.name), Object.keys(cloudFormation)[0]);
 * // ['app', 'envoy', 'meshplane-xds'] 'Family'
 * ```
 */
export function meshTaskDefinition(options: MeshTaskDefinitionOptions): MeshTaskDefinition {
  const task = resolveNodeTask(options);
  const api = renderNodeTask(task);
  return {
    api,
    cloudFormation: cloudFormationOf(api),
    ...(task.controlPlane.mode === 'appmesh' ? { notices: [APP_MESH_NOTICE] } : {}),
  };
}

/**
 * {@link meshTaskDefinition} without the CloudFormation form: the `RegisterTaskDefinitionCommand`
 * input only.
 *
 * @example
 * ```ts
 * import { meshTaskDefinitionInput } from '@meshplane/ecs';
 * const input = meshTaskDefinitionInput({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] },
 *   app: { image: 'dj:latest' }, region: 'us-east-1', controlPlane: 'appmesh',
 * });
 * console.log(input.containerDefinitions?.map((c) => c.name)); // ['app', 'envoy']
 * ```
 */
export function meshTaskDefinitionInput(
  input: MeshTaskDefinitionOptions,
): RegisterTaskDefinitionCommandInput {
  return renderNodeTask(resolveNodeTask(input));
}
