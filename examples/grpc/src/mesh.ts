import { cloudMap, defineMesh, grpc, type MeshModel, millis, seconds, weights } from '@meshplane/core';

export const NAMESPACE = 'grpc.svc.cluster.local';
export const SERVICE = `artists.${NAMESPACE}`;
/** The gRPC service the backends implement (`/dj.Artists/<method>`). */
export const GRPC_SERVICE = 'dj.Artists';

/**
 * The proxyless gRPC mesh: virtual node `client` calls virtual service
 * `artists.grpc.svc.cluster.local:50051`, served by router `artists-router` over `artists-v1` and
 * `artists-v2` (Cloud Map `version` attribute). Routes, in App Mesh's order: `Flaky` retried on
 * `unavailable` (2 retries) to v1; `Slow` with a 200 ms per-request timeout to v1; a call with
 * metadata `x-canary: yes` to v2; every other method split `v1`/`v2` by the given weights.
 *
 * @example
 * ```ts
 * import { validate } from '@meshplane/core';
 * import { grpcMesh } from './mesh.js';
 * console.log(validate(grpcMesh({ v1: 90, v2: 10 })).valid); // true
 * ```
 */
export function grpcMesh(split: { v1: number; v2: number }): MeshModel {
  const node = (version: string) => ({
    listeners: [grpc(50051)],
    discovery: cloudMap(NAMESPACE, 'artists', { version }),
  });
  return defineMesh({
    name: 'grpc-app',
    nodes: {
      client: { listeners: [grpc(50051)], discovery: cloudMap(NAMESPACE, 'client'), backends: [SERVICE] },
      'artists-v1': node('v1'),
      'artists-v2': node('v2'),
    },
    routers: {
      'artists-router': {
        listeners: [grpc(50051)],
        routes: {
          flaky: {
            priority: 0,
            grpc: {
              match: { serviceName: GRPC_SERVICE, methodName: 'Flaky' },
              action: weights({ 'artists-v1': 1 }),
              retryPolicy: { maxRetries: 2, perRetryTimeout: seconds(1), grpcRetryEvents: ['unavailable'] },
            },
          },
          slow: {
            priority: 1,
            grpc: {
              match: { serviceName: GRPC_SERVICE, methodName: 'Slow' },
              action: weights({ 'artists-v1': 1 }),
              timeout: { perRequest: millis(200) },
            },
          },
          canary: {
            priority: 2,
            grpc: {
              match: { serviceName: GRPC_SERVICE, metadata: [{ name: 'x-canary', match: { exact: 'yes' } }] },
              action: weights({ 'artists-v2': 1 }),
            },
          },
          split: {
            priority: 3,
            grpc: {
              match: { serviceName: GRPC_SERVICE },
              action: weights({ 'artists-v1': split.v1, 'artists-v2': split.v2 }),
            },
          },
        },
      },
    },
    services: { [SERVICE]: { provider: { router: 'artists-router' } } },
  });
}
