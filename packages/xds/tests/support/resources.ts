import { TYPE_URLS, type XdsResource } from '../../src/contract.js';

// Hand-written Envoy resources (proto3 JSON) for the server's tests and the real-Envoy tests: one
// HTTP listener whose route sends everything to one EDS cluster, and that cluster's endpoints.

export const HCM =
  'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const ROUTER = 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router';

export function listener(name: string, port: number, routeConfigName: string): XdsResource {
  return {
    name,
    typeUrl: TYPE_URLS.listener,
    resource: {
      '@type': TYPE_URLS.listener,
      name,
      address: { socketAddress: { address: '127.0.0.1', portValue: port } },
      filterChains: [
        {
          filters: [
            {
              name: 'envoy.filters.network.http_connection_manager',
              typedConfig: {
                '@type': HCM,
                statPrefix: name,
                rds: { routeConfigName, configSource: { ads: {}, resourceApiVersion: 'V3' } },
                httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': ROUTER } }],
              },
            },
          ],
        },
      ],
    },
  };
}

export function routeConfig(name: string, clusters: Record<string, number>): XdsResource {
  const weighted = Object.entries(clusters).map(([cluster, weight]) => ({ name: cluster, weight }));
  return {
    name,
    typeUrl: TYPE_URLS.routeConfiguration,
    resource: {
      '@type': TYPE_URLS.routeConfiguration,
      name,
      virtualHosts: [
        {
          name: 'all',
          domains: ['*'],
          routes: [
            { match: { prefix: '/' }, route: { weightedClusters: { clusters: weighted }, timeout: '15s' } },
          ],
        },
      ],
    },
  };
}

export function edsCluster(name: string): XdsResource {
  return {
    name,
    typeUrl: TYPE_URLS.cluster,
    resource: {
      '@type': TYPE_URLS.cluster,
      name,
      type: 'EDS',
      connectTimeout: '1s',
      edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' } },
    },
  };
}

export function endpoints(clusterName: string, ports: readonly number[]): XdsResource {
  return {
    name: clusterName,
    typeUrl: TYPE_URLS.clusterLoadAssignment,
    resource: {
      '@type': TYPE_URLS.clusterLoadAssignment,
      clusterName,
      endpoints: [
        {
          lbEndpoints: ports.map((port) => ({
            endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: port } } },
            healthStatus: 'HEALTHY',
          })),
        },
      ],
    },
  };
}

/** A whole small snapshot: listener → route → weighted EDS clusters → endpoints. */
export function smallSnapshot(opts: {
  listenerPort: number;
  upstreamPorts: Record<string, number[]>;
  weights?: Record<string, number>;
}): XdsResource[] {
  const names = Object.keys(opts.upstreamPorts);
  const weights = opts.weights ?? Object.fromEntries(names.map((n) => [n, 1]));
  return [
    listener('lds_egress', opts.listenerPort, 'rds_egress'),
    routeConfig('rds_egress', weights),
    ...names.map(edsCluster),
    ...names.map((n) => endpoints(n, opts.upstreamPorts[n]!)),
  ];
}
