/**
 * App Mesh's Envoy resource names (App Mesh user guide, "Monitoring your application using Envoy
 * metrics", "Resource naming conventions"; a v3 `/config_dump` of an App Mesh Envoy), so that
 * dashboards and alarms written against App Mesh's stats (`cluster.<name>.*`,
 * `listener.<addr>_<port>.*`, `http.<prefix>.rds.<name>.*`) keep working.
 */

/** `lds_<direction>_<address>_<port>`: `lds_ingress_0.0.0.0_15000`, `lds_egress_0.0.0.0_15001`. */
export const listenerName = (direction: 'ingress' | 'egress', address: string, port: number): string =>
  `lds_${direction}_${address}_${port}`;

/** `rds_<direction>_<protocol>_<port>`: `rds_ingress_http_9080`, `rds_egress_http_15001`. */
export const routeConfigName = (direction: 'ingress' | 'egress', protocol: string, port: number): string =>
  `rds_${direction}_${protocol}_${port}`;

/** `cds_<direction>_<mesh>_<node>_<protocol>_<port>`: the local app (ingress) or a target (egress). */
export const clusterName = (
  direction: 'ingress' | 'egress',
  mesh: string,
  node: string,
  protocol: string,
  port: number,
): string => `cds_${direction}_${mesh}_${node}_${protocol}_${port}`;

/**
 * A virtual gateway's cluster back to its own egress listener:
 * `cds_ingress_<mesh>_<gateway>_self_redirect_<protocol>_<egressPort>` for a gateway with one
 * listener, `cds_ingress_<mesh>_<gateway>_self_redirect_<listenerPort>_<protocol>_<egressPort>`
 * with several (user guide, "envoy-metrics").
 */
export const selfRedirectClusterName = (
  mesh: string,
  gateway: string,
  protocol: string,
  egressPort: number,
  listenerPort: number | undefined,
): string =>
  listenerPort === undefined
    ? `cds_ingress_${mesh}_${gateway}_self_redirect_${protocol}_${egressPort}`
    : `cds_ingress_${mesh}_${gateway}_self_redirect_${listenerPort}_${protocol}_${egressPort}`;

/** `cds_egress_<mesh>_amazonaws`: App Mesh's cluster that lets a mesh reach AWS services (TLS to `*.amazonaws.com`). */
export const amazonawsClusterName = (mesh: string): string => `cds_egress_${mesh}_amazonaws`;

/**
 * The pass-through cluster of a mesh whose egress filter is `ALLOW_ALL`. App Mesh does not
 * document its name; this one follows its `cds_egress_<mesh>_<purpose>` pattern.
 */
export const allowAllClusterName = (mesh: string): string => `cds_egress_${mesh}_allow_all`;

/**
 * The cluster App Mesh's bootstrap defines for the SDS agent's Unix socket (SPIRE), which every
 * SDS secret reference in listeners and clusters points at (user guide, "envoy-metrics").
 */
export const SDS_CLUSTER_NAME = 'static_cluster_sds_unix_socket';

/** A parsed `node.id`: `mesh/<mesh>/virtualNode/<node>` or `mesh/<mesh>/virtualGateway/<gateway>`. */
export interface ParsedResourceId {
  meshName: string;
  kind: 'virtualNode' | 'virtualGateway';
  name: string;
}

/**
 * Parses the resource id Envoy sends as `node.id` (`APPMESH_RESOURCE_ARN`): the short form
 * `mesh/<mesh>/virtualNode/<node>` or a full ARN
 * `arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<node>`; gateways likewise. Returns
 * undefined when it is neither.
 *
 * @example
 * ```ts
 * import { parseResourceId } from '@meshplane/xds/internals';
 * const id = parseResourceId('arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualNode/dj');
 * console.log(id?.meshName, id?.kind, id?.name); // 'dj-app' 'virtualNode' 'dj'
 * ```
 */
export function parseResourceId(resourceId: string): ParsedResourceId | undefined {
  const path = resourceId.startsWith('arn:') ? resourceId.split(':').slice(5).join(':') : resourceId;
  const m = /^mesh\/([^/]+)\/(virtualNode|virtualGateway)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  return { meshName: m[1]!, kind: m[2] as ParsedResourceId['kind'], name: m[3]! };
}
