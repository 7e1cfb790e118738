import type { MeshModel } from '@meshplane/core';
import type { EndpointQuery, TranslateInput, TranslateOptions, TranslateResult } from '../contract.js';
import { endpointQueries, translateForGrpcClients, translateNode } from '../translate/index.js';
import { servedResourceIds } from './model-sync.js';

/**
 * The node id prefix of proxyless gRPC clients: a `@grpc/grpc-js-xds` client whose bootstrap
 * says `node.id: "grpc:mesh/<mesh>/virtualNode/<node>"` gets what `translateForGrpcClients` gives
 * that virtual node (an `api_listener` per HTTP/2 or gRPC virtual service it may call, gRFC
 * A27/A28), while its Envoys keep `mesh/<mesh>/virtualNode/<node>`. One snapshot cache keys
 * snapshots by node id only, so the two forms need two ids.
 *
 * @example
 * ```ts
 * import { GRPC_CLIENT_ID_PREFIX } from '@meshplane/xds/internals';
 * console.log(`${GRPC_CLIENT_ID_PREFIX}mesh/dj-app/virtualNode/dj`); // 'grpc:mesh/dj-app/virtualNode/dj'
 * ```
 */
export const GRPC_CLIENT_ID_PREFIX = 'grpc:';

/** The virtual node a gRPC client id stands for, or undefined for any other id. */
function grpcClientResource(id: string): string | undefined {
  return id.startsWith(GRPC_CLIENT_ID_PREFIX) ? id.slice(GRPC_CLIENT_ID_PREFIX.length) : undefined;
}

/**
 * What a control plane with `grpcClients: true` serves: every id of `servedResourceIds` (Envoys)
 * plus `grpc:<id>` for every virtual node (gateways are Envoys only).
 *
 * @example
 * ```ts
 * import { defineMesh, dns, http } from '@meshplane/core';
 * import { servedIdsWithGrpcClients } from '@meshplane/xds/internals';
 * const model = defineMesh({ name: 'shop', nodes: { web: { listeners: [http(8080)], discovery: dns('web.shop.local') } } });
 * console.log(servedIdsWithGrpcClients(model)); // [ 'mesh/shop/virtualNode/web', 'grpc:mesh/shop/virtualNode/web' ]
 * ```
 */
export function servedIdsWithGrpcClients(model: MeshModel): string[] {
  const ids = servedResourceIds(model);
  const nodes = ids.filter((id) => id.includes('/virtualNode/'));
  return [...ids, ...nodes.map((id) => `${GRPC_CLIENT_ID_PREFIX}${id}`)];
}

/**
 * `translateNode` for Envoy ids, `translateForGrpcClients` for `grpc:` ids (which take no
 * listener options: a gRPC client has no listener).
 *
 * @example
 * ```ts
 * import { defineMesh, dns, http2 } from '@meshplane/core';
 * import { translateServedId } from '@meshplane/xds/internals';
 * const model = defineMesh({
 *   name: 'shop',
 *   nodes: { web: { listeners: [http2(8080)], discovery: dns('web.shop.local'), backends: ['cart.shop.local'] },
 *            cart: { listeners: [http2(50051)], discovery: dns('cart.shop.local') } },
 *   services: { 'cart.shop.local': { provider: { node: 'cart' } } },
 * });
 * const grpc = translateServedId({ model, endpoints: new Map() }, 'grpc:mesh/shop/virtualNode/web');
 * // the api_listeners of targets xds:///cart.shop.local:50051 and xds:///cart.shop.local, the route
 * // configuration and the cluster:
 * console.log(grpc.resources.map((r) => r.name).sort());
 * // [ 'cart.shop.local', 'cart.shop.local:50051', 'cds_egress_shop_cart_http2_50051', 'rds_grpc_cart.shop.local_50051' ]
 * ```
 */
export function translateServedId(
  input: TranslateInput,
  id: string,
  options?: TranslateOptions,
): TranslateResult {
  const grpcNode = grpcClientResource(id);
  return grpcNode === undefined
    ? translateNode(input, id, options)
    : translateForGrpcClients(input, grpcNode);
}

/**
 * The Cloud Map queries of a served id: a gRPC client of a node reads the same clusters and EDS
 * assignments as that node's Envoy.
 *
 * @example
 * ```ts
 * import { cloudMap, defineMesh, http2 } from '@meshplane/core';
 * import { endpointQueriesOfServedId } from '@meshplane/xds/internals';
 * const model = defineMesh({
 *   name: 'shop',
 *   nodes: { web: { listeners: [http2(8080)], discovery: cloudMap('shop.local', 'web'), backends: ['cart.shop.local'] },
 *            cart: { listeners: [http2(50051)], discovery: cloudMap('shop.local', 'cart') } },
 *   services: { 'cart.shop.local': { provider: { node: 'cart' } } },
 * });
 * console.log(endpointQueriesOfServedId(model, 'grpc:mesh/shop/virtualNode/web').map((q) => q.serviceName)); // [ 'cart' ]
 * ```
 */
export function endpointQueriesOfServedId(model: MeshModel, id: string): EndpointQuery[] {
  return endpointQueries(model, grpcClientResource(id) ?? id);
}
