import type {
  ContainerDefinition,
  LogConfiguration,
  ProxyConfiguration,
  RegisterTaskDefinitionCommandInput,
  Tag,
  Volume,
} from '@aws-sdk/client-ecs';
import { isRegionName, partitionOf } from '../envoy/image.js';
import { fargateSizeProblem } from '../fargate/sizes.js';
import { type InputIssues, isIntegerIn, show, text } from '../input-issues.js';
import { checkTags } from './field-checks.js';
import type { MeshTaskDefinitionOptions } from './options.js';
import { compact, sortedRecord } from './stable-json.js';

/**
 * CloudWatch Logs log group names: 1-512 of letters, digits and `. - _ / #`.
 *
 * @example
 * ```ts
 * import { LOG_GROUP_PATTERN } from './task-level.js'; // inside packages/ecs/src/task-definition
 * console.log(LOG_GROUP_PATTERN.test('/ecs/jazz-v1'), LOG_GROUP_PATTERN.test('a b')); // true false
 * ```
 */
export const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** The task-level settings of a task definition, resolved and checked. */
export interface TaskLevel {
  taskCpu?: number;
  taskMemory?: number;
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  executionRoleArn?: string;
  tags?: Tag[];
  /** The awslogs group, or `undefined` when logging is off. */
  logGroup?: string;
  /** The task creates its log group (`awslogs-create-group`). */
  createLogGroup?: boolean;
  /** A fresh awslogs configuration for one container, or `undefined` when logging is off. */
  logConfiguration(): LogConfiguration | undefined;
}

/** What {@link resolveTaskLevel} reads from the task definition options. */
export type TaskLevelOptions = Pick<
  MeshTaskDefinitionOptions,
  | 'family'
  | 'region'
  | 'account'
  | 'fargate'
  | 'cpu'
  | 'memory'
  | 'logging'
  | 'executionRoleArn'
  | 'taskRoleArn'
  | 'tags'
  | 'cpuArchitecture'
>;

/**
 * Task size, logging, the execution role (defaulted from `account` when the task needs one) and
 * tags, resolved from options the schema has checked one by one (`taskLevelRules`); the problems
 * across them (a size pair Fargate does not offer, a default log group the family does not fit, a
 * missing execution role, tag keys) go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { resolveTaskLevel } from './task-level.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * const level = resolveTaskLevel(issues, { family: 'dj', region: 'us-east-1', fargate: { cpu: 256, memory: 512 }, account: '111122223333' }, false);
 * console.log(level.executionRoleArn); // 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole'
 * ```
 */
export function resolveTaskLevel(
  issues: InputIssues,
  o: TaskLevelOptions,
  privateEnvoyImage: boolean,
): TaskLevel {
  // Each option's own rules are the schema's (option-schemas.ts); here, what needs several of them.
  const fargate = isObject(o.fargate) ? o.fargate : undefined;
  const taskCpu = fargate ? fargate.cpu : o.cpu;
  const taskMemory = fargate ? fargate.memory : o.memory;
  // Fargate offers fixed CPU/memory pairs (ECS developer guide, "Task CPU and memory").
  if (fargate && isIntegerIn(fargate.cpu, 1, 1_000_000) && isIntegerIn(fargate.memory, 1, 10_000_000)) {
    const problem = fargateSizeProblem(fargate.cpu, fargate.memory);
    if (problem) issues.add('FARGATE_SIZE', 'fargate', problem);
  }
  const partition = isRegionName(o.region) ? partitionOf(o.region) : 'aws';
  const logging =
    o.logging === false || (o.logging !== undefined && !isObject(o.logging)) ? undefined : (o.logging ?? {});
  const logGroup = logging?.group ?? `/ecs/${text(o.family)}`;
  // A given group is the schema's; the default one is made of the family, which may not fit.
  if (logging && logging.group === undefined && !LOG_GROUP_PATTERN.test(logGroup)) {
    issues.add(
      'LOG_GROUP',
      'logging.group',
      `logging.group must be 1-512 characters of letters, digits and . - _ / #, got ${show(logGroup)} (the default, /ecs/<family>)`,
    );
  }
  const needsExecutionRole = Boolean(fargate && (logging || privateEnvoyImage));
  let executionRoleArn = o.executionRoleArn;
  if (executionRoleArn === undefined && needsExecutionRole && o.account !== undefined) {
    executionRoleArn = `arn:${partition}:iam::${o.account}:role/ecsTaskExecutionRole`;
  }
  if (needsExecutionRole && executionRoleArn === undefined) {
    issues.add(
      'EXECUTION_ROLE',
      'executionRoleArn',
      `a Fargate task that ${logging ? 'sends logs with awslogs' : 'pulls Envoy from a private ECR repository'} needs executionRoleArn (or account, to use the ecsTaskExecutionRole of that account)`,
    );
  }
  const tags = checkTags(issues, o.tags);

  const logConfiguration = (): LogConfiguration | undefined =>
    logging
      ? {
          logDriver: 'awslogs',
          options: sortedRecord({
            'awslogs-group': logGroup,
            'awslogs-region': logging.region ?? o.region,
            'awslogs-stream-prefix': logging.streamPrefix ?? 'ecs',
            ...(logging.createGroup ? { 'awslogs-create-group': 'true' } : {}),
          }),
        }
      : undefined;
  return {
    taskCpu,
    taskMemory,
    partition,
    executionRoleArn,
    tags,
    ...(logging ? { logGroup: text(logGroup), createLogGroup: Boolean(logging.createGroup) } : {}),
    logConfiguration,
  };
}

/**
 * The `RegisterTaskDefinition` input of a meshed task from its checked task-level settings, its
 * containers and (for a node, not a gateway) its APPMESH proxy configuration, members in a fixed order.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { resolveTaskLevel, taskDefinitionInput } from './task-level.js'; // inside packages/ecs/src/task-definition
 * const o = { family: 'gw', region: 'us-east-1', logging: false as const };
 * const input = taskDefinitionInput(o, resolveTaskLevel(new InputIssues(), o, false), [{ name: 'envoy', image: 'envoy' }]);
 * console.log(input.networkMode, input.requiresCompatibilities); // 'awsvpc' ['EC2']
 * ```
 */
export function taskDefinitionInput(
  o: TaskLevelOptions,
  level: TaskLevel,
  containers: ContainerDefinition[],
  proxyConfiguration?: ProxyConfiguration,
  volumes?: Volume[],
): RegisterTaskDefinitionCommandInput {
  return compact({
    family: o.family,
    taskRoleArn: o.taskRoleArn,
    executionRoleArn: level.executionRoleArn,
    networkMode: 'awsvpc',
    requiresCompatibilities: o.fargate ? ['FARGATE'] : ['EC2'],
    cpu: level.taskCpu === undefined ? undefined : String(level.taskCpu),
    memory: level.taskMemory === undefined ? undefined : String(level.taskMemory),
    runtimePlatform: o.cpuArchitecture
      ? { cpuArchitecture: o.cpuArchitecture, operatingSystemFamily: 'LINUX' }
      : undefined,
    proxyConfiguration,
    containerDefinitions: containers,
    volumes,
    tags: level.tags,
  }) as RegisterTaskDefinitionCommandInput;
}

const isObject = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
