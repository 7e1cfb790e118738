import type { EnvoyProcess } from './envoy-process.js';

interface DynamicRouteConfig {
  route_config: {
    virtual_hosts?: {
      domains: string[];
      routes: { route?: { weighted_clusters?: { clusters?: { name: string; weight?: number }[] } } }[];
    }[];
  };
}

/** With `?resource=dynamic_route_configs`, each entry of `configs` is one `DynamicRouteConfig`. */
interface RouteDump {
  configs: DynamicRouteConfig[];
}

/**
 * The weights by target virtual node of the last (catch-all) route of virtual service `host` in
 * Envoy's egress route configuration, as Envoy holds it (admin `/config_dump`, dynamic routes).
 * Cluster names are App Mesh's `cds_egress_<mesh>_<node>_<protocol>_<port>`.
 *
 * @example
 * ```ts
 * import { envoyRouteWeights } from './envoy-weights.js';
 * console.log(await envoyRouteWeights(dj.envoy, 'dj-app', 'jazz.prod.svc.cluster.local')); // { 'jazz-v1': 90, 'jazz-v2': 10 }
 * ```
 */
export async function envoyRouteWeights(
  envoy: EnvoyProcess,
  meshName: string,
  host: string,
): Promise<Record<string, number>> {
  const dump = JSON.parse(await envoy.admin('/config_dump?resource=dynamic_route_configs')) as RouteDump;
  const virtualHost = dump.configs
    .flatMap((r) => r.route_config.virtual_hosts ?? [])
    .find((h) => h.domains.includes(host));
  const clusters = virtualHost?.routes.at(-1)?.route?.weighted_clusters?.clusters ?? [];
  const prefix = `cds_egress_${meshName}_`;
  return Object.fromEntries(
    clusters.map((c) => [c.name.slice(prefix.length).replace(/_[a-z0-9]+_\d+$/, ''), c.weight ?? 0]),
  );
}
