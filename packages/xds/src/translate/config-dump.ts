import { createHash } from 'node:crypto';
import { type TranslateResult, TYPE_URLS, type XdsResource } from '../contract.js';

type Json = Record<string, unknown>;

/** A content version: the first 16 hex digits of the SHA-256 of the resources' JSON (same resources, same version). */
export function contentVersion(resources: readonly XdsResource[]): string {
  const hash = createHash('sha256');
  for (const r of resources) hash.update(r.name).update('\0').update(JSON.stringify(r.resource)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

/**
 * An Envoy `/config_dump`-shaped document of one translation (`meshplane xds render`), offline:
 * `ClustersConfigDump`, `EndpointsConfigDump`, `ListenersConfigDump`, `RoutesConfigDump` and
 * `SecretsConfigDump` in Envoy's order, each resource as a dynamic, active resource with its
 * type's content version, so it can be read and diffed like a live Envoy's dump (which shows
 * endpoints only with `?include_eds`). Issues, when any, are listed under `meshplane_issues`
 * (not an Envoy field: a dump with issues is one that would not be served).
 *
 * @example
 * ```ts
 * import { defineMesh, http } from '@meshplane/core';
 * import { configDump, translateNode } from '@meshplane/xds';
 * const model = defineMesh({ name: 'm', nodes: { solo: { listeners: [http(8080)] } } });
 * const dump = configDump(translateNode({ model, endpoints: new Map() }, 'mesh/m/virtualNode/solo'));
 * console.log(dump.configs.map((c) => c['@type'].split('.').pop()).join(' '));
 * // 'ClustersConfigDump EndpointsConfigDump ListenersConfigDump RoutesConfigDump SecretsConfigDump'
 * ```
 */
export function configDump(result: TranslateResult): {
  configs: ({ '@type': string } & Json)[];
  meshplane_issues?: unknown[];
} {
  const of = (typeUrl: string) => result.resources.filter((r) => r.typeUrl === typeUrl);
  const section = (typeUrl: string) => {
    const list = of(typeUrl);
    return { list, version: contentVersion(list) };
  };
  const clusters = section(TYPE_URLS.cluster);
  const endpoints = section(TYPE_URLS.clusterLoadAssignment);
  const listeners = section(TYPE_URLS.listener);
  const routes = section(TYPE_URLS.routeConfiguration);
  const secrets = section(TYPE_URLS.secret);
  const configs: ({ '@type': string } & Json)[] = [
    {
      '@type': `${ADMIN}ClustersConfigDump`,
      version_info: clusters.version,
      dynamic_active_clusters: clusters.list.map((r) => ({
        version_info: clusters.version,
        cluster: r.resource,
      })),
    },
    {
      '@type': `${ADMIN}EndpointsConfigDump`,
      dynamic_endpoint_configs: endpoints.list.map((r) => ({
        version_info: endpoints.version,
        endpoint_config: r.resource,
      })),
    },
    {
      '@type': `${ADMIN}ListenersConfigDump`,
      version_info: listeners.version,
      dynamic_listeners: listeners.list.map((r) => ({
        name: r.name,
        active_state: { version_info: listeners.version, listener: r.resource },
      })),
    },
    {
      '@type': `${ADMIN}RoutesConfigDump`,
      dynamic_route_configs: routes.list.map((r) => ({
        version_info: routes.version,
        route_config: r.resource,
      })),
    },
    {
      '@type': `${ADMIN}SecretsConfigDump`,
      dynamic_active_secrets: secrets.list.map((r) => ({
        name: r.name,
        version_info: secrets.version,
        secret: r.resource,
      })),
    },
  ];
  return result.issues.length > 0 ? { configs, meshplane_issues: result.issues } : { configs };
}
