import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { plainInput } from '../plain-input.js';

/** `AWS::ECS::TaskDefinition` properties: the API shape with CloudFormation's PascalCase names. */
export type CloudFormationTaskDefinition = Record<string, unknown>;

// Members whose value is a free-form string map: their keys are data, not property names.
const MAP_MEMBERS = new Set(['options', 'dockerLabels', 'driverOpts', 'labels']);

// Where CloudFormation's name is not the API name with a capital first letter (AWS::ECS::TaskDefinition
// template reference). Some depend on the member that holds them: `fileSystemId` is `FilesystemId`
// in an EFS volume but `FileSystemId` in an FSx one.
// Maps, not object literals: a member named `constructor` must not find Object's.
const RENAMED: ReadonlyMap<string, string> = new Map([
  ['efsVolumeConfiguration', 'EFSVolumeConfiguration'],
  ['fsxWindowsFileServerVolumeConfiguration', 'FSxWindowsFileServerVolumeConfiguration'],
]);
const RENAMED_IN: ReadonlyMap<string, string> = new Map([
  ['proxyConfiguration.properties', 'ProxyConfigurationProperties'],
  ['efsVolumeConfiguration.fileSystemId', 'FilesystemId'],
  // Only the EFS authorization config has `iam` (the FSx one has credentialsParameter and domain).
  ['authorizationConfig.iam', 'IAM'],
]);

/**
 * Converts a `RegisterTaskDefinition` input into `AWS::ECS::TaskDefinition` properties
 * (`containerDefinitions` → `ContainerDefinitions`, `proxyConfiguration.properties` →
 * `ProxyConfiguration.ProxyConfigurationProperties` as `{ Name, Value }`, tags as `{ Key, Value }`).
 * Keys of string maps (log options, Docker labels) are kept as they are; where CloudFormation
 * spells a property differently (`EFSVolumeConfiguration.FilesystemId`, `AuthorizationConfig.IAM`),
 * its spelling is used.
 *
 * @example
 * ```ts
 * import { toCloudFormation } from '@meshplane/ecs';
 * const props = toCloudFormation({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx' }] });
 * console.log(props); // { Family: 'web', ContainerDefinitions: [{ Name: 'app', Image: 'nginx' }] }
 * ```
 */
export function toCloudFormation(input: RegisterTaskDefinitionCommandInput): CloudFormationTaskDefinition {
  return cloudFormationOf(plainInput(input, 'input'));
}

/**
 * {@link toCloudFormation} of a task definition the package rendered itself (plain data already:
 * not read again).
 *
 * @example
 * ```ts
 * import { cloudFormationOf } from './cloudformation.js'; // inside packages/ecs/src/task-definition
 * console.log(cloudFormationOf({ family: 'web' })); // { Family: 'web' }
 * ```
 */
export function cloudFormationOf(input: RegisterTaskDefinitionCommandInput): CloudFormationTaskDefinition {
  return convert(input, '') as CloudFormationTaskDefinition;
}

// `parent` is the API member that holds `value`: some names depend on it (see RENAMED_IN).
function convert(value: unknown, parent: string): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, parent));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner === undefined) continue;
    const name = cloudFormationName(key, parent);
    out[name] = MAP_MEMBERS.has(key) ? { ...(inner as object) } : convert(inner, key);
  }
  return out;
}

function cloudFormationName(key: string, parent: string): string {
  return RENAMED_IN.get(`${parent}.${key}`) ?? RENAMED.get(key) ?? key.charAt(0).toUpperCase() + key.slice(1);
}
