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
import { checkRoleArn, checkTags } from './field-checks.js';
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

const CPU_ARCHITECTURES = ['X86_64', 'ARM64'];

/**
 * Task size (Fargate pairs or EC2 ranges), logging, the execution role (defaulted from `account`
 * when the task needs one) and tags. Problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
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
  const fargate = o.fargate && typeof o.fargate === 'object' ? o.fargate : undefined;
  let taskCpu = o.cpu;
  let taskMemory = o.memory;
  if (fargate) {
    if (o.cpu !== undefined || o.memory !== undefined) {
      issues.add(
        'CONFLICT',
        'cpu',
        'with fargate, give the task size as fargate.cpu and fargate.memory, not cpu/memory',
      );
    }
    taskCpu = fargate.cpu;
    taskMemory = fargate.memory;
    if (!isIntegerIn(fargate.cpu, 1, 1_000_000) || !isIntegerIn(fargate.memory, 1, 10_000_000)) {
      issues.add(
        'FARGATE_SIZE',
        'fargate',
        `fargate.cpu and fargate.memory must be integers (CPU units, MiB), got ${show(fargate.cpu)}/${show(fargate.memory)}`,
      );
    } else {
      const problem = fargateSizeProblem(fargate.cpu, fargate.memory);
      if (problem) issues.add('FARGATE_SIZE', 'fargate', problem);
    }
  } else {
    if (taskCpu !== undefined && !isIntegerIn(taskCpu, 128, 196_608)) {
      issues.add(
        'RANGE',
        'cpu',
        `cpu must be an integer number of CPU units in 128-196608, got ${show(taskCpu)}`,
      );
    }
    if (taskMemory !== undefined && !isIntegerIn(taskMemory, 6, 10_000_000)) {
      issues.add(
        'RANGE',
        'memory',
        `memory must be an integer number of MiB (at least 6), got ${show(taskMemory)}`,
      );
    }
  }
  const partition = isRegionName(o.region) ? partitionOf(o.region) : 'aws';
  const logging =
    o.logging === false || (o.logging !== undefined && (o.logging === null || typeof o.logging !== 'object'))
      ? undefined
      : (o.logging ?? {});
  const logGroup = logging?.group ?? `/ecs/${text(o.family)}`;
  if (logging) {
    if (typeof logGroup !== 'string' || !LOG_GROUP_PATTERN.test(logGroup)) {
      issues.add(
        'LOG_GROUP',
        'logging.group',
        `logging.group must be 1-512 characters of letters, digits and . - _ / #, got ${show(logGroup)}`,
      );
    }
    if (logging.region !== undefined && !isRegionName(logging.region)) {
      issues.add(
        'REGION',
        'logging.region',
        `logging.region must be an AWS region name, got ${show(logging.region)}`,
      );
    }
    if (
      logging.streamPrefix !== undefined &&
      (typeof logging.streamPrefix !== 'string' || !/^[^:*]{1,512}$/.test(logging.streamPrefix))
    ) {
      issues.add(
        'LOG_STREAM_PREFIX',
        'logging.streamPrefix',
        `logging.streamPrefix must be 1-512 characters without ':' or '*', got ${show(logging.streamPrefix)}`,
      );
    }
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
  if (o.cpuArchitecture !== undefined && !CPU_ARCHITECTURES.includes(o.cpuArchitecture)) {
    issues.add(
      'ENUM',
      'cpuArchitecture',
      `cpuArchitecture must be one of ${CPU_ARCHITECTURES.join(', ')}, got ${show(o.cpuArchitecture)}`,
    );
  }
  checkRoleArn(issues, 'executionRoleArn', executionRoleArn);
  checkRoleArn(issues, 'taskRoleArn', o.taskRoleArn);
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
 * import { InputIssues } from '@meshplane/ecs';
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
