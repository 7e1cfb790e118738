import type { MeshModel } from '../model/resources.js';
import { type ApplyOptions, type ApplyResult, apply } from './apply.js';
import { lazyClient } from './client.js';
import { type Plan, planDestroy } from './plan.js';
import { readMesh } from './read-mesh.js';

/** What {@link destroy} did: the deletion plan it ran and the apply result. */
export interface DestroyResult {
  plan: Plan;
  result: ApplyResult;
}

/**
 * Deletes what the model owns (see {@link planDestroy}): every resource of each mesh the model
 * declares, whatever the model lists inside it, the mesh last; in a mesh the model only puts
 * resources in (controller YAML), just the resources it lists, never the mesh. Nothing in any
 * other mesh. Reads the actual state first, so running it again after a crash finishes the job;
 * a mesh that is already gone is a no-op.
 *
 * @example
 * ```ts
 * import { destroy } from '@meshplane/core/appmesh';
 * const model = { resources: [{ kind: 'mesh' as const, meshName: 'dj-app', name: 'dj-app', spec: {} }] };
 * const { plan } = await destroy(model, { clientConfig: { region: 'us-east-1' } });
 * console.log(plan.summary.delete);
 * ```
 */
export async function destroy(model: MeshModel, options: ApplyOptions): Promise<DestroyResult> {
  const getClient = lazyClient(options);
  const meshNames = [...new Set(model.resources.map((r) => r.meshName))].sort();
  const actual: MeshModel = { resources: [] };
  for (const meshName of meshNames) {
    actual.resources.push(...(await readMesh(getClient(), meshName, { tags: false })).resources);
  }
  const deletion = planDestroy(actual, model);
  const result = await apply(deletion, {
    ...options,
    client: getClient(),
    clientConfig: undefined,
  } as ApplyOptions);
  return { plan: deletion, result };
}
