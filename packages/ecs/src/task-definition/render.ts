import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { plainInput } from '../plain-input.js';
import { type CloudFormationTaskDefinition, toCloudFormation } from './cloudformation.js';
import type { MeshTaskDefinitionOptions } from './options.js';
import { renderNodeTask } from './render-node-task.js';
import { resolveNodeTask } from './resolve-node-task.js';

/** The two forms of one task definition. */
export interface MeshTaskDefinition {
  /** The input of `RegisterTaskDefinitionCommand` (`@aws-sdk/client-ecs`). */
  api: RegisterTaskDefinitionCommandInput;
  /** The properties of an `AWS::ECS::TaskDefinition` CloudFormation resource. */
  cloudFormation: CloudFormationTaskDefinition;
}

/**
 * Renders a complete ECS task definition that runs `app` with an App Mesh Envoy sidecar as the
 * virtual node `virtualNode` of `mesh`, in both the ECS API form and the CloudFormation form.
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
 * });
 * console.log(api.proxyConfiguration?.type, Object.keys(cloudFormation)[0]); // 'APPMESH' 'Family'
 * ```
 */
export function meshTaskDefinition(options: MeshTaskDefinitionOptions): MeshTaskDefinition {
  const api = meshTaskDefinitionInput(plainInput(options, 'options'));
  return { api, cloudFormation: toCloudFormation(api) };
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
 *   app: { image: 'dj:latest' }, region: 'us-east-1',
 * });
 * console.log(input.containerDefinitions?.map((c) => c.name)); // ['app', 'envoy']
 * ```
 */
export function meshTaskDefinitionInput(
  input: MeshTaskDefinitionOptions,
): RegisterTaskDefinitionCommandInput {
  return renderNodeTask(resolveNodeTask(input));
}
