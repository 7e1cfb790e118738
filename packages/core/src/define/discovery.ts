import type { AccessLog, IpPreference, Logging, ServiceDiscovery } from '@aws-sdk/client-app-mesh';
import { assertReadable, checkName, MeshDefinitionError } from './errors.js';

/**
 * DNS service discovery for a virtual node.
 *
 * @example
 * ```ts
 * import { dns } from '@meshplane/core';
 * dns('jazz-v1.prod.svc.cluster.local'); // { dns: { hostname: 'jazz-v1.prod.svc.cluster.local' } }
 * ```
 */
export function dns(
  hostname: string,
  options?: { responseType?: 'LOADBALANCER' | 'ENDPOINTS'; ipPreference?: IpPreference },
): ServiceDiscovery.DnsMember {
  checkName(hostname, 'dns hostname');
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new MeshDefinitionError('INVALID_DEFINITION', 'dns options', options, 'must be an object');
  }
  assertReadable(options, 'dns options');
  return { dns: { hostname, ...options } };
}

/**
 * AWS Cloud Map service discovery for a virtual node; `attributes` filter the instances
 * (e.g. `{ version: 'v2' }`).
 *
 * @example
 * ```ts
 * import { cloudMap } from '@meshplane/core';
 * cloudMap('prod.svc.cluster.local', 'jazz', { version: 'v2' });
 * // { awsCloudMap: { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz',
 * //                  attributes: [{ key: 'version', value: 'v2' }] } }
 * ```
 */
export function cloudMap(
  namespaceName: string,
  serviceName: string,
  attributes?: Record<string, string>,
  options?: { ipPreference?: IpPreference },
): ServiceDiscovery.AwsCloudMapMember {
  checkName(namespaceName, 'cloudMap namespaceName');
  checkName(serviceName, 'cloudMap serviceName');
  for (const [field, value] of [
    ['cloudMap attributes', attributes],
    ['cloudMap options', options],
  ] as const) {
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new MeshDefinitionError('INVALID_DEFINITION', field, value, 'must be an object');
    }
    assertReadable(value, field);
  }
  const awsCloudMap: ServiceDiscovery.AwsCloudMapMember['awsCloudMap'] = { namespaceName, serviceName };
  if (attributes !== undefined) {
    awsCloudMap.attributes = Object.entries(attributes).map(([key, value]) => ({ key, value }));
  }
  if (options?.ipPreference !== undefined) awsCloudMap.ipPreference = options.ipPreference;
  return { awsCloudMap };
}

/**
 * File access logging for a node or gateway (`/dev/stdout` sends it to the container log).
 *
 * @example
 * ```ts
 * import { fileAccessLog } from '@meshplane/core';
 * fileAccessLog('/dev/stdout'); // { accessLog: { file: { path: '/dev/stdout' } } }
 * ```
 */
export function fileAccessLog(path: string): Logging {
  checkName(path, 'access log path');
  const accessLog: AccessLog = { file: { path } };
  return { accessLog };
}
