import type { DiscoveredInstance } from '@meshplane/core/cloudmap';
import type { ServiceEndpoints } from '../contract.js';

/** What {@link toServiceEndpoints} returns: the endpoints, and why any instance was left out. */
export interface ConvertedEndpoints {
  endpoints: ServiceEndpoints;
  /** One line per instance that cannot be an Envoy endpoint (no address or no valid port). */
  skipped: string[];
}

/**
 * Turns Cloud Map instances into {@link ServiceEndpoints}: the address is `AWS_INSTANCE_IPV4`
 * (else `AWS_INSTANCE_IPV6`), the port `AWS_INSTANCE_PORT`, the attributes all of them (the
 * cluster filters by the node's `serviceDiscovery.awsCloudMap.attributes`). An instance without
 * an address or a port in 1-65535 cannot be an Envoy endpoint: it is listed in `skipped` with the
 * reason, never dropped silently. Instances are sorted by id so that the same instances give the
 * same bytes.
 *
 * @example
 * ```ts
 * import { toServiceEndpoints } from '@meshplane/xds/internals';
 * const { endpoints, skipped } = toServiceEndpoints('prod', 'jazz', [
 *   { InstanceId: 'b', NamespaceName: 'prod', ServiceName: 'jazz', HealthStatus: 'HEALTHY', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.2', AWS_INSTANCE_PORT: '9080' } },
 *   { InstanceId: 'a', NamespaceName: 'prod', ServiceName: 'jazz', HealthStatus: 'UNKNOWN', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' } },
 * ]);
 * console.log(endpoints.instances.map((i) => `${i.address}:${i.port}`), skipped.length); // [ '10.0.0.2:9080' ] 1
 * ```
 */
export function toServiceEndpoints(
  namespaceName: string,
  serviceName: string,
  instances: readonly DiscoveredInstance[],
): ConvertedEndpoints {
  const skipped: string[] = [];
  const kept: ServiceEndpoints['instances'][number][] = [];
  for (const instance of instances) {
    const a = instance.Attributes;
    const address = a.AWS_INSTANCE_IPV4 ?? a.AWS_INSTANCE_IPV6;
    const port = Number(a.AWS_INSTANCE_PORT);
    if (!address) {
      skipped.push(`instance ${instance.InstanceId}: no AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6 attribute`);
      continue;
    }
    if (!/^\d+$/.test(a.AWS_INSTANCE_PORT ?? '') || port < 1 || port > 65535) {
      skipped.push(
        `instance ${instance.InstanceId}: AWS_INSTANCE_PORT ${JSON.stringify(a.AWS_INSTANCE_PORT)} is not a port from 1 to 65535`,
      );
      continue;
    }
    kept.push({
      instanceId: instance.InstanceId,
      address,
      port,
      health: instance.HealthStatus,
      attributes: instance.Attributes,
    });
  }
  kept.sort((x, y) => (x.instanceId < y.instanceId ? -1 : x.instanceId > y.instanceId ? 1 : 0));
  return { endpoints: { namespaceName, serviceName, instances: kept }, skipped };
}
