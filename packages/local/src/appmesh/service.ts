import { appMeshModel, validateShape } from '@meshplane/core/smithy';
import type { LocalService, RequestContext } from '../service.js';
import { crudHandlers, type PartitionHandler } from './crud.js';
import { deleteBlockers } from './delete-rules.js';
import { badRequest, inUse, notFound } from './errors.js';
import { resourceNameProblems } from './resource-names.js';
import { type AppMeshState, AppMeshStore, type Partition } from './store.js';
import { tagHandlers } from './tags.js';

type Input = Record<string, unknown>;

/** The caller's partition; a `meshOwner` other than the caller is a mesh shared from another account. */
function partitionFor(store: AppMeshStore, input: Input, ctx: RequestContext): Partition {
  const owner = input.meshOwner;
  if (typeof owner === 'string' && owner !== ctx.accountId)
    throw notFound(
      `mesh "${String(input.meshName)}" of account ${owner} is not shared with account ${ctx.accountId} (the local endpoint does not emulate mesh sharing)`,
    );
  return store.partition(ctx.region, ctx.accountId);
}

/** The model's shape constraints and the resource-name rule, every problem in one BadRequestException. */
function checkInput(operation: string, input: Input): void {
  const definition = appMeshModel.operations[operation];
  if (!definition?.input) return;
  const messages = [
    ...validateShape(appMeshModel, definition.input, input, '').map((issue) =>
      issue.message.replace(/^\./, ''),
    ),
    ...resourceNameProblems(appMeshModel, definition.input, input),
  ];
  if (messages.length > 0)
    throw badRequest(
      `${messages.length} validation error${messages.length > 1 ? 's' : ''} detected: ${messages.join('; ')}`,
    );
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
  const crud: Record<string, PartitionHandler> = crudHandlers(deleteBlockers, inUse);
  const handlers: Record<string, (input: Input, ctx: RequestContext) => unknown> = {
    ...Object.fromEntries(
      Object.entries(crud).map(([operation, run]) => [
        operation,
        (input: Input, ctx: RequestContext) => run(partitionFor(store, input, ctx), input, ctx),
      ]),
    ),
    ...tagHandlers(store),
  };
  return {
    operations: Object.keys(handlers).sort(),
    handle(operation, input, ctx) {
      const handler = handlers[operation];
      if (!handler || !appMeshModel.operations[operation])
        throw badRequest(`unknown App Mesh operation ${JSON.stringify(operation)}`);
      checkInput(operation, input);
      return handler(input, ctx);
    },
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
    journal: {
      takeChanges: () => store.takeChanges(),
      applyChanges: (changes) => store.applyChanges(changes),
    },
  };
}
