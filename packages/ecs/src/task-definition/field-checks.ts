import type { ContainerDefinition, Tag } from '@aws-sdk/client-ecs';
import { type InputIssues, isIntegerIn, show, text } from '../input-issues.js';

// Checks shared by the task definition renderers: each records a clear issue (path, value, rule)
// instead of throwing, so that every problem of an input is reported at once.

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A family or container name: 1-255 letters, digits, `_`, `-`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkName } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkName(issues, 'family', 'has space');
 * console.log(issues.list[0]?.code); // 'NAME'
 * ```
 */
export function checkName(issues: InputIssues, path: string, value: unknown): void {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    issues.add(
      'NAME',
      path,
      `${path} must be 1-255 letters, digits, underscores or hyphens, got ${show(value)}`,
    );
  }
}

/**
 * An optional object option (not a string, list or null); records an issue and returns false otherwise.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkObject } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * console.log(checkObject(issues, 'envoy', 'yes'), checkObject(issues, 'envoy', undefined)); // false true
 * ```
 */
export function checkObject(issues: InputIssues, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.add('TYPE', path, `${path} must be an object, got ${show(value)}`);
    return false;
  }
  return true;
}

/**
 * An option that is `true` (defaults), `false`/absent (off) or an object; returns the object to
 * use, or `undefined`, recording an issue for anything else.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { switchOrObject } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * console.log(switchOrObject(issues, 'xray', true), switchOrObject(issues, 'xray', false)); // {} undefined
 * ```
 */
export function switchOrObject<T extends object>(
  issues: InputIssues,
  path: string,
  value: unknown,
): T | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {} as T;
  return checkObject(issues, path, value) ? (value as T) : undefined;
}

/**
 * An optional list of strings (a command, an entry point).
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkStringList } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkStringList(issues, 'app.command', 'serve');
 * console.log(issues.list[0]?.path); // 'app.command'
 * ```
 */
export function checkStringList(issues: InputIssues, path: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || Array.from(value).some((item) => typeof item !== 'string')) {
    issues.add('TYPE', path, `${path} must be a list of strings, got ${show(value)}`);
  }
}

/**
 * An optional ECS container health check: `command` (a list of strings starting with CMD or CMD-SHELL) and ECS's timing ranges.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkHealthCheck } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkHealthCheck(issues, 'app.healthCheck', { command: ['RUN', 'true'], interval: 1 });
 * console.log(issues.list.map((i) => i.path)); // ['app.healthCheck.command', 'app.healthCheck.interval']
 * ```
 */
export function checkHealthCheck(issues: InputIssues, path: string, value: unknown): void {
  if (value === undefined || !checkObject(issues, path, value)) return;
  const health = value as {
    command?: unknown;
    interval?: unknown;
    timeout?: unknown;
    retries?: unknown;
    startPeriod?: unknown;
  };
  const command = health.command;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    Array.from(command).some((part) => typeof part !== 'string')
  ) {
    issues.add(
      'TYPE',
      `${path}.command`,
      `${path}.command must be a non-empty list of strings, got ${show(command)}`,
    );
  } else if (!['CMD', 'CMD-SHELL', 'NONE'].includes(command[0] as string)) {
    issues.add(
      'HEALTH_COMMAND',
      `${path}.command`,
      `${path}.command must start with "CMD" or "CMD-SHELL", got ${show(command[0])}`,
    );
  }
  const ranges = { interval: [5, 300], timeout: [2, 60], retries: [1, 10], startPeriod: [0, 300] } as const;
  for (const [key, [min, max]] of Object.entries(ranges)) {
    const timing = health[key as keyof typeof ranges];
    if (timing !== undefined) checkRange(issues, `${path}.${key}`, timing, min, max);
  }
}

/**
 * An App Mesh resource name: 1-255 characters.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkMeshName } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkMeshName(issues, 'mesh', '');
 * console.log(issues.count); // 1
 * ```
 */
export function checkMeshName(issues: InputIssues, path: string, value: unknown): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
    issues.add('NAME', path, `${path} must be an App Mesh name of 1-255 characters, got ${show(value)}`);
  }
}

/**
 * An integer in `[min, max]`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkRange } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkRange(issues, 'envoy.healthCheck.retries', 11, 1, 10);
 * console.log(issues.list[0]?.message); // 'envoy.healthCheck.retries must be an integer in 1-10, got 11'
 * ```
 */
export function checkRange(
  issues: InputIssues,
  path: string,
  value: unknown,
  min: number,
  max: number,
): void {
  if (!isIntegerIn(value, min, max))
    issues.add('RANGE', path, `${path} must be an integer in ${min}-${max}, got ${show(value)}`);
}

/**
 * An IAM role ARN, when given.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkRoleArn } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkRoleArn(issues, 'taskRoleArn', 'arn:aws:iam::111122223333:role/jazz');
 * console.log(issues.count); // 0
 * ```
 */
export function checkRoleArn(issues: InputIssues, path: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || !ROLE_ARN_PATTERN.test(value))) {
    issues.add(
      'ROLE_ARN',
      path,
      `${path} must be an IAM role ARN like "arn:aws:iam::111122223333:role/name", got ${show(value)}`,
    );
  }
}

/**
 * A name → value map of environment variables.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkEnvironment } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkEnvironment(issues, 'app.environment', { '1BAD': 'x' });
 * console.log(issues.list[0]?.code); // 'ENV_NAME'
 * ```
 */
export function checkEnvironment(
  issues: InputIssues,
  path: string,
  env: Record<string, string> | undefined,
): void {
  if (env === undefined) return;
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    issues.add('TYPE', path, `${path} must be an object of name → value, got ${show(env)}`);
    return;
  }
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME_PATTERN.test(name))
      issues.add('ENV_NAME', `${path}.${name}`, `${show(name)} is not a valid environment variable name`);
    if (typeof value !== 'string')
      issues.add('TYPE', `${path}.${name}`, `${path}.${name} must be a string, got ${show(value)}`);
  }
}

/**
 * ECS tags (at most 50, keys 1-128, values up to 256, no `aws:` prefix); returns them sorted by key.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkTags } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * console.log(checkTags(issues, { team: 'music', app: 'dj' })); // [{ key: 'app', value: 'dj' }, { key: 'team', value: 'music' }]
 * ```
 */
export function checkTags(issues: InputIssues, tags: Record<string, string> | undefined): Tag[] | undefined {
  if (tags === undefined) return undefined;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    issues.add('TYPE', 'tags', `tags must be an object of key → value, got ${show(tags)}`);
    return undefined;
  }
  const entries = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length > 50)
    issues.add('TAGS', 'tags', `an ECS resource takes at most 50 tags, got ${entries.length}`);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128)
      issues.add('TAGS', `tags.${key}`, `tag keys must be 1-128 characters, got ${show(key)}`);
    if (key.toLowerCase().startsWith('aws:'))
      issues.add('TAGS', `tags.${key}`, `tag keys starting with "aws:" are reserved, got ${show(key)}`);
    if (typeof value !== 'string' || value.length > 256)
      issues.add(
        'TAGS',
        `tags.${key}`,
        `tag values must be strings of at most 256 characters, got ${show(value)}`,
      );
  }
  return entries.length ? entries.map(([key, value]) => ({ key, value })) : undefined;
}

/**
 * Container names are unique in a task.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkContainerNames } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkContainerNames(issues, [{ name: 'envoy' }, { name: 'envoy' }]);
 * console.log(issues.list[0]?.code); // 'DUPLICATE_CONTAINER'
 * ```
 */
export function checkContainerNames(issues: InputIssues, containers: ContainerDefinition[]): void {
  const seen = new Set<string>();
  for (const container of containers) {
    if (typeof container?.name !== 'string') continue;
    if (seen.has(container.name)) {
      issues.add(
        'DUPLICATE_CONTAINER',
        'containerDefinitions',
        `two containers are named ${show(container.name)}; container names must be unique in a task`,
      );
    }
    seen.add(container.name);
  }
}

/**
 * The containers fit in the task's CPU and memory; without task memory each reserves some.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkResourceSums } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkResourceSums(issues, [{ name: 'app', memoryReservation: 400 }, { name: 'envoy', memoryReservation: 128 }], 256, 512);
 * console.log(issues.list[0]?.code); // 'MEMORY_SUM'
 * ```
 */
export function checkResourceSums(
  issues: InputIssues,
  containers: ContainerDefinition[],
  cpu: number | undefined,
  memory: number | undefined,
): void {
  const valid = containers.filter((c) => c && typeof c === 'object');
  // A malformed size (an extra container's) is reported by the model check; it adds nothing here.
  const size = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const cpuSum = valid.reduce((sum, c) => sum + size(c.cpu), 0);
  if (isIntegerIn(cpu, 1, Number.MAX_SAFE_INTEGER) && cpuSum > cpu) {
    issues.add(
      'CPU_SUM',
      'containerDefinitions',
      `the containers reserve ${cpuSum} CPU units, more than the task's ${cpu}`,
    );
  }
  const memorySum = valid.reduce((sum, c) => sum + size(c.memoryReservation ?? c.memory), 0);
  if (isIntegerIn(memory, 1, Number.MAX_SAFE_INTEGER) && memorySum > memory) {
    issues.add(
      'MEMORY_SUM',
      'containerDefinitions',
      `the containers reserve ${memorySum} MiB, more than the task's ${memory} MiB`,
    );
  }
  if (memory === undefined) {
    for (const c of valid) {
      if (c.memory === undefined && c.memoryReservation === undefined) {
        issues.add(
          'MEMORY',
          `containerDefinitions.${text(c.name)}`,
          `container ${show(c.name)} needs memory or memoryReservation when the task sets no memory`,
        );
      }
    }
  }
}

/**
 * A virtual node or gateway given as a resource of the model: it is of that kind and belongs to
 * the task's mesh.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { checkModelResource } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * checkModelResource(issues, 'virtualNode', { kind: 'virtualNode', meshName: 'other', name: 'dj' }, 'dj-app');
 * console.log(issues.list[0]?.code); // 'VIRTUAL_NODE_MESH'
 * ```
 */
export function checkModelResource(
  issues: InputIssues,
  kind: 'virtualNode' | 'virtualGateway',
  resource: { kind?: unknown; meshName?: unknown; name?: unknown },
  mesh: unknown,
): void {
  const [code, what] =
    kind === 'virtualNode' ? ['VIRTUAL_NODE', 'virtual node'] : ['VIRTUAL_GATEWAY', 'virtual gateway'];
  if (resource.kind !== kind) {
    issues.add(
      `${code}_KIND`,
      `${kind}.kind`,
      `${kind} must be a ${what}, got a resource of kind ${show(resource.kind)}`,
    );
  }
  if (typeof mesh === 'string' && resource.meshName !== mesh) {
    issues.add(
      `${code}_MESH`,
      `${kind}.meshName`,
      `${what} ${show(resource.name)} belongs to mesh ${show(resource.meshName)}, not ${show(mesh)}`,
    );
  }
}
