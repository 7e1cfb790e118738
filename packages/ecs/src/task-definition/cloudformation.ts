import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';

/** `AWS::ECS::TaskDefinition` properties: the API shape with CloudFormation's PascalCase names. */
export type CloudFormationTaskDefinition = Record<string, unknown>;

// Members whose value is a free-form string map: their keys are data, not property names.
const MAP_MEMBERS = new Set(['options', 'dockerLabels', 'driverOpts', 'labels']);

// Where CloudFormation's name is not the API name with a capital first letter.
const RENAMED: Readonly<Record<string, string>> = {
  efsVolumeConfiguration: 'EFSVolumeConfiguration',
  fsxWindowsFileServerVolumeConfiguration: 'FSxWindowsFileServerVolumeConfiguration',
};

/**
 * Converts a `RegisterTaskDefinition` input into `AWS::ECS::TaskDefinition` properties
 * (`containerDefinitions` → `ContainerDefinitions`, `proxyConfiguration.properties` →
 * `ProxyConfiguration.ProxyConfigurationProperties` as `{ Name, Value }`, tags as `{ Key, Value }`).
 * Keys of string maps (log options, Docker labels) are kept as they are.
 *
 * @example
 * ```ts
 * import { toCloudFormation } from '@meshplane/ecs';
 * const props = toCloudFormation({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx' }] });
 * console.log(props); // { Family: 'web', ContainerDefinitions: [{ Name: 'app', Image: 'nginx' }] }
 * ```
 */
export function toCloudFormation(input: RegisterTaskDefinitionCommandInput): CloudFormationTaskDefinition {
  return convert(input, []) as CloudFormationTaskDefinition;
}

function convert(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, path));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    const name = cloudFormationName(key, path);
    out[name] = MAP_MEMBERS.has(key) ? { ...(inner as object) } : convert(inner, [...path, key]);
  }
  return out;
}

function cloudFormationName(key: string, path: string[]): string {
  if (key === 'properties' && path[path.length - 1] === 'proxyConfiguration')
    return 'ProxyConfigurationProperties';
  return RENAMED[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}
