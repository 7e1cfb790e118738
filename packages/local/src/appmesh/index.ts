import { randomUUID } from 'node:crypto';
import { appMeshModel, validateShape } from '@meshplane/core/smithy';
import { type LocalService, LocalServiceError, type RequestContext } from '../service.js';
import { appMeshArn, parseAppMeshArn } from './arn.js';
import {
  type AppMeshKind,
  BACKENDS_PER_VIRTUAL_NODE,
  KINDS,
  type KindInfo,
  kindWords,
  TAGS_PER_RESOURCE,
} from './kinds.js';
import { paginate } from './page-token.js';
import { resourceNameProblems } from './resource-names.js';
import {
  backendCount,
  gatewayRouteTargets,
  listenerPorts,
  routeMatchPort,
  routePortProblems,
  specProblems,
  specReferences,
  withDefaults,
} from './spec-rules.js';
import {
  type AppMeshState,
  AppMeshStore,
  type Partition,
  type StoredResource,
  type TagRef,
} from './store.js';

export type { AppMeshState, StoredResource, TagRef } from './store.js';

type Input = Record<string, unknown>;
type Handler = (input: Input, ctx: RequestContext) => unknown;

const badRequest = (message: string) => new LocalServiceError('BadRequestException', 400, message);
const notFound = (message: string) => new LocalServiceError('NotFoundException', 404, message);
const conflict = (message: string) => new LocalServiceError('ConflictException', 409, message);
const inUse = (message: string) => new LocalServiceError('ResourceInUseException', 409, message);
const limitExceeded = (message: string) => new LocalServiceError('LimitExceededException', 400, message);

/** A stable digest of an input without its clientToken, to recognise a retried request. */
function digest(input: Input): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(
        Object.keys(value)
          .filter((k) => k !== 'clientToken')
          .sort()
          .map((k) => [k, sort((value as Input)[k])]),
      );
    return value;
  };
  return JSON.stringify(sort(input));
}

function describeScope(kind: AppMeshKind, meshName: string, parentName?: string): string {
  const parent = KINDS[kind].parent;
  return parent ? `${kindWords(parent)} "${parentName}" of mesh "${meshName}"` : `mesh "${meshName}"`;
}

/**
 * Creates the local App Mesh service: all 38 operations of the App Mesh API model over an
 * in-memory store partitioned by region and account, with the model's validation, errors,
 * quotas, reference checks, idempotency, pagination and tags.
 *
 * @example
 * ```ts
 * import { createAppMeshService } from '@meshplane/local';
 * const appMesh = createAppMeshService();
 * const ctx = { region: 'us-east-1', accountId: '123456789012', now: () => new Date() };
 * const out = (await appMesh.handle('CreateMesh', { meshName: 'dj-app' }, ctx)) as { mesh: { spec: unknown } };
 * console.log(out.mesh.spec); // { egressFilter: { type: 'DROP_ALL' } }
 * ```
 */
export function createAppMeshService(): LocalService<AppMeshState> {
  const store = new AppMeshStore();

  function partitionFor(input: Input, ctx: RequestContext): Partition {
    const owner = input.meshOwner;
    if (typeof owner === 'string' && owner !== ctx.accountId)
      throw notFound(
        `mesh "${String(input.meshName)}" of account ${owner} is not shared with account ${ctx.accountId} (the local endpoint does not emulate mesh sharing)`,
      );
    return store.partition(ctx.region, ctx.accountId);
  }

  function requireMesh(partition: Partition, meshName: string): StoredResource {
    const mesh = partition.get('mesh', meshName, undefined, meshName);
    if (!mesh) throw notFound(`mesh "${meshName}" does not exist`);
    return mesh;
  }

  function requireParent(
    partition: Partition,
    info: KindInfo,
    meshName: string,
    parentName: string | undefined,
  ): void {
    if (!info.parent) return;
    if (!partition.get(info.parent, meshName, undefined, parentName!))
      throw notFound(`${kindWords(info.parent)} "${parentName}" does not exist in mesh "${meshName}"`);
  }

  function parentOf(info: KindInfo, input: Input): string | undefined {
    return info.parent ? (input[KINDS[info.parent].nameMember] as string) : undefined;
  }

  function requireResource(partition: Partition, info: KindInfo, input: Input): StoredResource {
    const meshName = input.meshName as string;
    const name = input[info.nameMember] as string;
    const parentName = parentOf(info, input);
    if (info.kind !== 'mesh') requireMesh(partition, meshName);
    requireParent(partition, info, meshName, parentName);
    const found = partition.get(info.kind, meshName, parentName, name);
    if (!found)
      throw notFound(
        info.kind === 'mesh'
          ? `mesh "${meshName}" does not exist`
          : `${kindWords(info.kind)} "${name}" does not exist in ${describeScope(info.kind, meshName, parentName)}`,
      );
    return found;
  }

  function checkSpec(
    partition: Partition,
    info: KindInfo,
    meshName: string,
    spec: Input,
    parentName?: string,
    name?: string,
  ): void {
    const problems = specProblems(info.kind, spec);
    if (info.parent && problems.length === 0) {
      const parent = partition.get(info.parent, meshName, undefined, parentName!);
      if (parent) problems.push(...routePortProblems(spec, parent.spec, parent.name, info.parent));
    }
    if (info.kind === 'gatewayRoute' && problems.length === 0)
      problems.push(...targetPortProblems(partition, meshName, spec));
    const childKind =
      info.kind === 'virtualRouter' ? 'route' : info.kind === 'virtualGateway' ? 'gatewayRoute' : undefined;
    if (childKind && name !== undefined && listenerPorts(spec).length > 1) {
      const portless = partition
        .list(childKind, meshName, name)
        .filter((r) => routeMatchPort(r.spec) === undefined);
      const children =
        childKind === 'route' ? 'Routes for this Virtual Router' : 'Gateway Routes for this Virtual Gateway';
      if (portless.length > 0)
        problems.push(
          `All ${children} must define a port match criteria when it has multiple listeners; routes without one: ${portless.map((r) => `"${r.name}"`).join(', ')}`,
        );
    }
    if (problems.length > 0) throw badRequest(problems.join('; '));
    if (info.kind === 'virtualNode' && backendCount(spec) > BACKENDS_PER_VIRTUAL_NODE)
      throw limitExceeded(
        `spec.backends has ${backendCount(spec)} backends; a virtual node can have at most ${BACKENDS_PER_VIRTUAL_NODE}`,
      );
    const missing = specReferences(info.kind, spec).filter(
      (ref) => !partition.get(ref.kind, meshName, undefined, ref.name),
    );
    if (missing.length > 0)
      throw notFound(
        missing
          .map(
            (ref) => `${ref.path}: ${kindWords(ref.kind)} "${ref.name}" does not exist in mesh "${meshName}"`,
          )
          .join('; '),
      );
  }

  /**
   * AWS user guide (gateway routes): "Virtual service provider port is required when the provider
   * (router or node) of the selected virtual service has multiple listeners."
   */
  function targetPortProblems(partition: Partition, meshName: string, spec: Input): string[] {
    const problems: string[] = [];
    for (const target of gatewayRouteTargets(spec)) {
      const service = partition.get('virtualService', meshName, undefined, target.virtualServiceName);
      const provider = service
        ? specReferences('virtualService', service.spec).find((ref) => ref.kind !== 'virtualService')
        : undefined;
      const providerResource = provider && partition.get(provider.kind, meshName, undefined, provider.name);
      if (!providerResource) continue;
      const ports = listenerPorts(providerResource.spec);
      if (target.port === undefined && ports.length > 1)
        problems.push(
          `${target.path}.port: Virtual service provider port is required when the provider (router or node) of the selected virtual service has multiple listeners (${kindWords(providerResource.kind)} "${providerResource.name}" listens on ${ports.join(', ')})`,
        );
      else if (target.port !== undefined && !ports.includes(target.port))
        problems.push(
          `${target.path}.port: ${target.port} is not a listener port of ${kindWords(providerResource.kind)} "${providerResource.name}" (${ports.join(', ')})`,
        );
    }
    return problems;
  }

  function statusFor(deleted: boolean): { status: string } {
    return { status: deleted ? 'DELETED' : 'ACTIVE' };
  }

  function dataOf(resource: StoredResource, deleted = false): Input {
    const info = KINDS[resource.kind];
    const data: Input = { meshName: resource.meshName };
    if (info.parent) data[KINDS[info.parent].nameMember] = resource.parentName;
    if (resource.kind !== 'mesh') data[info.nameMember] = resource.name;
    data.spec = structuredClone(resource.spec);
    data.metadata = {
      arn: resource.arn,
      uid: resource.uid,
      version: resource.version,
      createdAt: resource.createdAt,
      lastUpdatedAt: resource.lastUpdatedAt,
      meshOwner: resource.meshOwner,
      resourceOwner: resource.resourceOwner,
    };
    data.status = statusFor(deleted);
    return { [info.dataMember]: data };
  }

  function refOf(resource: StoredResource): Input {
    const info = KINDS[resource.kind];
    const ref: Input = { meshName: resource.meshName };
    if (info.parent) ref[KINDS[info.parent].nameMember] = resource.parentName;
    if (resource.kind !== 'mesh') ref[info.nameMember] = resource.name;
    return {
      ...ref,
      meshOwner: resource.meshOwner,
      resourceOwner: resource.resourceOwner,
      arn: resource.arn,
      version: resource.version,
      createdAt: resource.createdAt,
      lastUpdatedAt: resource.lastUpdatedAt,
    };
  }

  /** Runs a create or update once per clientToken: a retry with the same token and input gets the first answer. */
  function idempotent(partition: Partition, operation: string, input: Input, run: () => Input): Input {
    const token = input.clientToken;
    if (typeof token !== 'string') return run();
    const key = `${operation}|${token}`;
    const seen = partition.tokens.get(key);
    const inputDigest = digest(input);
    if (seen) {
      if (seen.digest !== inputDigest)
        throw conflict(`clientToken "${token}" was already used for a different ${operation} request`);
      return structuredClone(seen.output) as Input;
    }
    const output = run();
    partition.rememberToken(key, { operation, digest: inputDigest, output: structuredClone(output) });
    return output;
  }

  const handlers: Record<string, Handler> = {};

  for (const info of Object.values(KINDS)) {
    handlers[`Create${info.opName}`] = (input, ctx) => {
      const partition = partitionFor(input, ctx);
      return idempotent(partition, `Create${info.opName}`, input, () => {
        const meshName = input.meshName as string;
        const name = input[info.nameMember] as string;
        const parentName = parentOf(info, input);
        const spec = withDefaults(info.kind, input.spec as Input | undefined);
        if (info.kind === 'mesh') {
          if (partition.get('mesh', meshName, undefined, meshName))
            throw conflict(`mesh "${meshName}" already exists`);
          if (partition.list('mesh').length >= info.quota)
            throw limitExceeded(
              `account ${ctx.accountId} already has ${info.quota} meshes in ${ctx.region}, the quota`,
            );
        } else {
          requireMesh(partition, meshName);
          requireParent(partition, info, meshName, parentName);
          if (partition.get(info.kind, meshName, parentName, name))
            throw conflict(
              `${kindWords(info.kind)} "${name}" already exists in ${describeScope(info.kind, meshName, parentName)}`,
            );
          const siblings = partition.list(info.kind, meshName, parentName).length;
          if (siblings >= info.quota)
            throw limitExceeded(
              `${describeScope(info.kind, meshName, parentName)} already has ${info.quota} ${kindWords(info.kind)}s, the quota`,
            );
          checkSpec(partition, info, meshName, spec, parentName, name);
        }
        const at = ctx.now().getTime() / 1000;
        const resource: StoredResource = {
          kind: info.kind,
          meshName,
          ...(parentName !== undefined ? { parentName } : {}),
          name: info.kind === 'mesh' ? meshName : name,
          spec,
          tags: dedupeTags((input.tags as TagRef[] | undefined) ?? []),
          arn: appMeshArn({
            region: ctx.region,
            accountId: ctx.accountId,
            kind: info.kind,
            meshName,
            parentName,
            name,
          }),
          uid: randomUUID(),
          version: 1,
          createdAt: at,
          lastUpdatedAt: at,
          meshOwner: ctx.accountId,
          resourceOwner: ctx.accountId,
        };
        partition.put(resource);
        return dataOf(resource);
      });
    };

    handlers[`Describe${info.opName}`] = (input, ctx) =>
      dataOf(requireResource(partitionFor(input, ctx), info, input));

    handlers[`Update${info.opName}`] = (input, ctx) => {
      const partition = partitionFor(input, ctx);
      return idempotent(partition, `Update${info.opName}`, input, () => {
        const resource = requireResource(partition, info, input);
        const spec = withDefaults(info.kind, input.spec as Input | undefined);
        if (info.kind !== 'mesh')
          checkSpec(partition, info, resource.meshName, spec, resource.parentName, resource.name);
        resource.spec = spec;
        resource.version += 1;
        resource.lastUpdatedAt = Math.max(ctx.now().getTime() / 1000, resource.lastUpdatedAt);
        return dataOf(resource);
      });
    };

    handlers[`Delete${info.opName}`] = (input, ctx) => {
      const partition = partitionFor(input, ctx);
      const resource = requireResource(partition, info, input);
      const blockers = deleteBlockers(partition, resource);
      if (blockers.length > 0)
        throw inUse(`cannot delete ${kindWords(resource.kind)} "${resource.name}": ${blockers.join('; ')}`);
      partition.remove(resource);
      return dataOf(resource, true);
    };

    handlers[info.listOp] = (input, ctx) => {
      const partition = partitionFor(input, ctx);
      let items: StoredResource[];
      let scope: string;
      if (info.kind === 'mesh') {
        items = partition.list('mesh');
        scope = info.listOp;
      } else {
        const meshName = input.meshName as string;
        const parentName = parentOf(info, input);
        requireMesh(partition, meshName);
        requireParent(partition, info, meshName, parentName);
        items = partition.list(info.kind, meshName, parentName);
        scope = `${info.listOp}/${meshName}/${parentName ?? ''}`;
      }
      const { page, nextToken } = paginate(
        items,
        (r) => r.name,
        scope,
        input.limit as number | undefined,
        input.nextToken as string | undefined,
        100,
      );
      return { [info.listMember]: page.map(refOf), ...(nextToken ? { nextToken } : {}) };
    };
  }

  function deleteBlockers(partition: Partition, resource: StoredResource): string[] {
    const { meshName, name } = resource;
    const names = (rs: StoredResource[]) => rs.map((r) => `"${r.name}"`).join(', ');
    const providedBy = (kind: 'virtualNode' | 'virtualRouter') =>
      partition
        .list('virtualService', meshName)
        .filter((vs) =>
          specReferences('virtualService', vs.spec).some((ref) => ref.kind === kind && ref.name === name),
        );
    const referencing = (kind: 'route' | 'gatewayRoute', targetKind: 'virtualNode' | 'virtualService') =>
      partition
        .list(kind, meshName)
        .filter((r) =>
          specReferences(kind, r.spec).some((ref) => ref.kind === targetKind && ref.name === name),
        );
    const routeNames = (rs: StoredResource[]) => rs.map((r) => `"${r.parentName}/${r.name}"`).join(', ');
    switch (resource.kind) {
      case 'mesh': {
        const children = partition.children(meshName);
        return children.length > 0
          ? [
              `the mesh still has ${children.length} resources (${children
                .map((c) => `${kindWords(c.kind)} "${c.name}"`)
                .slice(0, 5)
                .join(', ')}${children.length > 5 ? ', …' : ''}); delete them first`,
            ]
          : [];
      }
      case 'virtualRouter': {
        const blockers: string[] = [];
        const routes = partition.list('route', meshName, name);
        if (routes.length > 0) blockers.push(`it still has routes ${names(routes)}`);
        const services = providedBy('virtualRouter');
        if (services.length > 0)
          blockers.push(`virtual services ${names(services)} use it as their provider`);
        return blockers;
      }
      case 'virtualNode': {
        const blockers: string[] = [];
        const services = providedBy('virtualNode');
        if (services.length > 0)
          blockers.push(`virtual services ${names(services)} use it as their provider`);
        // AWS answers "VirtualNode with name X cannot be deleted because it is the target of one or more routes".
        const routes = referencing('route', 'virtualNode');
        if (routes.length > 0) blockers.push(`it is the target of routes ${routeNames(routes)}`);
        return blockers;
      }
      case 'virtualService': {
        // AWS answers "VirtualService X is being referenced in the following: GATEWAY_ROUTE: [...]".
        const routes = referencing('gatewayRoute', 'virtualService');
        return routes.length > 0 ? [`it is the target of gateway routes ${routeNames(routes)}`] : [];
      }
      case 'virtualGateway': {
        const routes = partition.list('gatewayRoute', meshName, name);
        return routes.length > 0 ? [`it still has gateway routes ${names(routes)}`] : [];
      }
      default:
        return [];
    }
  }

  function resourceByArn(arn: string, ctx: RequestContext): StoredResource {
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

  handlers.TagResource = (input, ctx) => {
    const resource = resourceByArn(input.resourceArn as string, ctx);
    const merged = dedupeTags([...resource.tags, ...(input.tags as TagRef[])]);
    if (merged.length > TAGS_PER_RESOURCE)
      throw new LocalServiceError(
        'TooManyTagsException',
        400,
        `resource ${resource.arn} would have ${merged.length} tags; the limit is ${TAGS_PER_RESOURCE}`,
      );
    resource.tags = merged;
    return {};
  };

  handlers.UntagResource = (input, ctx) => {
    const resource = resourceByArn(input.resourceArn as string, ctx);
    const drop = new Set(input.tagKeys as string[]);
    resource.tags = resource.tags.filter((tag) => !drop.has(tag.key));
    return {};
  };

  handlers.ListTagsForResource = (input, ctx) => {
    const resource = resourceByArn(input.resourceArn as string, ctx);
    const sorted = [...resource.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const { page, nextToken } = paginate(
      sorted,
      (t) => t.key,
      `ListTagsForResource/${resource.arn}`,
      input.limit as number | undefined,
      input.nextToken as string | undefined,
      100,
    );
    return { tags: page.map((t) => ({ ...t })), ...(nextToken ? { nextToken } : {}) };
  };

  const operations = Object.keys(handlers).sort();

  return {
    operations,
    handle(operation, input, ctx) {
      const handler = handlers[operation];
      const definition = appMeshModel.operations[operation];
      if (!handler || !definition)
        throw badRequest(`unknown App Mesh operation ${JSON.stringify(operation)}`);
      if (definition.input) {
        const issues = validateShape(appMeshModel, definition.input, input, '');
        const messages = [
          ...issues.map((issue) => issue.message.replace(/^\./, '')),
          ...resourceNameProblems(appMeshModel, definition.input, input),
        ];
        if (messages.length > 0) {
          throw badRequest(
            `${messages.length} validation error${messages.length > 1 ? 's' : ''} detected: ${messages.join('; ')}`,
          );
        }
      }
      return handler(input, ctx);
    },
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
  };
}

/** Keeps the last value of each tag key, in first-seen key order. */
function dedupeTags(tags: readonly TagRef[]): TagRef[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}
