import type { MeshIndex } from '../model-index.js';

/**
 * The Cloud Map services App Mesh's nodes use in a namespace. Service Connect cannot reuse these
 * names while App Mesh runs side by side: a `discoveryName` is "the name of the new Cloud Map
 * service that Amazon ECS creates for this Amazon ECS service. This must be unique within the
 * Cloud Map namespace" (ECS API reference, ServiceConnectServiceResource).
 *
 * @example
 * ```ts
 * import { cloudMap, defineMesh, http } from '@meshplane/core';
 * import { indexMesh } from '../model-index.js';
 * import { appMeshCloudMapServices } from './discovery-names.js';
 * const model = defineMesh({ name: 'm', nodes: { a: { listeners: [http(80)], discovery: cloudMap('ns', 'svc-a') } } });
 * console.log([...appMeshCloudMapServices(indexMesh(model), 'ns')]); // ['svc-a']
 * ```
 */
export function appMeshCloudMapServices(index: MeshIndex, namespace: string): Set<string> {
  const names = new Set<string>();
  for (const node of index.nodes.values()) {
    const cloudMap = (
      node.spec as { serviceDiscovery?: { awsCloudMap?: { namespaceName?: unknown; serviceName?: unknown } } }
    ).serviceDiscovery?.awsCloudMap;
    if (cloudMap?.namespaceName === namespace && typeof cloudMap.serviceName === 'string')
      names.add(cloudMap.serviceName);
  }
  return names;
}
