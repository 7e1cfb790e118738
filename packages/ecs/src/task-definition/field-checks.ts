import type { ContainerDefinition, Tag } from '@aws-sdk/client-ecs';
import { type InputIssues, isIntegerIn, show, text } from '../input-issues.js';

// Checks of the task definition resolvers that core's option-schema checker does not express (the
// options' own rules are declared in option-schemas.ts): names of options outside a schema (the
// xDS container's), map keys (tags), the containers as rendered, a model resource's kind and mesh.
// Each records a clear issue (path, value, rule) instead of throwing, so that every problem of an
// input is reported at once.

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * A family or container name: 1-255 letters, digits, `_`, `-`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
 * An App Mesh resource name: 1-255 characters.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
 * ECS tags (at most 50, keys 1-128, values up to 256, no `aws:` prefix); returns them sorted by key.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { checkTags } from './field-checks.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * console.log(checkTags(issues, { team: 'music', app: 'dj' })); // [{ key: 'app', value: 'dj' }, { key: 'team', value: 'music' }]
 * ```
 */
export function checkTags(issues: InputIssues, tags: Record<string, string> | undefined): Tag[] | undefined {
  // Not an object: reported by the schema's rule of `tags`.
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) return undefined;
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
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
