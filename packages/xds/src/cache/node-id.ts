import { MeshplaneXdsError } from '../errors.js';

// App Mesh's Envoy image sends APPMESH_RESOURCE_ARN as node.id: either the full ARN
// (`arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<node>`) or its resource part
// (`mesh/<mesh>/virtualNode/<node>`, Envoy image >= 1.15). Both name the same node, so the
// cache keys snapshots by the resource part. Partitions other than `aws` (aws-cn, aws-us-gov)
// have the same shape.
const ARN = /^arn:aws(?:-[a-z-]+)?:appmesh:[a-z0-9-]*:\d*:(mesh\/.+)$/;
const RESOURCE = /^mesh\/[^/]+\/(?:virtualNode|virtualGateway)\/[^/]+$/;

/**
 * The key a snapshot is stored under for an Envoy `node.id`: a full App Mesh ARN becomes its
 * `mesh/<mesh>/virtualNode/<node>` part; any other id (a gateway, a test id) is kept as given.
 *
 * @example
 * ```ts
 * import { normalizeNodeId } from '@meshplane/xds/internals';
 * console.log(normalizeNodeId('arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualNode/dj'));
 * // 'mesh/dj-app/virtualNode/dj'
 * ```
 */
export function normalizeNodeId(nodeId: string): string {
  const match = ARN.exec(nodeId);
  return match ? match[1]! : nodeId;
}

/** True for `mesh/<mesh>/virtualNode/<node>` and `mesh/<mesh>/virtualGateway/<gateway>`. */
export function isAppMeshResourceId(id: string): boolean {
  return RESOURCE.test(id);
}

/** Throws when a node id cannot key a snapshot (empty or not a string). */
export function checkNodeId(nodeId: unknown): string {
  if (typeof nodeId !== 'string' || nodeId.trim() === '') {
    throw new MeshplaneXdsError(
      'XDS_INVALID_NODE_ID',
      `node id must be a non-empty string, got ${JSON.stringify(nodeId)}`,
    );
  }
  return normalizeNodeId(nodeId);
}
