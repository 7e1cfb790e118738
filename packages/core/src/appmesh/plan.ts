import { describeValue } from '../errors/describe-value.js';
import { MeshplaneError } from '../errors/meshplane-error.js';
import { KINDS } from '../model/kinds.js';
import type { MeshModel, MeshplaneResource, ResourceKind } from '../model/resources.js';
import { RESOURCE_KINDS, resourceKey } from '../model/resources.js';
import { listenerPorts, routeMatchPort } from '../model/spec-accessors.js';
import { guardUnreadable } from '../model/unreadable-members.js';
import { assertValid } from '../validation/validate.js';
import { ReconcileError } from './errors.js';
import { diffFields, type FieldChange } from './field-diff.js';
import { checkManagedTag, isManaged, type ManagedTag, withManagedTag } from './managed-tag.js';
import { type NormalizedValue, normalizeSpec, normalizeTags, specsEquivalent } from './normalize-spec.js';
import { hardReferences } from './resource-refs.js';

/** What a planned change does to one resource. */
export type ChangeAction = 'create' | 'update' | 'delete';

/**
 * One step of a {@link Plan}. `id` is `<action>:<resourceKey>`; `dependsOn` lists the ids of
 * the changes of the same plan that must finish first.
 */
export interface PlannedChange {
  id: string;
  action: ChangeAction;
  /** {@link resourceKey} of the resource. */
  key: string;
  kind: ResourceKind;
  meshName: string;
  name: string;
  /** For routes. */
  virtualRouterName?: string;
  /** For gateway routes. */
  virtualGatewayName?: string;
  /** The resource as it should be (create and update). */
  desired?: MeshplaneResource;
  /** The resource as it is (update and delete). */
  actual?: MeshplaneResource;
  /** Why the change is needed, in plain words. */
  reason: string;
  /** Field-level differences between the normalized actual and desired resource. */
  diff: FieldChange[];
  /** True when the spec must be written (create, or an update whose spec differs). */
  specChanged: boolean;
  /** True when tags must be written (an update whose tags differ). */
  tagsChanged: boolean;
  dependsOn: string[];
}

/** The result of {@link plan}: ordered changes (a valid topological order of `dependsOn`). */
export interface Plan {
  /** The meshes this plan owns: those named in the desired model. */
  meshes: string[];
  changes: PlannedChange[];
  summary: { create: number; update: number; delete: number; unchanged: number };
  /**
   * With `managedTag`: keys of resources the model does not hold and that lack the tag (made by
   * someone else), left as they are instead of deleted.
   */
  unmanaged?: string[];
}

const KIND_RANK: Record<ResourceKind, number> = Object.fromEntries(
  RESOURCE_KINDS.map((k, i) => [k, i]),
) as Record<ResourceKind, number>;

interface Indexed {
  resource: MeshplaneResource;
  /** The normalized spec, built on first use (only changed resources need it). */
  readonly spec: { [key: string]: NormalizedValue };

  tags: { key: string; value: string }[];
  tagsKey: string;
}

function indexed(resource: MeshplaneResource): Indexed {
  const tags = normalizeTags(resource.tags);
  let spec: { [key: string]: NormalizedValue } | undefined;
  return {
    resource,
    get spec() {
      spec ??= normalizeSpec(resource);
      return spec;
    },
    tags,
    tagsKey: JSON.stringify(tags),
  };
}

function index(model: MeshModel, side: string, meshes?: Set<string>): Map<string, Indexed> {
  const out = new Map<string, Indexed>();
  for (const resource of model.resources) {
    if (meshes && !meshes.has(resource.meshName)) continue;
    const key = resourceKey(resource);
    if (out.has(key)) {
      throw new ReconcileError('DUPLICATE_RESOURCE', `${side} model declares ${key} more than once`);
    }
    out.set(key, indexed(resource));
  }
  return out;
}

function identity(
  resource: MeshplaneResource,
): Pick<PlannedChange, 'kind' | 'meshName' | 'name' | 'virtualRouterName' | 'virtualGatewayName'> {
  const id: Pick<PlannedChange, 'kind' | 'meshName' | 'name' | 'virtualRouterName' | 'virtualGatewayName'> = {
    kind: resource.kind,
    meshName: resource.meshName,
    name: resource.name,
  };
  if (resource.kind === 'route') id.virtualRouterName = resource.virtualRouterName;
  if (resource.kind === 'gatewayRoute') id.virtualGatewayName = resource.virtualGatewayName;
  return id;
}

function tagsAsRecord(tags: { key: string; value: string }[]): { [key: string]: NormalizedValue } {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

function describeDiff(diff: FieldChange[]): string {
  const shown = diff.slice(0, 3).map((d) => d.path);
  const more = diff.length > 3 ? ` and ${diff.length - 3} more` : '';
  return `${diff.length} field${diff.length === 1 ? ' differs' : 's differ'}: ${shown.join(', ')}${more}`;
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /**
   * Validate the desired model first and throw `MeshValidationError` when it has errors
   * (default `true`). Turn off only when the caller has just validated the same model.
   */
  validate?: boolean;
  /**
   * Ownership by tag: creates and updates write this tag (e.g. {@link MANAGED_TAG}), and a
   * resource of the model's meshes that the model does not hold is deleted only when it carries
   * the tag; the others are listed in `Plan.unmanaged` and left alone. Default: none (the model's
   * meshes are wholly owned).
   */
  managedTag?: ManagedTag;
  /** With `managedTag`: delete resources without the tag too (they are then not listed). */
  pruneUnmanaged?: boolean;
}

/**
 * Computes the changes that turn `actual` into `desired`. Pure: no I/O, same input → same plan.
 * Both sides are normalized first (API defaults, lists as sets, empty lists as absent), so a
 * model read back with `readMesh` right after `apply` gives an empty plan. A mesh the model puts
 * resources in without declaring it (App Mesh controller YAML) is kept as it is, or created bare
 * when missing, and never deleted. Only meshes named in
 * `desired` are touched: resources of other meshes in `actual` are ignored, never deleted.
 * Changes come in dependency order: mesh → nodes, routers, gateways → routes, services, gateway
 * routes, then deletes in reverse; a node never waits for its backends.
 *
 * @example
 * ```ts
 * import { plan } from '@meshplane/core/appmesh';
 * const desired = { resources: [{ kind: 'mesh' as const, meshName: 'dj-app', name: 'dj-app', spec: {} }] };
 * const result = plan(desired, { resources: [] });
 * console.log(result.changes.map((c) => c.id)); // ['create:mesh:dj-app']
 * ```
 */
export function plan(desired: MeshModel, actual: MeshModel, options: PlanOptions = {}): Plan {
  return guardUnreadable(
    () => planReadable(desired, actual, options),
    { desired, actual, options },
    unreadableModel,
    isOwnError,
  );
}

function planReadable(desired: MeshModel, actual: MeshModel, options: PlanOptions): Plan {
  // Nothing reaches an API before the desired model passes validation (DESIGN.md): a plan is
  // the last pure step before apply, so it refuses an invalid model with every issue at once.
  const opts = options as PlanOptions | null;
  if (opts?.validate !== false) assertValid(desired);
  checkModel('desired', desired);
  checkModel('actual', actual);
  const meshes = new Set(desired.resources.map((r) => r.meshName));
  const declared = new Set(desired.resources.filter((r) => r.kind === 'mesh').map((r) => r.meshName));
  const implicit = [...meshes].filter((m) => !declared.has(m));
  const tag = opts?.managedTag === undefined ? undefined : checkManagedTag(opts.managedTag);
  const want = index(
    tag ? { resources: desired.resources.map((r) => withManagedTag(r, tag)) } : desired,
    'desired',
  );
  const have = index(actual, 'actual', meshes);
  for (const meshName of implicit) {
    // A model that only puts resources in a mesh (App Mesh controller YAML has no Mesh object)
    // does not own the mesh's settings: keep the mesh as it is, create it bare if it is missing,
    // never delete it.
    const key = resourceKey({ kind: 'mesh', meshName, name: meshName });
    const existing = have.get(key);
    const resource: MeshplaneResource = existing
      ? { ...existing.resource, tags: existing.resource.tags ?? [] }
      : { kind: 'mesh', meshName, name: meshName, spec: {} };
    want.set(key, indexed(resource));
  }
  // Ownership by tag: what the model does not hold is deleted only when meshplane made it.
  const unmanaged: string[] = [];
  if (tag && opts?.pruneUnmanaged !== true) {
    for (const [key, a] of have) {
      if (want.has(key) || isManaged(a.resource, tag)) continue;
      have.delete(key);
      unmanaged.push(key);
    }
  }
  const result = buildPlan(want, have, meshes, () => 'not in the desired model');
  return tag ? { ...result, unmanaged: unmanaged.sort() } : result;
}

/**
 * The plan that deletes what a model owns, found in `actual`, in reverse dependency order. Pure
 * like {@link plan}. Given the desired model (what `destroy` does): every resource of each mesh
 * the model declares (a mesh cannot be deleted while it has children; `plan` manages everything
 * inside such a mesh too), the mesh last; and for a mesh the model only puts resources in
 * without declaring it (App Mesh controller YAML), only the resources the model lists, never the
 * mesh nor anything else in it, the same way `plan` never deletes such a mesh. Given mesh names:
 * everything of those meshes, meshes included. Nothing of any other mesh either way.
 *
 * @example
 * ```ts
 * import { planDestroy } from '@meshplane/core/appmesh';
 * const actual = { resources: [{ kind: 'mesh' as const, meshName: 'dj-app', name: 'dj-app', spec: {} }] };
 * planDestroy(actual, ['dj-app']).changes.map((c) => c.id); // ['delete:mesh:dj-app']
 * planDestroy(actual, actual).changes.map((c) => c.id); // ['delete:mesh:dj-app']
 * ```
 */
export function planDestroy(actual: MeshModel, owner: readonly string[] | MeshModel): Plan {
  return guardUnreadable(
    () => planDestroyReadable(actual, owner),
    { actual, owner },
    unreadableModel,
    isOwnError,
  );
}

const isOwnError = (error: unknown) => error instanceof MeshplaneError;
const unreadableModel = (message: string) => new ReconcileError('INVALID_MODEL', message);

function planDestroyReadable(actual: MeshModel, owner: readonly string[] | MeshModel): Plan {
  checkModel('actual', actual);
  const byName = Array.isArray(owner);
  if (byName) {
    const bad = owner.filter((n) => typeof n !== 'string' || n === '');
    if (bad.length > 0) {
      throw new ReconcileError(
        'INVALID_MODEL',
        `meshNames: ${describeValue(bad)} must be mesh names (non-empty strings)`,
      );
    }
  } else checkModel('model', owner);
  const model = owner as MeshModel;
  const names: readonly string[] = byName ? owner : model.resources.map((r) => r.meshName);
  const meshes = new Set(names);
  // Mesh names own everything in their meshes; a model owns all of the meshes it declares.
  const whole = byName
    ? meshes
    : new Set(model.resources.filter((r) => r.kind === 'mesh').map((r) => r.meshName));
  const listed = byName ? new Set<string>() : new Set(model.resources.map(resourceKey));
  const have = index(actual, 'actual', meshes);
  for (const [key, a] of have) {
    if (!whole.has(a.resource.meshName) && !listed.has(key)) have.delete(key);
  }
  return buildPlan(new Map(), have, meshes, (r) =>
    whole.has(r.meshName)
      ? `destroying mesh ${r.meshName}`
      : `listed in the model (mesh ${r.meshName} is not declared by it, so it is kept)`,
  );
}

/** A model must at least be `{ resources: [...] }` of objects for the planner to read it. */
function checkModel(name: string, model: unknown): void {
  const resources = (model as { resources?: unknown } | null | undefined)?.resources;
  if (!Array.isArray(resources)) {
    throw new ReconcileError(
      'INVALID_MODEL',
      `${name}: ${model === null ? 'null' : typeof model === 'object' ? 'an object without a resources list' : describeValue(model)} must be a MeshModel { resources: [...] }${name === 'actual' ? ' (e.g. from readMesh)' : ''}`,
    );
  }
  const bad = resources.findIndex((r) => typeof r !== 'object' || r === null || typeof r.kind !== 'string');
  if (bad !== -1) {
    throw new ReconcileError(
      'INVALID_MODEL',
      `${name}.resources[${bad}]: ${describeValue(resources[bad])} must be a resource { kind, meshName, name, spec }`,
    );
  }
  // `plan(..., { validate: false })` skips validation, not these: the planner reads them.
  const isTag = (t: unknown) =>
    typeof t === 'object' &&
    t !== null &&
    typeof (t as { key?: unknown }).key === 'string' &&
    ['string', 'undefined'].includes(typeof (t as { value?: unknown }).value);
  const badTags = resources.findIndex(
    (r) => r.tags !== undefined && !(Array.isArray(r.tags) && r.tags.every(isTag)),
  );
  if (badTags !== -1) {
    throw new ReconcileError(
      'INVALID_MODEL',
      `${name}.resources[${badTags}].tags: ${describeValue(resources[badTags].tags)} must be a list of { key: string, value: string }`,
    );
  }
}

function buildPlan(
  want: Map<string, Indexed>,
  have: Map<string, Indexed>,
  meshes: Set<string>,
  deleteReason: (resource: MeshplaneResource) => string,
): Plan {
  const changes: PlannedChange[] = [];
  let unchanged = 0;

  for (const [key, d] of want) {
    const a = have.get(key);
    if (!a) {
      changes.push({
        id: `create:${key}`,
        action: 'create',
        key,
        ...identity(d.resource),
        desired: d.resource,
        reason:
          d.resource.kind === 'mesh' ? 'the mesh does not exist' : `not found in mesh ${d.resource.meshName}`,
        diff: diffFields('spec', undefined, d.spec).concat(
          d.tags.length > 0 ? diffFields('tags', undefined, tagsAsRecord(d.tags)) : [],
        ),
        specChanged: true,
        tagsChanged: d.tags.length > 0,
        dependsOn: [],
      });
      continue;
    }
    // Most resources are unchanged: a cheap equivalence check first, the field diff only on a difference.
    const specDiff = specsEquivalent(d.resource.kind, a.resource.spec, d.resource.spec)
      ? []
      : diffFields('spec', a.spec, d.spec);
    const tagDiff =
      a.tagsKey === d.tagsKey ? [] : diffFields('tags', tagsAsRecord(a.tags), tagsAsRecord(d.tags));
    if (specDiff.length === 0 && tagDiff.length === 0) {
      unchanged++;
      continue;
    }
    const diff = specDiff.concat(tagDiff);
    changes.push({
      id: `update:${key}`,
      action: 'update',
      key,
      ...identity(d.resource),
      desired: d.resource,
      actual: a.resource,
      reason: describeDiff(diff),
      diff,
      specChanged: specDiff.length > 0,
      tagsChanged: tagDiff.length > 0,
      dependsOn: [],
    });
  }
  for (const [key, a] of have) {
    if (want.has(key)) continue;
    changes.push({
      id: `delete:${key}`,
      action: 'delete',
      key,
      ...identity(a.resource),
      actual: a.resource,
      reason: deleteReason(a.resource),
      diff: diffFields('spec', a.spec, undefined),
      specChanged: false,
      tagsChanged: false,
      dependsOn: [],
    });
  }
  linkDependencies(changes);
  const ordered = topologicalOrder(changes);
  const summary = { create: 0, update: 0, delete: 0, unchanged };
  for (const c of changes) summary[c.action]++;
  return { meshes: [...meshes].sort(), changes: ordered, summary };
}

function linkDependencies(changes: PlannedChange[]): void {
  const byId = new Map(changes.map((c) => [c.id, c]));
  for (const change of changes) {
    if (change.action === 'delete') continue;
    // Creates and updates wait for the creation of what they point at (never for backends).
    for (const ref of hardReferences(change.desired!)) {
      if (byId.has(`create:${ref}`)) change.dependsOn.push(`create:${ref}`);
    }
  }
  for (const change of changes) {
    const holder = change.actual;
    if (!holder || change.action === 'create') continue;
    // What the actual resource points at cannot go before it lets go: deleted or updated away.
    for (const ref of hardReferences(holder)) {
      const deletion = byId.get(`delete:${ref}`);
      if (deletion) deletion.dependsOn.push(change.id);
    }
  }
  linkPortAgreement(changes, byId);
  for (const change of changes) change.dependsOn = [...new Set(change.dependsOn)].sort();
}

/**
 * App Mesh checks a route's match port against its router's listeners (and a gateway route's
 * against its gateway's) on every write, and refuses a router with several listeners while one
 * of its routes matches no port. So when both a route and its router change: a route that matches
 * a port the router does not have yet waits for the router update; otherwise the router update
 * waits for the route (which may be adding the port match the new listeners require), and for the
 * deletes of its routes.
 */
function linkPortAgreement(changes: PlannedChange[], byId: Map<string, PlannedChange>): void {
  for (const change of changes) {
    const parentKind = KINDS[change.kind].parent;
    const parentName = change.virtualRouterName ?? change.virtualGatewayName;
    if (!parentKind || parentName === undefined) continue;
    const parentUpdate = byId.get(
      `update:${resourceKey({ kind: parentKind, meshName: change.meshName, name: parentName })}`,
    );
    if (!parentUpdate?.specChanged) continue;
    if (change.action === 'delete') {
      // A route on its way out can only get in the way of the parent's new listeners.
      parentUpdate.dependsOn.push(change.id);
      continue;
    }
    const port = routeMatchPort(change.desired?.spec);
    if (port !== undefined && !listenerPorts(parentUpdate.actual?.spec).some((l) => l.port === port)) {
      change.dependsOn.push(parentUpdate.id);
    } else {
      parentUpdate.dependsOn.push(change.id);
    }
  }
}

/**
 * Orders changes so that every change comes after its dependencies, and otherwise by phase
 * (creates and updates before deletes), kind (parents first; children first for deletes) and key.
 */
function topologicalOrder(changes: PlannedChange[]): PlannedChange[] {
  const base = [...changes].sort(compareChanges);
  const rank = new Map(base.map((c, i) => [c.id, i]));
  const waiting = new Map(base.map((c) => [c.id, c.dependsOn.length]));
  const dependents = new Map<string, PlannedChange[]>();
  for (const c of base) for (const d of c.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), c]);
  const ready = base.filter((c) => c.dependsOn.length === 0);
  const out: PlannedChange[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    out.push(next);
    for (const dependent of dependents.get(next.id) ?? []) {
      const left = waiting.get(dependent.id)! - 1;
      waiting.set(dependent.id, left);
      if (left > 0) continue;
      // Keep `ready` sorted by the base order (binary insertion).
      const r = rank.get(dependent.id)!;
      let lo = 0;
      let hi = ready.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rank.get(ready[mid]!.id)! < r) lo = mid + 1;
        else hi = mid;
      }
      ready.splice(lo, 0, dependent);
    }
  }
  if (out.length !== base.length) {
    const stuck = base.filter((c) => !out.includes(c)).map((c) => c.id);
    throw new ReconcileError(
      'DEPENDENCY_CYCLE',
      `changes depend on each other in a cycle: ${stuck.join(', ')}`,
    );
  }
  return out;
}

function compareChanges(a: PlannedChange, b: PlannedChange): number {
  const phase = (c: PlannedChange) => (c.action === 'delete' ? 1 : 0);
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const rank = (c: PlannedChange) => (c.action === 'delete' ? -KIND_RANK[c.kind] : KIND_RANK[c.kind]);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * True when the plan has nothing to do.
 *
 * @example
 * ```ts
 * import { isEmptyPlan, plan } from '@meshplane/core/appmesh';
 * isEmptyPlan(plan({ resources: [] }, { resources: [] })); // true
 * ```
 */
export function isEmptyPlan(p: Plan): boolean {
  const changes = (p as { changes?: unknown } | null | undefined)?.changes;
  if (!Array.isArray(changes)) {
    throw new ReconcileError(
      'INVALID_PLAN',
      `isEmptyPlan: ${describeValue(p)} is not a plan (no changes list)`,
    );
  }
  return changes.length === 0;
}
