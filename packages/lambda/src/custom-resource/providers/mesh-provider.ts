import { apply, canonicalJson, normalizeSpec, plan, planDestroy, readMesh } from '@meshplane/core/appmesh';
import type { MeshModel, MeshplaneResource } from '@meshplane/core/model';
import { resourceKey } from '@meshplane/core/model';
import { validate } from '@meshplane/core/validation';
import type { ProviderClients } from '../clients.js';
import { type MeshProperties, parseMeshProperties } from '../mesh-model-property.js';
import type { CustomResourceProvider, ParseResult, ProviderContext, ProviderResult } from '../types.js';

const specOf = (r: MeshplaneResource) => canonicalJson(normalizeSpec(r));

function parseAndValidate(properties: Record<string, unknown>): ParseResult<MeshProperties> {
  const parsed = parseMeshProperties(properties);
  if (!parsed.ok) return parsed;
  const { issues } = validate(parsed.value.model);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    return {
      ok: false,
      problems: errors.map(
        (i) => `${i.message.includes(i.path) ? '' : `${i.path}: `}${i.message} [${i.code}]`,
      ),
    };
  }
  return parsed;
}

function summary(
  meshName: string,
  model: MeshModel,
  changes: { create: number; update: number; delete: number },
) {
  return {
    MeshName: meshName,
    ResourceCount: model.resources.length,
    Created: changes.create,
    Updated: changes.update,
    Deleted: changes.delete,
  };
}

/**
 * Applies `desired` to the mesh, touching only resources this custom resource manages: those
 * of the new model and, on update, of the old one. Resources other stacks or tools put in the
 * same mesh (e.g. a `Custom::MeshplaneLambdaNode`) are neither updated nor deleted. On update, a
 * resource whose spec did not change between the old and the new properties is left as it is in
 * App Mesh, so a `Custom::MeshplaneTrafficShift` on one of its routes is not undone.
 */
async function converge(
  clients: ProviderClients,
  desired: MeshProperties,
  old: MeshProperties | undefined,
  context: ProviderContext,
) {
  const client = clients.appMesh();
  const actual = await readMesh(client, desired.meshName);
  const actualByKey = new Map(actual.resources.map((r) => [resourceKey(r), r]));
  const oldByKey = new Map((old?.model.resources ?? []).map((r) => [resourceKey(r), r]));
  const managed = new Set([...oldByKey.keys(), ...desired.model.resources.map(resourceKey)]);
  const scopedActual: MeshModel = { resources: actual.resources.filter((r) => managed.has(resourceKey(r))) };
  const want: MeshModel = {
    resources: desired.model.resources.map((r) => {
      const before = oldByKey.get(resourceKey(r));
      const now = actualByKey.get(resourceKey(r));
      return before && now && specOf(before) === specOf(r) ? { ...now, tags: r.tags } : r;
    }),
  };
  const p = plan(want, scopedActual);
  if (context.signal.aborted) throw context.signal.reason;
  // The deadline aborts the signal: apply then starts no new change (ApplyError APPLY_ABORTED),
  // so nothing keeps changing the mesh after CloudFormation has been answered FAILED.
  await apply(p, {
    client,
    signal: context.signal,
    onEvent: (e) => {
      if (e.type === 'change-done') {
        context.logger.log('info', 'mesh change done', { id: e.change.id, outcome: e.outcome });
      }
    },
  });
  return p.summary;
}

/**
 * `Custom::MeshplaneMesh`: a whole mesh from a model in the resource properties (`Model` or
 * `ModelJson`, optional `MeshName`). Create and Update apply the diff; Delete removes what the
 * model declares (the mesh last: if other resources remain in it, App Mesh refuses and the
 * Delete fails with that reason). PhysicalResourceId = the mesh name, so renaming the mesh is a
 * replacement: the new mesh is built, then CloudFormation deletes the old one.
 *
 * @example
 * ```ts
 * import { createMeshProvider, lazyProviderClients } from '@meshplane/lambda/custom-resource';
 * const provider = createMeshProvider(lazyProviderClients({ appMesh: { clientConfig: { region: 'us-east-1' } } }));
 * console.log(provider.parse({ MeshName: 'dj-app', Model: { resources: [] } }).ok); // true
 * ```
 */
export function createMeshProvider(clients: ProviderClients): CustomResourceProvider<MeshProperties> {
  return {
    parse: parseAndValidate,
    async create(props, context): Promise<ProviderResult> {
      const changes = await converge(clients, props, undefined, context);
      return { physicalResourceId: props.meshName, data: summary(props.meshName, props.model, changes) };
    },
    async update(props, old, context): Promise<ProviderResult> {
      const sameMesh =
        old?.meshName === props.meshName && context.event.PhysicalResourceId === props.meshName;
      const changes = await converge(clients, props, sameMesh ? old : undefined, context);
      return { physicalResourceId: props.meshName, data: summary(props.meshName, props.model, changes) };
    },
    async delete(props, context) {
      const meshName = context.event.PhysicalResourceId!;
      const client = clients.appMesh();
      const actual = await readMesh(client, meshName, { tags: false });
      if (actual.resources.length === 0) return undefined;
      // Only what this resource declared, plus the mesh itself; without readable properties,
      // only the mesh (App Mesh refuses to delete a mesh that still holds resources).
      const declared = new Set(
        props && props.meshName === meshName ? props.model.resources.map(resourceKey) : [`mesh:${meshName}`],
      );
      declared.add(`mesh:${meshName}`);
      const scoped: MeshModel = { resources: actual.resources.filter((r) => declared.has(resourceKey(r))) };
      if (context.signal.aborted) throw context.signal.reason;
      await apply(planDestroy(scoped, [meshName]), { client, signal: context.signal });
      return undefined;
    },
  };
}
