/**
 * The Cloud Map query the router makes for a virtual node with `awsCloudMap` service discovery.
 * Structurally the `DiscoveryQuery` of `@meshplane/core/cloudmap`.
 *
 * @example
 * ```ts
 * const query: RouterDiscoveryQuery = { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz', queryParameters: { version: 'v2' }, healthStatus: 'HEALTHY' };
 * const instances = await discovery.discover(query);
 * ```
 */
export interface RouterDiscoveryQuery {
  namespaceName: string;
  serviceName: string;
  queryParameters?: Record<string, string>;
  healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'ALL' | 'HEALTHY_OR_ELSE_ALL';
}

/**
 * One instance as Cloud Map's DiscoverInstances returns it (`HttpInstanceSummary`).
 *
 * @example
 * ```ts
 * const instance: RouterDiscoveredInstance = { InstanceId: 'jazz-v1-1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.12', AWS_INSTANCE_PORT: '9080', version: 'v1' } };
 * ```
 */
export interface RouterDiscoveredInstance {
  InstanceId?: string;
  NamespaceName?: string;
  ServiceName?: string;
  HealthStatus?: string;
  Attributes?: Record<string, string>;
}

/**
 * What the router needs from service discovery: the `Discovery` of `@meshplane/core/cloudmap`
 * (`createDiscovery`) satisfies it. `peek` answers synchronously from the cache and keeps the
 * request path free of promises; `discover` is the fallback on a cache miss.
 *
 * @example
 * ```ts
 * import type { RouterDiscovery } from '@meshplane/core/router';
 * // A fixed discovery for tests: every service has one instance on 127.0.0.1:8080.
 * const instances = [{ InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '8080' } }];
 * const discovery: RouterDiscovery = { discover: async () => instances, peek: () => instances };
 * ```
 */
export interface RouterDiscovery {
  discover(query: RouterDiscoveryQuery): Promise<readonly RouterDiscoveredInstance[]>;
  peek?(query: RouterDiscoveryQuery): readonly RouterDiscoveredInstance[] | undefined;
}
