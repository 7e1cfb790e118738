import { TYPE_URLS, type XdsResource } from '../../../src/contract.js';

type Json = Record<string, unknown>;

/**
 * A static Envoy bootstrap holding translated resources, for `envoy --mode validate`: every
 * HTTP connection manager gets its route configuration inline (instead of RDS over ADS), every
 * EDS cluster its load assignment inline (as a STATIC cluster), so that Envoy's own proto
 * validation and config loading check every listener, route configuration, cluster and endpoint
 * we generate. SDS references point at App Mesh's `static_cluster_sds_unix_socket`, which the
 * bootstrap defines as App Mesh's does.
 */
export function staticBootstrap(resources: readonly XdsResource[], nodeId: string): Json {
  const routes = new Map<string, Json>();
  const assignments = new Map<string, Json>();
  for (const r of resources) {
    if (r.typeUrl === TYPE_URLS.routeConfiguration) routes.set(r.name, r.resource);
    if (r.typeUrl === TYPE_URLS.clusterLoadAssignment) assignments.set(r.name, r.resource);
  }
  const inlineRds = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inlineRds);
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      if (k === 'rds') {
        const name = String((v as Json).route_config_name);
        const config = routes.get(name);
        if (!config) throw new Error(`route configuration ${name} is referenced but not generated`);
        const { '@type': _type, ...inline } = config;
        out.route_config = inline;
      } else out[k] = inlineRds(v);
    }
    return out;
  };
  const strip = (r: XdsResource) => {
    const { '@type': _type, ...rest } = r.resource;
    return rest;
  };
  const listeners = resources.filter((r) => r.typeUrl === TYPE_URLS.listener).map((r) => inlineRds(strip(r)));
  const clusters = resources
    .filter((r) => r.typeUrl === TYPE_URLS.cluster)
    .map((r) => {
      const c = strip(r);
      if (c.type !== 'EDS') return c;
      const cla = assignments.get(r.name);
      if (!cla) throw new Error(`EDS cluster ${r.name} has no ClusterLoadAssignment`);
      const { '@type': _type, ...loadAssignment } = cla;
      const { eds_cluster_config: _eds, ...rest } = c;
      return { ...rest, type: 'STATIC', load_assignment: loadAssignment };
    });
  clusters.push({
    name: 'static_cluster_sds_unix_socket',
    type: 'STATIC',
    connect_timeout: '1s',
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
    load_assignment: {
      cluster_name: 'static_cluster_sds_unix_socket',
      endpoints: [
        { lb_endpoints: [{ endpoint: { address: { pipe: { path: '/run/spire/sockets/agent.sock' } } } }] },
      ],
    },
  });
  return {
    node: { id: nodeId, cluster: nodeId },
    static_resources: { listeners, clusters },
  };
}
