import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../service.js';
import { appMeshArn } from './arn.js';
import { conflict, limitExceeded, notFound } from './errors.js';
import { idempotent } from './idempotency.js';
import { KINDS, kindWords, type WireKind } from './kinds.js';
import { paginate } from './page-token.js';
import { dataOf, refOf } from './resource-views.js';
import { checkCandidate } from './spec-checks.js';
import { withDefaults } from './spec-rules.js';
import type { Partition, StoredResource, TagRef } from './store.js';
import { dedupeTags } from './tags.js';

type Input = Record<string, unknown>;
/** One operation over the partition of the caller (region + account). */
export type PartitionHandler = (partition: Partition, input: Input, ctx: RequestContext) => Input;

/** Where a resource lives in words: `mesh "m"`, `virtual router "r" of mesh "m"`. */
function describeScope(kind: WireKind, meshName: string, parentName?: string): string {
  return kind.parent
    ? `${kindWords(kind.parent)} "${parentName}" of mesh "${meshName}"`
    : `mesh "${meshName}"`;
}

const parentOf = (info: WireKind, input: Input): string | undefined =>
  info.parent ? (input[KINDS[info.parent].nameMember] as string) : undefined;

function requireMesh(partition: Partition, meshName: string): StoredResource {
  const mesh = partition.get('mesh', meshName, undefined, meshName);
  if (!mesh) throw notFound(`mesh "${meshName}" does not exist`);
  return mesh;
}

/** The mesh and (for routes and gateway routes) the parent must exist: NotFoundException otherwise. */
function requireScope(partition: Partition, info: WireKind, meshName: string, parentName?: string): void {
  if (info.kind !== 'mesh') requireMesh(partition, meshName);
  if (info.parent && !partition.get(info.parent, meshName, undefined, parentName!))
    throw notFound(`${kindWords(info.parent)} "${parentName}" does not exist in mesh "${meshName}"`);
}

function requireResource(partition: Partition, info: WireKind, input: Input): StoredResource {
  const meshName = input.meshName as string;
  const name = input[info.nameMember] as string;
  const parentName = parentOf(info, input);
  requireScope(partition, info, meshName, parentName);
  const found = partition.get(info.kind, meshName, parentName, name);
  if (found) return found;
  throw notFound(
    info.kind === 'mesh'
      ? `mesh "${meshName}" does not exist`
      : `${kindWords(info.kind)} "${name}" does not exist in ${describeScope(info, meshName, parentName)}`,
  );
}

/** A create is refused when the name is taken (ConflictException) or the scope is at its quota (LimitExceededException). */
function checkCreate(
  partition: Partition,
  info: WireKind,
  c: { meshName: string; parentName?: string; name: string },
  ctx: RequestContext,
): void {
  const { meshName, parentName, name } = c;
  if (info.kind === 'mesh') {
    if (partition.get('mesh', meshName, undefined, meshName))
      throw conflict(`mesh "${meshName}" already exists`);
    if (partition.list('mesh').length >= info.quota)
      throw limitExceeded(
        `account ${ctx.accountId} already has ${info.quota} meshes in ${ctx.region}, the quota`,
      );
    return;
  }
  requireScope(partition, info, meshName, parentName);
  const scope = describeScope(info, meshName, parentName);
  if (partition.get(info.kind, meshName, parentName, name))
    throw conflict(`${kindWords(info.kind)} "${name}" already exists in ${scope}`);
  if (partition.list(info.kind, meshName, parentName).length >= info.quota)
    throw limitExceeded(`${scope} already has ${info.quota} ${kindWords(info.kind)}s, the quota`);
}

function create(info: WireKind): PartitionHandler {
  return (partition, input, ctx) =>
    idempotent(partition, `Create${info.opName}`, input, () => {
      const meshName = input.meshName as string;
      const parentName = parentOf(info, input);
      const name = info.kind === 'mesh' ? meshName : (input[info.nameMember] as string);
      const spec = withDefaults(info.kind, input.spec as Input | undefined);
      checkCreate(
        partition,
        info,
        { meshName, ...(parentName !== undefined ? { parentName } : {}), name },
        ctx,
      );
      checkCandidate(partition, {
        info,
        meshName,
        ...(parentName !== undefined ? { parentName } : {}),
        name,
        spec,
      });
      const at = ctx.now().getTime() / 1000;
      const { region, accountId } = ctx;
      const resource: StoredResource = {
        kind: info.kind,
        meshName,
        ...(parentName !== undefined ? { parentName } : {}),
        name,
        spec,
        tags: dedupeTags((input.tags as TagRef[] | undefined) ?? []),
        arn: appMeshArn({ region, accountId, kind: info.kind, meshName, parentName, name }),
        uid: randomUUID(),
        version: 1,
        createdAt: at,
        lastUpdatedAt: at,
        meshOwner: accountId,
        resourceOwner: accountId,
      };
      partition.put(resource);
      return dataOf(resource);
    });
}

function update(info: WireKind): PartitionHandler {
  return (partition, input, ctx) =>
    idempotent(partition, `Update${info.opName}`, input, () => {
      const resource = requireResource(partition, info, input);
      const spec = withDefaults(info.kind, input.spec as Input | undefined);
      checkCandidate(partition, { ...resource, info, spec });
      const next: StoredResource = {
        ...resource,
        spec,
        version: resource.version + 1,
        lastUpdatedAt: Math.max(ctx.now().getTime() / 1000, resource.lastUpdatedAt),
      };
      partition.put(next);
      return dataOf(next);
    });
}

function list(info: WireKind): PartitionHandler {
  return (partition, input) => {
    let items: StoredResource[];
    let scope: string = info.listOp;
    if (info.kind === 'mesh') items = partition.list('mesh');
    else {
      const meshName = input.meshName as string;
      const parentName = parentOf(info, input);
      requireScope(partition, info, meshName, parentName);
      items = partition.list(info.kind, meshName, parentName);
      scope = `${info.listOp}/${meshName}/${parentName ?? ''}`;
    }
    const limit = input.limit as number | undefined;
    const { page, nextToken } = paginate(
      items,
      (r) => r.name,
      scope,
      limit,
      input.nextToken as string | undefined,
      100,
    );
    return { [info.listMember]: page.map(refOf), ...(nextToken ? { nextToken } : {}) };
  };
}

/**
 * The five operations of every kind (Create, Describe, Update, Delete, List), driven by the kind
 * table: one implementation for the seven kinds, as the API itself is uniform. Delete rules are
 * passed in (`blockers`), so this module knows nothing of the resource graph.
 */
export function crudHandlers(
  blockers: (partition: Partition, resource: StoredResource) => string[],
  inUse: (message: string) => Error,
): Record<string, PartitionHandler> {
  const handlers: Record<string, PartitionHandler> = {};
  for (const info of Object.values(KINDS)) {
    handlers[`Create${info.opName}`] = create(info);
    handlers[`Describe${info.opName}`] = (partition, input) =>
      dataOf(requireResource(partition, info, input));
    handlers[`Update${info.opName}`] = update(info);
    handlers[`Delete${info.opName}`] = (partition, input) => {
      const resource = requireResource(partition, info, input);
      const blocking = blockers(partition, resource);
      if (blocking.length > 0)
        throw inUse(`cannot delete ${kindWords(resource.kind)} "${resource.name}": ${blocking.join('; ')}`);
      partition.remove(resource);
      return dataOf(resource, true);
    };
    handlers[info.listOp] = list(info);
  }
  return handlers;
}
