import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { type AppMeshClientOptions, createAppMeshClient, readMesh } from '@meshplane/core/appmesh';
import type { MeshModel } from '@meshplane/core/model';
import { defineOptions, optionRule } from '@meshplane/core/options';
import { MeshplaneLambdaError } from '../errors.js';
import type { MeshModelSource } from '../middleware/model-source.js';
import { assertOptions } from '../option-problems.js';
import { isPlainRecord } from '../value-text.js';

export type { MeshModelSource } from '../middleware/model-source.js';

/** Options of {@link appMeshModelSource}. */
export interface AppMeshModelSourceOptions {
  meshName: string;
  /** App Mesh client or its config. Default: the SDK's standard configuration. */
  appMesh?: AppMeshClientOptions;
  /** Age after which an invocation starts a background refresh. Default 60,000 ms, at least 1,000. */
  refreshIntervalMs?: number;
}

/** The declared schema of {@link appMeshModelSource}'s options. */
const SOURCE_OPTIONS = defineOptions<AppMeshModelSourceOptions>({
  meshName: optionRule(
    'is required (a non-empty string)',
    (v) => typeof v === 'string' && v.length > 0,
    true,
  ),
  // App Mesh is asked again at most this often per execution environment.
  refreshIntervalMs: optionRule(
    'must be at least 1000 ms',
    (v) => typeof v === 'number' && Number.isFinite(v) && v >= 1_000,
  ),
  // Client options may hold credentials: named, never printed.
  appMesh: { ...optionRule('must be { client } or { clientConfig }', isPlainRecord), sensitive: true },
});

/**
 * The mesh model read from the App Mesh API with `readMesh` (every resource, tags included), for
 * the middleware's `model` option. Kept in its own entry point so that functions with a model in
 * code do not bundle the App Mesh client.
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { appMeshModelSource } from '@meshplane/lambda/app-mesh-source';
 * import { meshplane } from '@meshplane/lambda/middleware';
 *
 * export const handler = middy(async () => 'ok').use(
 *   meshplane({ model: appMeshModelSource({ meshName: 'dj-app' }), virtualNodeName: 'dj' }),
 * );
 * ```
 */
export function appMeshModelSource(options: AppMeshModelSourceOptions): MeshModelSource {
  assertOptions('appMeshModelSource options', SOURCE_OPTIONS, options);
  const interval = options.refreshIntervalMs ?? 60_000;
  let client: AppMeshClient | undefined;
  const owned = !options.appMesh?.client;
  return {
    kind: 'meshplane.model-source',
    description: `App Mesh API mesh "${options.meshName}"`,
    refreshIntervalMs: interval,
    async load(): Promise<MeshModel> {
      client ??= createAppMeshClient(options.appMesh ?? {});
      const model = await readMesh(client, options.meshName);
      if (model.resources.length === 0) {
        throw new MeshplaneLambdaError(
          'MESH_NOT_FOUND',
          `mesh "${options.meshName}" does not exist or is being deleted`,
        );
      }
      return model;
    },
    close() {
      if (owned) client?.destroy();
      client = undefined;
    },
  };
}
