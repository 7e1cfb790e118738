import { randomUUID } from 'node:crypto';
import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import type { MeshplaneResource } from '../model/resources.js';
import { checkConcurrency } from './bounded-map.js';
import { type AppMeshClientOptions, lazyClient } from './client.js';
import { clientTokenFor, createSalt, updateSalt } from './client-token.js';
import { ReconcileError } from './errors.js';
import { specsEquivalent } from './normalize-spec.js';
import type { Plan, PlannedChange } from './plan.js';
import {
  createResource,
  deleteResource,
  describeResource,
  isAwsError,
  type ResourceState,
  syncTags,
  updateResource,
} from './resource-api.js';
import { metadataOf } from './resource-metadata.js';
import { createWritePacer, type WriteRate } from './write-pacer.js';

/**
 * How one change ended: `adopted` = the create found the resource already there with the desired
 * spec (a re-run after a crash); `already-deleted` = the delete found nothing to delete.
 */
export type ApplyOutcome = 'created' | 'updated' | 'adopted' | 'deleted' | 'already-deleted';

/** Progress of {@link apply}, in the order things happen. */
export type ApplyEvent =
  | { type: 'apply-start'; total: number }
  | { type: 'change-start'; change: PlannedChange }
  | { type: 'change-done'; change: PlannedChange; outcome: ApplyOutcome; writes: number }
  | { type: 'change-failed'; change: PlannedChange; error: unknown }
  | { type: 'change-skipped'; change: PlannedChange; blockedBy: string[] }
  | { type: 'apply-done'; result: ApplyResult };

/** What {@link apply} did. */
export interface ApplyResult {
  /** Outcome per change id, for the changes that finished. */
  outcomes: Record<string, ApplyOutcome>;
  /** Changes whose API calls failed (after the SDK's retries). */
  failed: { id: string; error: unknown }[];
  /** Changes not attempted because something they depend on failed. */
  skipped: string[];
  /** Write calls made (create, update, delete, tag, untag). */
  writes: number;
}

/** Options of {@link apply}: the client (or its config) plus scheduling. */
export type ApplyOptions = AppMeshClientOptions & {
  /** Changes in flight at once: a whole number >= 1 (default 8). */
  concurrency?: number;
  /** Called for every {@link ApplyEvent}; an exception thrown here is ignored. */
  onEvent?: (event: ApplyEvent) => void;
  /**
   * Pace writes client-side to a known quota (e.g. `{ rate: 8, burst: 5 }`). Off by default:
   * the SDK's adaptive retry then learns the rate from throttling errors.
   */
  writeRate?: WriteRate;
  /**
   * Describe each resource after its create (default true), to catch an API that replays the
   * answer of an earlier create with the same client token for a resource deleted since (then
   * the create is sent again with a fresh token). Turned off, such a replayed create is reported
   * `created` although nothing was created: only for an API known to forget tokens.
   */
  verifyCreates?: boolean;
  /**
   * Stops starting new changes once aborted (e.g. close to a Lambda deadline). Changes in flight
   * finish; the rest are reported as skipped and {@link ApplyError} is thrown with code
   * `APPLY_ABORTED`. A later run picks up from there like after a crash.
   */
  signal?: AbortSignal;
};

/**
 * Thrown by {@link apply} when some changes failed; `result` says what was done, what failed and
 * what was skipped. Everything that could be done was done; running the same desired model again
 * (read, plan, apply) picks up where this left off.
 *
 * @example
 * ```ts
 * import { ApplyError } from '@meshplane/core/appmesh';
 * const error = new ApplyError({ outcomes: {}, failed: [], skipped: [], writes: 0 });
 * console.log(error.code); // 'APPLY_FAILED'
 * ```
 */
export class ApplyError extends ReconcileError {
  override name = 'ApplyError';
  constructor(
    readonly result: ApplyResult,
    code: 'APPLY_FAILED' | 'APPLY_ABORTED' = 'APPLY_FAILED',
  ) {
    const first = result.failed[0];
    super(
      code,
      (code === 'APPLY_ABORTED' ? 'aborted: ' : '') +
        `${result.failed.length} change(s) failed, ${result.skipped.length} skipped` +
        (first ? `; first: ${first.id}: ${(first.error as Error)?.message ?? String(first.error)}` : ''),
      { cause: first?.error },
    );
  }
}

/**
 * Runs a {@link Plan} against App Mesh as a dependency graph with bounded concurrency. Every
 * create and update carries a deterministic `clientToken`; the client uses the SDK's adaptive
 * retry mode (see `createAppMeshClient`). Crash-safe by construction: a create that meets
 * `ConflictException` describes the resource and updates it if needed, an update that meets
 * `NotFoundException` creates, a delete that meets `NotFoundException` is done; so a re-run of
 * read → plan → apply after a crash at any point converges. When a change fails, the changes that
 * depend on it are skipped, the others still run, and {@link ApplyError} is thrown at the end.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { apply, plan, readMesh } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1', retryMode: 'adaptive', maxAttempts: 10 });
 * const desired = { resources: [{ kind: 'mesh' as const, meshName: 'dj-app', name: 'dj-app', spec: {} }] };
 * const result = await apply(plan(desired, await readMesh(client, 'dj-app')), {
 *   client,
 *   onEvent: (e) => e.type === 'change-done' && console.log(e.change.id, e.outcome),
 * });
 * ```
 */
export async function apply(p: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const getClient = lazyClient(options);
  const concurrency = checkConcurrency('concurrency', options.concurrency ?? 8);
  const pacer = createWritePacer(options.writeRate);
  const emit = (event: ApplyEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // Progress reporting must never change what gets applied.
    }
  };
  const order = new Map(p.changes.map((c, i) => [c.id, i]));
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const change of p.changes) {
    for (const dep of change.dependsOn) {
      if (!order.has(dep)) {
        throw new ReconcileError(
          'INVALID_PLAN',
          `change ${change.id} depends on ${dep}, which is not in the plan`,
        );
      }
      dependents.set(dep, [...(dependents.get(dep) ?? []), change.id]);
    }
    remaining.set(change.id, change.dependsOn.length);
  }
  const result: ApplyResult = { outcomes: {}, failed: [], skipped: [], writes: 0 };
  // Each change gets its own write function so its event can say how many writes it made.
  const writerFor = (counter: { writes: number }): Write => {
    return async <T>(call: () => Promise<T>): Promise<T> => {
      await pacer.take();
      result.writes++;
      counter.writes++;
      return call();
    };
  };
  // The uid of each mesh, read once per apply (and only when something is created in it): it
  // salts the create tokens so that a destroyed and re-created mesh gets fresh ones.
  const meshUids = new Map<string, Promise<string | undefined>>();
  const meshUid = (meshName: string): Promise<string | undefined> => {
    let uid = meshUids.get(meshName);
    if (!uid) {
      uid = describeResource(getClient(), { kind: 'mesh', meshName, name: meshName }).then(
        (state) => state.metadata?.uid,
        (error: unknown) => {
          meshUids.delete(meshName);
          // No mesh: the create fails with the API's own message about it.
          if (isAwsError(error, 'NotFoundException')) return undefined;
          throw error;
        },
      );
      meshUids.set(meshName, uid);
    }
    return uid;
  };
  const createToken = async (desired: MeshplaneResource): Promise<string> => {
    const uid = desired.kind === 'mesh' ? undefined : await meshUid(desired.meshName);
    return clientTokenFor('create', desired, createSalt(desired.kind, uid));
  };
  emit({ type: 'apply-start', total: p.changes.length });

  const ready = p.changes.filter((c) => c.dependsOn.length === 0);
  const byId = new Map(p.changes.map((c) => [c.id, c]));
  let running = 0;
  await new Promise<void>((resolve) => {
    const launch = () => {
      while (running < concurrency && ready.length > 0 && !options.signal?.aborted) {
        const change = ready.shift()!;
        running++;
        emit({ type: 'change-start', change });
        const counter = { writes: 0 };
        runChange(getClient(), change, {
          write: writerFor(counter),
          verifyCreates: options.verifyCreates ?? true,
          createToken,
        }).then(
          (outcome) => {
            result.outcomes[change.id] = outcome;
            emit({ type: 'change-done', change, outcome, writes: counter.writes });
            for (const id of dependents.get(change.id) ?? []) {
              const left = remaining.get(id)! - 1;
              remaining.set(id, left);
              if (left === 0) {
                ready.push(byId.get(id)!);
                ready.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
              }
            }
            running--;
            launch();
          },
          (error: unknown) => {
            result.failed.push({ id: change.id, error });
            emit({ type: 'change-failed', change, error });
            running--;
            launch();
          },
        );
      }
      if (running === 0 && (ready.length === 0 || options.signal?.aborted)) resolve();
    };
    launch();
  });

  const finished = new Set([...Object.keys(result.outcomes), ...result.failed.map((f) => f.id)]);
  for (const change of p.changes) {
    if (finished.has(change.id)) continue;
    result.skipped.push(change.id);
    emit({
      type: 'change-skipped',
      change,
      blockedBy: change.dependsOn.filter((d) => !(d in result.outcomes)),
    });
  }
  emit({ type: 'apply-done', result });
  if (result.failed.length > 0) throw new ApplyError(result);
  if (options.signal?.aborted && result.skipped.length > 0) throw new ApplyError(result, 'APPLY_ABORTED');
  return result;
}

type Write = <T>(call: () => Promise<T>) => Promise<T>;

interface ChangeContext {
  write: Write;
  verifyCreates: boolean;
  /** The deterministic create token of a resource (see `createSalt`). */
  createToken: (desired: MeshplaneResource) => Promise<string>;
}

async function runChange(
  client: AppMeshClient,
  change: PlannedChange,
  context: ChangeContext,
): Promise<ApplyOutcome> {
  if (change.action === 'delete') {
    try {
      await context.write(() => deleteResource(client, change.actual!));
      return 'deleted';
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) return 'already-deleted';
      throw error;
    }
  }
  if (change.action === 'create') return runCreate(client, change.desired!, context);
  return runUpdate(client, change, context);
}

/**
 * Creates `desired`, making sure it really exists afterwards. The same token for the same
 * desired state in the same mesh is what makes a crash re-run idempotent, but an API that
 * remembers tokens answers a create of a resource deleted since with the first answer and creates
 * nothing: the mesh itself after a destroy, or a resource removed from the model and added back
 * unchanged. So the create is checked with a Describe (unless `verifyCreates` is off), and a
 * replayed answer is followed by a create with a fresh random token. A random token, not one
 * salted by the stale answer: that one is remembered too once used, so the third incarnation
 * would be answered from the second's memory (issue 13 item 1). Nothing is lost by it: a re-run
 * after a crash reads first, and a create that meets the resource gets `ConflictException`, which
 * is adopted.
 *
 * @returns the created state, or `undefined` when the resource already exists (ConflictException).
 */
async function createVerified(
  client: AppMeshClient,
  desired: MeshplaneResource,
  { write, verifyCreates, createToken }: ChangeContext,
): Promise<ResourceState | undefined> {
  let created: ResourceState;
  try {
    const token = await createToken(desired);
    created = await write(() => createResource(client, desired, token));
  } catch (error) {
    if (isAwsError(error, 'ConflictException')) return undefined;
    throw error;
  }
  if (!verifyCreates) return created;
  try {
    await describeResource(client, desired);
    return created;
  } catch (error) {
    if (!isAwsError(error, 'NotFoundException')) throw error;
  }
  try {
    return await write(() => createResource(client, desired, randomUUID()));
  } catch (error) {
    // An API that is only eventually consistent may have answered the Describe before the
    // resource showed up: then it exists, which is what we wanted.
    if (isAwsError(error, 'ConflictException')) return undefined;
    throw error;
  }
}

async function runCreate(
  client: AppMeshClient,
  desired: MeshplaneResource,
  context: ChangeContext,
): Promise<ApplyOutcome> {
  if (await createVerified(client, desired, context)) return 'created';
  // It exists: created by an earlier, interrupted run (or by a retry whose first answer was
  // lost). Make it what we want instead of failing.
  const { write } = context;
  const state = await describeResource(client, desired);
  let outcome: ApplyOutcome = 'adopted';
  let arn = state.metadata?.arn;
  if (!specsEquivalent(desired.kind, state.spec, desired.spec)) {
    const salt = updateSalt(state.metadata?.version, state.spec, state.metadata?.uid);
    const updated = await write(() =>
      updateResource(client, desired, clientTokenFor('update', desired, salt)),
    );
    arn = updated.metadata?.arn ?? arn;
    outcome = 'updated';
  }
  if (arn && (await syncTags(client, arn, desired.tags ?? [], undefined, () => write(async () => {}))) > 0) {
    outcome = 'updated';
  }
  return outcome;
}

async function runUpdate(
  client: AppMeshClient,
  change: PlannedChange,
  context: ChangeContext,
): Promise<ApplyOutcome> {
  const { write } = context;
  const desired = change.desired!;
  let state: ResourceState | undefined;
  if (change.specChanged) {
    try {
      const from = metadataOf(change.actual!);
      const salt = updateSalt(from?.version, change.actual?.spec, from?.uid);
      state = await write(() => updateResource(client, desired, clientTokenFor('update', desired, salt)));
    } catch (error) {
      if (!isAwsError(error, 'NotFoundException')) throw error;
      // Deleted behind our back since the plan was made: create it (checked like any create, as
      // its token may be remembered from an earlier incarnation), or adopt what appeared since.
      return runCreate(client, desired, context);
    }
  }
  if (change.tagsChanged) {
    const arn = state?.metadata?.arn ?? (await describeResource(client, desired)).metadata?.arn;
    if (!arn) throw new ReconcileError('NO_ARN', `${change.key} has no ARN in its metadata; cannot tag it`);
    await syncTags(client, arn, desired.tags ?? [], undefined, () => write(async () => {}));
  }
  return 'updated';
}
