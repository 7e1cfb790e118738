import {
  type AppMeshClient,
  paginateListGatewayRoutes,
  paginateListRoutes,
  paginateListVirtualGateways,
  paginateListVirtualNodes,
  paginateListVirtualRouters,
  paginateListVirtualServices,
} from '@aws-sdk/client-app-mesh';
import type { MeshModel, MeshplaneResource, ResourceKind } from '../model/resources.js';
import { RESOURCE_KINDS, resourceKey } from '../model/resources.js';
import { checkConcurrency, mapBounded } from './bounded-map.js';
import { ReconcileError } from './errors.js';
import { describeResource, isAwsError, listTags, type ResourceState } from './resource-api.js';
import { rememberMetadata } from './resource-metadata.js';

/** Options of {@link readMesh}. */
export interface ReadMeshOptions {
  /** Describe/ListTags calls in flight at once: a whole number >= 1 (default 8). */
  concurrency?: number;
  /** Read tags with ListTagsForResource (default true). */
  tags?: boolean;
  /** `limit` of each List call, 1-100 (default: the API's, 100); every page is read either way. */
  pageSize?: number;
}

type Identity = Pick<MeshplaneResource, 'kind' | 'meshName' | 'name'> & {
  virtualRouterName?: string;
  virtualGatewayName?: string;
};

async function collect<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

/**
 * Reads the actual state of one mesh as a {@link MeshModel}: every page of every List call,
 * then Describe (and ListTagsForResource) for each resource with bounded parallelism. Resources
 * the API reports as `DELETED` are left out. A mesh that does not exist reads as an empty model,
 * so `plan(desired, await readMesh(client, name))` creates it.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { plan, readMesh } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * const actual = await readMesh(client, 'dj-app');
 * console.log(plan({ resources: [] }, actual).changes.length); // 0: the plan never deletes meshes it does not own
 * ```
 */
export async function readMesh(
  client: AppMeshClient,
  meshName: string,
  options: ReadMeshOptions = {},
): Promise<MeshModel> {
  const concurrency = checkConcurrency('concurrency', options.concurrency ?? 8);
  const { pageSize } = options;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100)) {
    throw new ReconcileError(
      'INVALID_PAGE_SIZE',
      `pageSize: ${String(pageSize)} must be a whole number from 1 to 100 (the List calls' limit)`,
    );
  }
  const withTags = options.tags ?? true;
  let mesh: ResourceState;
  try {
    mesh = await describeResource(client, { kind: 'mesh', meshName, name: meshName });
  } catch (error) {
    if (isAwsError(error, 'NotFoundException')) return { resources: [] };
    throw error;
  }
  if (mesh.status === 'DELETED') return { resources: [] };

  const m = { client, ...(pageSize !== undefined ? { pageSize } : {}) };
  const [nodes, routers, gateways, services] = await Promise.all([
    collect(paginateListVirtualNodes(m, { meshName }), (p) => p.virtualNodes?.map((r) => r.virtualNodeName!)),
    collect(paginateListVirtualRouters(m, { meshName }), (p) =>
      p.virtualRouters?.map((r) => r.virtualRouterName!),
    ),
    collect(paginateListVirtualGateways(m, { meshName }), (p) =>
      p.virtualGateways?.map((r) => r.virtualGatewayName!),
    ),
    collect(paginateListVirtualServices(m, { meshName }), (p) =>
      p.virtualServices?.map((r) => r.virtualServiceName!),
    ),
  ]);
  const ids: Identity[] = [
    ...nodes.map((name) => ({ kind: 'virtualNode' as const, meshName, name })),
    ...routers.map((name) => ({ kind: 'virtualRouter' as const, meshName, name })),
    ...gateways.map((name) => ({ kind: 'virtualGateway' as const, meshName, name })),
    ...services.map((name) => ({ kind: 'virtualService' as const, meshName, name })),
  ];
  const childLists = await mapBounded([...routers, ...gateways], concurrency, async (parent, i) => {
    if (i < routers.length) {
      const names = await collect(paginateListRoutes(m, { meshName, virtualRouterName: parent }), (p) =>
        p.routes?.map((r) => r.routeName!),
      );
      return names.map((name) => ({ kind: 'route' as const, meshName, name, virtualRouterName: parent }));
    }
    const names = await collect(paginateListGatewayRoutes(m, { meshName, virtualGatewayName: parent }), (p) =>
      p.gatewayRoutes?.map((r) => r.gatewayRouteName!),
    );
    return names.map((name) => ({
      kind: 'gatewayRoute' as const,
      meshName,
      name,
      virtualGatewayName: parent,
    }));
  });
  for (const list of childLists) ids.push(...list);

  const described = await mapBounded(ids, concurrency, async (id) => {
    try {
      return { id, state: await describeResource(client, id) };
    } catch (error) {
      // Listed, then deleted by someone else before we described it: it is simply gone.
      if (isAwsError(error, 'NotFoundException')) return undefined;
      throw error;
    }
  });
  const found = [
    { id: { kind: 'mesh' as const, meshName, name: meshName }, state: mesh },
    ...described.filter((d) => d !== undefined && d.state.status !== 'DELETED'),
  ] as { id: Identity; state: ResourceState }[];

  const resources = await mapBounded(found, concurrency, async ({ id, state }) => {
    const resource = { ...id, spec: state.spec ?? {} } as MeshplaneResource;
    rememberMetadata(resource, state.metadata);
    if (withTags && state.metadata?.arn) {
      const tags = await listTags(client, state.metadata.arn);
      if (tags.length > 0) resource.tags = tags;
    }
    return resource;
  });
  const rank = (k: ResourceKind) => RESOURCE_KINDS.indexOf(k);
  resources.sort((a, b) => rank(a.kind) - rank(b.kind) || (resourceKey(a) < resourceKey(b) ? -1 : 1));
  return { resources };
}
