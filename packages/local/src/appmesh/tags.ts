import type { RequestContext } from '../service.js';
import { parseAppMeshArn } from './arn.js';
import { badRequest, notFound, tooManyTags } from './errors.js';
import { TAGS_PER_RESOURCE } from './kinds.js';
import { paginate } from './page-token.js';
import type { AppMeshStore, StoredResource, TagRef } from './store.js';

type Input = Record<string, unknown>;

/** Keeps the last value of each tag key, in first-seen key order. */
export function dedupeTags(tags: readonly TagRef[]): TagRef[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

/** The resource an ARN names, in the caller's own partition (the local endpoint does not emulate sharing). */
function resourceByArn(store: AppMeshStore, arn: string, ctx: RequestContext): StoredResource {
  const address = parseAppMeshArn(arn);
  if (!address) throw badRequest(`resourceArn ${JSON.stringify(arn)} is not an App Mesh resource ARN`);
  if (address.accountId !== ctx.accountId)
    throw notFound(`resource ${arn} belongs to account ${address.accountId}, not ${ctx.accountId}`);
  if (address.region !== ctx.region)
    throw notFound(`resource ${arn} is in ${address.region}; this request is signed for ${ctx.region}`);
  const found = store
    .partition(address.region, address.accountId)
    .get(address.kind, address.meshName, address.parentName, address.name);
  if (!found) throw notFound(`resource ${arn} does not exist`);
  return found;
}

/** TagResource, UntagResource and ListTagsForResource over the store. */
export function tagHandlers(
  store: AppMeshStore,
): Record<string, (input: Input, ctx: RequestContext) => Input> {
  const retag = (resource: StoredResource, tags: TagRef[], ctx: RequestContext) =>
    store.partition(ctx.region, ctx.accountId).put({ ...resource, tags });
  return {
    TagResource(input, ctx) {
      const resource = resourceByArn(store, input.resourceArn as string, ctx);
      const merged = dedupeTags([...resource.tags, ...(input.tags as TagRef[])]);
      if (merged.length > TAGS_PER_RESOURCE)
        throw tooManyTags(
          `resource ${resource.arn} would have ${merged.length} tags; the limit is ${TAGS_PER_RESOURCE}`,
        );
      retag(resource, merged, ctx);
      return {};
    },
    UntagResource(input, ctx) {
      const resource = resourceByArn(store, input.resourceArn as string, ctx);
      const drop = new Set(input.tagKeys as string[]);
      retag(
        resource,
        resource.tags.filter((tag) => !drop.has(tag.key)),
        ctx,
      );
      return {};
    },
    ListTagsForResource(input, ctx) {
      const resource = resourceByArn(store, input.resourceArn as string, ctx);
      const sorted = [...resource.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const limit = input.limit as number | undefined;
      const scope = `ListTagsForResource/${resource.arn}`;
      const { page, nextToken } = paginate(
        sorted,
        (t) => t.key,
        scope,
        limit,
        input.nextToken as string | undefined,
        100,
      );
      return { tags: page.map((t) => ({ ...t })), ...(nextToken ? { nextToken } : {}) };
    },
  };
}
