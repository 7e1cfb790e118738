import { cloudMapError, invalidInput } from './errors.js';
import type { Tag } from './state.js';
import type { Call, CloudMapStore } from './store.js';

/**
 * Checks tags given at creation or to TagResource and returns the merged list: a later value
 * for the same key wins; `aws:` keys are reserved; more than the per-resource limit is
 * TooManyTagsException.
 */
export function mergeTags(
  store: CloudMapStore,
  existing: Tag[],
  added: unknown,
  resourceName: string,
): Tag[] {
  const list = (added ?? []) as Tag[];
  const reserved = list.filter((t) => t.Key.toLowerCase().startsWith('aws:')).map((t) => t.Key);
  if (reserved.length > 0) {
    throw invalidInput(
      `Tags are invalid: keys ${reserved.map((k) => `"${k}"`).join(', ')} use the reserved prefix "aws:".`,
    );
  }
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of list) merged.set(t.Key, t.Value);
  if (merged.size > store.limits.tagsPerResource) {
    throw cloudMapError(
      'TooManyTagsException',
      `Resource ${resourceName} would have ${merged.size} tags, more than the limit of ${store.limits.tagsPerResource}.`,
      { ResourceName: resourceName },
    );
  }
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

function taggable(store: CloudMapStore, arn: string): { Tags: Tag[] } {
  const match = /^arn:[^:]+:servicediscovery:[^:]*:[^:]*:(namespace|service)\/(.+)$/.exec(arn);
  const resource =
    match?.[1] === 'namespace'
      ? store.findNamespace(match[2]!)
      : match
        ? store.findService(match[2]!)
        : undefined;
  if (!resource || resource.Arn !== arn) {
    throw cloudMapError('ResourceNotFoundException', `Resource ${arn} not found.`);
  }
  return resource;
}

export function tagResource(store: CloudMapStore, input: Record<string, unknown>, _call: Call): object {
  const arn = String(input.ResourceARN);
  const resource = taggable(store, arn);
  resource.Tags = mergeTags(store, resource.Tags, input.Tags, arn);
  return {};
}

export function untagResource(store: CloudMapStore, input: Record<string, unknown>, _call: Call): object {
  const resource = taggable(store, String(input.ResourceARN));
  const remove = new Set((input.TagKeys ?? []) as string[]);
  resource.Tags = resource.Tags.filter((t) => !remove.has(t.Key));
  return {};
}

export function listTagsForResource(
  store: CloudMapStore,
  input: Record<string, unknown>,
  _call: Call,
): object {
  const resource = taggable(store, String(input.ResourceARN));
  return { Tags: resource.Tags.map((t) => ({ ...t })) };
}
