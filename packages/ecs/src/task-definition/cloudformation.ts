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
  return convert(input, '') as CloudFormationTaskDefinition;
}

// `parent` is the API member that holds `value`: only the proxy configuration's `properties`
// depends on it.
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

const NAMES = new Map<string, string>();

function cloudFormationName(key: string, parent: string): string {
  if (key === 'properties' && parent === 'proxyConfiguration') return 'ProxyConfigurationProperties';
  let name = NAMES.get(key);
  if (name === undefined) {
    name = RENAMED[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
    // The ECS shapes have a few hundred member names; the bound keeps odd input from growing it.
    if (NAMES.size < 1024) NAMES.set(key, name);
  }
  return name;
}
