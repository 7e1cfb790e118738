import { type MeshModel, type ValidationIssue, validate } from '@meshplane/core';
import type {
  EndpointQuery,
  ServiceEndpoints,
  Snapshot,
  TranslateInput,
  TranslateOptions,
  TranslateResult,
  XdsResource,
} from '../contract.js';
import { endpointKey } from '../contract.js';
import type { SourceReading } from '../sources/model-source.js';
import type { CloudMapPoller } from './cloud-map-poller.js';
import type { ControlPlaneEvent, ControlPlaneStatus, ServedNodeStatus } from './control-plane-status.js';
import { modelVersion } from './model-version.js';

/** What the sync needs from translation, the cache and Cloud Map (injected: tests and the CLI's render use their own). */
export interface ModelSyncDeps {
  cache: { setSnapshot(nodeId: string, snapshot: Snapshot): Snapshot; delete(nodeId: string): boolean };
  /** Encodes and versions one node's resources; throws (naming each bad resource) when one cannot be encoded. */
  buildSnapshot: (nodeId: string, resources: readonly XdsResource[]) => Snapshot;
  translateNode: (input: TranslateInput, resourceId: string, options?: TranslateOptions) => TranslateResult;
  endpointQueries: (model: MeshModel, resourceId: string) => EndpointQuery[];
  /** Where endpoints come from: the Cloud Map poller, or a fixed map (no Cloud Map). */
  endpoints:
    | Pick<CloudMapPoller, 'track' | 'endpoints'>
    | { endpoints(): ReadonlyMap<string, ServiceEndpoints> };
  translateOptions?: TranslateOptions;
  /** The node ids a model serves (default `servedResourceIds`). */
  servedIds?: (model: MeshModel) => string[];
  emit: (event: ControlPlaneEvent) => void;
}

interface GoodModel {
  model: MeshModel;
  version: string;
  origin: string;
  appliedAt: string;
  warnings: ValidationIssue[];
  queries: EndpointQuery[];
}

const errorsOf = (issues: readonly ValidationIssue[]) => issues.filter((i) => i.severity === 'error');
/** An exception met while translating or encoding, as an issue (never a crash of the control plane). */
const thrownIssue = (id: string, error: unknown): ValidationIssue => ({
  code: 'XDS_TRANSLATION_FAILED',
  path: id,
  message: `${id}: ${error instanceof Error ? error.message : String(error)}`,
  severity: 'error',
});
const now = () => new Date().toISOString();
const summary = (issues: readonly ValidationIssue[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message} [${i.code}]`)
    .join('; ') + (issues.length > 3 ? `; … and ${issues.length - 3} more` : '');

/**
 * The resource ids a model serves: every virtual node and virtual gateway, as App Mesh's Envoys
 * name themselves in `node.id` (`mesh/<mesh>/virtualNode/<node>`).
 *
 * @example
 * ```ts
 * import { defineMesh, dns, http } from '@meshplane/core';
 * import { servedResourceIds } from '@meshplane/xds/internals';
 * const model = defineMesh({ name: 'shop', nodes: { web: { listeners: [http(8080)], discovery: dns('web.shop.local') } } });
 * console.log(servedResourceIds(model)); // [ 'mesh/shop/virtualNode/web' ]
 * ```
 */
export function servedResourceIds(model: MeshModel): string[] {
  return model.resources
    .filter((r) => r.kind === 'virtualNode' || r.kind === 'virtualGateway')
    .map((r) => `mesh/${r.meshName}/${r.kind}/${r.name}`)
    .sort();
}

/**
 * Keeps the snapshot cache in step with the model and the endpoints: one queue, so a model change
 * and an endpoint change never interleave. A reading is served only when it read, validates and
 * translates without an error for every node (nothing half-applied); otherwise every Envoy keeps
 * its last good snapshot and a `model-rejected` event says why.
 */
export function createModelSync(deps: ModelSyncDeps) {
  let good: GoodModel | undefined;
  let lastError: ControlPlaneStatus['lastError'];
  const nodes = new Map<string, ServedNodeStatus>();
  const users = new Map<string, Set<string>>();
  const pendingKeys = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const track = (queries: EndpointQuery[]) =>
    'track' in deps.endpoints ? deps.endpoints.track(queries) : Promise.resolve();

  function reject(origin: string, issues: ValidationIssue[], why: string): false {
    const message = `${why} ${origin}: ${summary(errorsOf(issues))}; Envoys keep ${good ? `model version ${good.version}` : 'waiting (no model served yet)'}`;
    lastError = { at: now(), origin, message, issues };
    deps.emit({ type: 'model-rejected', origin, issues, message });
    return false;
  }

  /** Translates and encodes one node; errors (reported or thrown) come back as issues. */
  function translate(
    model: MeshModel,
    id: string,
  ): { result?: TranslateResult; snapshot?: Snapshot; errors: ValidationIssue[] } {
    try {
      const result = deps.translateNode(
        { model, endpoints: deps.endpoints.endpoints() },
        id,
        deps.translateOptions,
      );
      const errors = errorsOf(result.issues).map((i) => ({ ...i, message: `${id}: ${i.message}` }));
      if (errors.length > 0) return { result, errors };
      return { result, snapshot: deps.buildSnapshot(id, result.resources), errors: [] };
    } catch (error) {
      return { errors: [thrownIssue(id, error)] };
    }
  }

  /** Stores one node's snapshot; true when its content changed. */
  function store(
    id: string,
    built: { result?: TranslateResult; snapshot?: Snapshot },
    version: string,
    queries?: EndpointQuery[],
  ): boolean {
    const before = nodes.get(id);
    const snapshot = deps.cache.setSnapshot(id, built.snapshot!);
    const changed =
      before === undefined || JSON.stringify(before.versions) !== JSON.stringify(snapshot.versions);
    nodes.set(id, {
      nodeId: id,
      versions: snapshot.versions,
      modelVersion: version,
      updatedAt: changed || !before ? now() : before.updatedAt,
      services: queries ? [...new Set(queries.map(endpointKey))].sort() : (before?.services ?? []),
      warnings: built.result!.issues.filter((i) => i.severity === 'warning'),
    });
    return changed;
  }

  async function apply(reading: SourceReading): Promise<boolean> {
    const { origin } = reading;
    if (errorsOf(reading.issues).length > 0 || !reading.model) {
      return reject(origin, reading.issues, 'cannot read');
    }
    const model = reading.model;
    const version = modelVersion(model);
    if (good && version === good.version) {
      if (lastError) {
        lastError = undefined;
        deps.emit({
          type: 'model-applied',
          version,
          origin,
          nodes: [],
          message: `${origin} is good again: serving model version ${version} (unchanged)`,
        });
      }
      return true;
    }
    const checked = validate(model);
    if (!checked.valid)
      return reject(origin, [...reading.issues, ...checked.issues], 'the model is invalid in');
    const ids = (deps.servedIds ?? servedResourceIds)(model);
    const queries = new Map(ids.map((id) => [id, deps.endpointQueries(model, id)]));
    await track([...queries.values()].flat());
    // Every node is translated and encoded before any is stored: nothing is half-applied.
    const results = new Map(ids.map((id) => [id, translate(model, id)]));
    const failed = [...results.values()].flatMap((r) => r.errors);
    if (failed.length > 0) {
      if (good) await track(good.queries);
      return reject(origin, failed, 'translation failed for');
    }
    const changed = ids.filter((id) => store(id, results.get(id)!, version, queries.get(id)!));
    for (const id of [...nodes.keys()]) {
      if (results.has(id)) continue;
      deps.cache.delete(id);
      nodes.delete(id);
      changed.push(id);
    }
    users.clear();
    for (const [id, qs] of queries) {
      for (const key of qs.map(endpointKey)) {
        if (!users.has(key)) users.set(key, new Set());
        users.get(key)!.add(id);
      }
    }
    const warnings = [...reading.issues, ...checked.issues].filter((i) => i.severity === 'warning');
    good = { model, version, origin, appliedAt: now(), warnings, queries: [...queries.values()].flat() };
    lastError = undefined;
    const message = `serving model version ${version} from ${origin}: ${ids.length} node(s), ${changed.length} changed`;
    deps.emit({ type: 'model-applied', version, origin, nodes: changed, message });
    return true;
  }

  async function flushEndpoints(): Promise<void> {
    const keys = [...pendingKeys];
    pendingKeys.clear();
    if (!good) return;
    const { model, version } = good;
    for (const key of keys) {
      const changed: string[] = [];
      for (const id of users.get(key) ?? []) {
        const built = translate(model, id);
        const errors = built.errors;
        const status = nodes.get(id);
        if (errors.length > 0) {
          const message = `${id}: keeping its snapshot, translation after the change of ${key} failed: ${summary(errors)}`;
          if (status) status.lastError = { at: now(), message, issues: errors };
          deps.emit({ type: 'node-error', nodeId: id, issues: errors, message });
          continue;
        }
        if (status) delete status.lastError;
        if (store(id, built, version)) changed.push(id);
      }
      const count = deps.endpoints.endpoints().get(key)?.instances.length ?? 0;
      deps.emit({
        type: 'endpoints-changed',
        service: key,
        nodes: changed,
        message: `Cloud Map ${key}: ${count} instance(s); ${changed.length} node(s) updated`,
      });
    }
  }

  return {
    /** Applies a source reading (queued); resolves true when it is served (or unchanged), never rejects. */
    apply: (reading: SourceReading) =>
      enqueue(() =>
        apply(reading).catch((error: unknown) =>
          reject(reading.origin, [thrownIssue(reading.origin, error)], 'cannot apply'),
        ),
      ),
    /** Marks a service's endpoints changed: its nodes are re-translated (queued, coalesced). */
    endpointsChanged(key: string): void {
      const first = pendingKeys.size === 0;
      pendingKeys.add(key);
      if (first) void enqueue(flushEndpoints);
    },
    /** Resolves when every queued change has been applied. */
    idle: () => enqueue(async () => undefined),
    /** The model in service (undefined until a first good reading). */
    current: () => good,
    status(): Pick<ControlPlaneStatus, 'model' | 'lastError' | 'nodes'> {
      return {
        model: {
          ...(good ? { version: good.version, origin: good.origin, appliedAt: good.appliedAt } : {}),
          resources: good?.model.resources.length ?? 0,
          warnings: good?.warnings ?? [],
        },
        ...(lastError ? { lastError } : {}),
        nodes: [...nodes.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1)),
      };
    },
  };
}

/** The model sync of a control plane, see {@link createModelSync}. */
export type ModelSync = ReturnType<typeof createModelSync>;
