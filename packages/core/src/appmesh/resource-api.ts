import {
  type AppMeshClient,
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteMeshCommand,
  DeleteRouteCommand,
  DeleteVirtualGatewayCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DeleteVirtualServiceCommand,
  DescribeGatewayRouteCommand,
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualGatewayCommand,
  DescribeVirtualNodeCommand,
  DescribeVirtualRouterCommand,
  DescribeVirtualServiceCommand,
  paginateListTagsForResource,
  type ResourceMetadata,
  type TagRef,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateGatewayRouteCommand,
  UpdateMeshCommand,
  UpdateRouteCommand,
  UpdateVirtualGatewayCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualRouterCommand,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import type { MeshplaneResource, ResourceKind } from '../model/resources.js';
import { RESOURCE_KINDS } from '../model/resources.js';

/** What a Describe/Create/Update returns, reduced to what the reconciler needs. */
export interface ResourceState {
  spec: unknown;
  metadata?: ResourceMetadata;
  status?: string;
}

type Identity = Pick<MeshplaneResource, 'kind' | 'meshName' | 'name'> & {
  virtualRouterName?: string;
  virtualGatewayName?: string;
};

// The API names each resource's identity members differently; this maps the model's identity
// onto the input members of every operation of a kind.
function identityInput(r: Identity): Record<string, string> {
  switch (r.kind) {
    case 'mesh':
      return { meshName: r.meshName };
    case 'virtualNode':
      return { meshName: r.meshName, virtualNodeName: r.name };
    case 'virtualRouter':
      return { meshName: r.meshName, virtualRouterName: r.name };
    case 'virtualGateway':
      return { meshName: r.meshName, virtualGatewayName: r.name };
    case 'virtualService':
      return { meshName: r.meshName, virtualServiceName: r.name };
    case 'route':
      return { meshName: r.meshName, virtualRouterName: r.virtualRouterName ?? '', routeName: r.name };
    case 'gatewayRoute':
      return {
        meshName: r.meshName,
        virtualGatewayName: r.virtualGatewayName ?? '',
        gatewayRouteName: r.name,
      };
  }
}

// Output member holding the resource data: the kind itself (DescribeRoute → `route`).
const OUTPUT_MEMBER: Record<ResourceKind, string> = Object.fromEntries(
  RESOURCE_KINDS.map((k) => [k, k]),
) as Record<ResourceKind, string>;

type AnyCommand = new (input: never) => unknown;

const COMMANDS: Record<
  ResourceKind,
  { create: AnyCommand; update: AnyCommand; describe: AnyCommand; delete: AnyCommand }
> = {
  mesh: {
    create: CreateMeshCommand,
    update: UpdateMeshCommand,
    describe: DescribeMeshCommand,
    delete: DeleteMeshCommand,
  },
  virtualNode: {
    create: CreateVirtualNodeCommand,
    update: UpdateVirtualNodeCommand,
    describe: DescribeVirtualNodeCommand,
    delete: DeleteVirtualNodeCommand,
  },
  virtualRouter: {
    create: CreateVirtualRouterCommand,
    update: UpdateVirtualRouterCommand,
    describe: DescribeVirtualRouterCommand,
    delete: DeleteVirtualRouterCommand,
  },
  virtualGateway: {
    create: CreateVirtualGatewayCommand,
    update: UpdateVirtualGatewayCommand,
    describe: DescribeVirtualGatewayCommand,
    delete: DeleteVirtualGatewayCommand,
  },
  route: {
    create: CreateRouteCommand,
    update: UpdateRouteCommand,
    describe: DescribeRouteCommand,
    delete: DeleteRouteCommand,
  },
  virtualService: {
    create: CreateVirtualServiceCommand,
    update: UpdateVirtualServiceCommand,
    describe: DescribeVirtualServiceCommand,
    delete: DeleteVirtualServiceCommand,
  },
  gatewayRoute: {
    create: CreateGatewayRouteCommand,
    update: UpdateGatewayRouteCommand,
    describe: DescribeGatewayRouteCommand,
    delete: DeleteGatewayRouteCommand,
  },
};

type Verb = 'create' | 'update' | 'describe' | 'delete';

async function send(client: AppMeshClient, r: Identity, verb: Verb, extra: Record<string, unknown>) {
  const Command = COMMANDS[r.kind][verb];
  const input = { ...identityInput(r), ...extra } as never;
  // The command classes differ per kind but share the `send` contract; the table keeps them typed
  // at the edges (identity in, `{ [kind]: data }` out).
  const output = (await client.send(new Command(input) as never)) as unknown as Record<string, unknown>;
  return output[OUTPUT_MEMBER[r.kind]] as
    | { spec?: unknown; metadata?: ResourceMetadata; status?: { status?: string } }
    | undefined;
}

const toState = (data: Awaited<ReturnType<typeof send>>): ResourceState => ({
  spec: data?.spec,
  metadata: data?.metadata,
  status: data?.status?.status,
});

/**
 * CreateX for any resource kind, with its spec, tags and client token.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { createResource } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * await createResource(client, { kind: 'mesh', meshName: 'shop', name: 'shop', spec: {} }, 'token-1');
 * ```
 */
export async function createResource(
  client: AppMeshClient,
  resource: MeshplaneResource,
  clientToken: string,
): Promise<ResourceState> {
  const extra: Record<string, unknown> = { spec: resource.spec ?? {}, clientToken };
  if (resource.tags && resource.tags.length > 0) extra.tags = resource.tags;
  return toState(await send(client, resource, 'create', extra));
}

/**
 * UpdateX for any resource kind: replaces the spec (App Mesh updates are full replacements).
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { updateResource } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * await updateResource(client, { kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: { egressFilter: { type: 'ALLOW_ALL' } } }, 'token-2');
 * ```
 */
export async function updateResource(
  client: AppMeshClient,
  resource: MeshplaneResource,
  clientToken: string,
): Promise<ResourceState> {
  return toState(await send(client, resource, 'update', { spec: resource.spec ?? {}, clientToken }));
}

/**
 * DescribeX for any resource kind.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { describeResource } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * const state = await describeResource(client, { kind: 'virtualNode', meshName: 'dj-app', name: 'dj' });
 * ```
 */
export async function describeResource(client: AppMeshClient, resource: Identity): Promise<ResourceState> {
  return toState(await send(client, resource, 'describe', {}));
}

/**
 * DeleteX for any resource kind.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { deleteResource } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * await deleteResource(client, { kind: 'virtualService', meshName: 'dj-app', name: 'metal.prod.svc.cluster.local' });
 * ```
 */
export async function deleteResource(client: AppMeshClient, resource: Identity): Promise<void> {
  await send(client, resource, 'delete', {});
}

/**
 * Every tag of a resource (all pages of ListTagsForResource).
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { listTags } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * const tags = await listTags(client, 'arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app');
 * ```
 */
export async function listTags(client: AppMeshClient, resourceArn: string): Promise<TagRef[]> {
  const tags: TagRef[] = [];
  for await (const page of paginateListTagsForResource({ client }, { resourceArn })) {
    tags.push(...(page.tags ?? []));
  }
  return tags;
}

/**
 * Makes a resource's tags exactly `desired`: one TagResource for added or changed values, one
 * UntagResource for keys that must go, nothing when they already match. Returns the number of
 * writes made.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { syncTags } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * await syncTags(client, 'arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app', [{ key: 'team', value: 'music' }]);
 * ```
 */
export async function syncTags(
  client: AppMeshClient,
  resourceArn: string,
  desired: readonly TagRef[],
  current?: readonly TagRef[],
  beforeWrite: () => Promise<void> = async () => {},
): Promise<number> {
  const have = new Map((current ?? (await listTags(client, resourceArn))).map((t) => [t.key, t.value ?? '']));
  const want = new Map(desired.map((t) => [t.key, t.value ?? '']));
  const toTag = [...want].filter(([k, v]) => have.get(k) !== v).map(([key, value]) => ({ key, value }));
  const toUntag = [...have.keys()].filter((k) => !want.has(k));
  let writes = 0;
  if (toTag.length > 0) {
    await beforeWrite();
    await client.send(new TagResourceCommand({ resourceArn, tags: toTag }));
    writes++;
  }
  if (toUntag.length > 0) {
    await beforeWrite();
    await client.send(new UntagResourceCommand({ resourceArn, tagKeys: toUntag as string[] }));
    writes++;
  }
  return writes;
}

/**
 * True when an SDK error is the given modelled App Mesh error (by name).
 *
 * @example
 * ```ts
 * import { isAwsError } from '@meshplane/core/appmesh';
 * isAwsError(Object.assign(new Error('x'), { name: 'NotFoundException' }), 'NotFoundException'); // true
 * ```
 */
export function isAwsError(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}
