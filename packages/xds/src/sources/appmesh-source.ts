import type { MeshplaneResource } from '@meshplane/core';
import type { AppMeshClientOptions, createAppMeshClient } from '@meshplane/core/appmesh';
import {
  clientOption,
  describeError,
  durationOption,
  type ModelSource,
  type SourceReading,
  sourceIssue,
  throwProblems,
  XdsSourceError,
} from './model-source.js';
import { startPollLoop } from './poll-loop.js';

/**
 * Options of {@link appMeshSource}.
 *
 * @example
 * ```ts
 * import type { AppMeshSourceOptions } from '@meshplane/xds';
 * const options: AppMeshSourceOptions = {
 *   meshName: 'dj-app',
 *   appMesh: { clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:6374' } },
 *   intervalMs: 5_000,
 * };
 * ```
 */
export interface AppMeshSourceOptions {
  /** The mesh (or meshes) to read. */
  meshName: string | readonly string[];
  /** The App Mesh client: an existing one, or a configuration to build one from (adaptive retry). */
  appMesh: AppMeshClientOptions;
  /** Time between two reads, in ms (default 10,000). */
  intervalMs?: number;
}

/**
 * A model read from any App Mesh-compatible endpoint (`@meshplane/local`, a recorded API, …) with
 * `readMesh` from `@meshplane/core/appmesh`, polled every `intervalMs`. A read costs one
 * Describe per resource (plus the List pages), so keep the interval in seconds. A read that
 * fails is delivered as a `SOURCE_UNAVAILABLE` issue: the control plane keeps the last good
 * model. The App Mesh SDK is loaded when the source starts, not when the package is imported.
 *
 * @example
 * ```ts
 * import { appMeshSource } from '@meshplane/xds';
 * const source = appMeshSource({
 *   meshName: 'dj-app',
 *   appMesh: { clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:6374' } },
 * });
 * console.log(source.description); // 'App Mesh meshes dj-app'
 * ```
 */
export function appMeshSource(options: AppMeshSourceOptions): ModelSource {
  const problems: string[] = [];
  const names = typeof options?.meshName === 'string' ? [options.meshName] : options?.meshName;
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) {
    problems.push(
      `meshName ${JSON.stringify(options?.meshName)} must be a mesh name or a non-empty list of them`,
    );
  }
  clientOption(problems, 'appMesh', options?.appMesh);
  const intervalMs = durationOption(problems, 'intervalMs', options?.intervalMs, 10_000, 100);
  throwProblems('App Mesh source', problems);
  const meshNames = names as readonly string[];
  const origin = `App Mesh meshes ${meshNames.join(', ')}`;
  let client: ReturnType<typeof createAppMeshClient> | undefined;
  let loop: { stop(): Promise<void> } | undefined;
  let started = false;
  let closed = false;

  async function read(): Promise<SourceReading> {
    try {
      const appmesh = await import('@meshplane/core/appmesh');
      client ??= appmesh.createAppMeshClient(options.appMesh);
      const resources: MeshplaneResource[] = [];
      for (const name of meshNames) resources.push(...(await appmesh.readMesh(client, name)).resources);
      const missing = meshNames.filter((n) => !resources.some((r) => r.kind === 'mesh' && r.meshName === n));
      return {
        origin,
        model: { resources },
        issues: missing.map((n) =>
          sourceIssue('MESH_NOT_FOUND', `meshes.${n}`, `the endpoint has no mesh "${n}"`),
        ),
      };
    } catch (error) {
      return {
        origin,
        issues: [sourceIssue('SOURCE_UNAVAILABLE', origin, `cannot read ${origin}: ${describeError(error)}`)],
      };
    }
  }

  return {
    description: origin,
    async start(onReading) {
      if (started) throw new XdsSourceError('ALREADY_STARTED', `the source ${origin} was already started`);
      started = true;
      onReading(await read());
      loop = startPollLoop(intervalMs, async () => {
        const reading = await read();
        if (!closed) onReading(reading);
      });
    },
    async close() {
      closed = true;
      await loop?.stop();
      if (options.appMesh.clientConfig) client?.destroy();
    },
  };
}
