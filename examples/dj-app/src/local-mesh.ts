import type { MeshModel } from '@meshplane/core';
import { apply, createAppMeshClient, destroy, plan, readMesh } from '@meshplane/core/appmesh';
import {
  createCloudMapClient,
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
} from '@meshplane/core/cloudmap';
import { startLocalEndpoint } from '@meshplane/local';
import type { Cleanups } from './cleanups.js';

export const MESH = 'dj-app';
export const NAMESPACE = 'prod.svc.cluster.local';
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * The local App Mesh + Cloud Map API with the DJ app's mesh applied and its Cloud Map namespace
 * and services created.
 *
 * @example
 * ```ts
 * import type { LocalMesh } from './local-mesh.js';
 * const show = (mesh: LocalMesh) => `${mesh.url} ${Object.keys(mesh.serviceIds).join(',')}`;
 * ```
 */
export interface LocalMesh {
  url: string;
  appMesh: ReturnType<typeof createAppMeshClient>;
  cloudMap: ReturnType<typeof createCloudMapClient>;
  /** Cloud Map service id by name (`dj`, `jazz`, `metal`). */
  serviceIds: Record<string, string>;
  /** Resources the mesh apply created. */
  applied: number;
  /** `n created, m updated`. */
  summary: string;
}

/**
 * Starts `@meshplane/local` in-process on 127.0.0.1 (random port), applies `model` through the
 * AWS SDK App Mesh client (`plan` + `apply`), and creates the Cloud Map HTTP namespace and the
 * services `dj`, `jazz`, `metal`. Everything is registered in `cleanups` (the mesh destroyed, the
 * clients and the endpoint closed).
 *
 * @example
 * ```ts
 * import { createCleanups } from './cleanups.js';
 * import { startLocalMesh } from './local-mesh.js';
 * import { djAppMesh } from './mesh.js';
 * const cleanups = createCleanups();
 * const mesh = await startLocalMesh(djAppMesh(), cleanups);
 * console.log(mesh.summary); // 9 created, 0 updated
 * await cleanups.runAll();
 * ```
 */
export async function startLocalMesh(model: MeshModel, cleanups: Cleanups): Promise<LocalMesh> {
  const endpoint = await startLocalEndpoint({ port: 0, region: REGION });
  cleanups.add('local endpoint', () => endpoint.close());
  const appMesh = createAppMeshClient({
    clientConfig: { endpoint: endpoint.url, region: REGION, credentials: CREDENTIALS },
  });
  const cloudMap = createCloudMapClient({
    clientConfig: {
      endpoint: endpoint.url,
      region: REGION,
      credentials: CREDENTIALS,
      disableHostPrefix: true,
    },
  });
  cleanups.add('SDK clients', async () => {
    appMesh.destroy();
    cloudMap.destroy();
  });
  const changes = plan(model, await readMesh(appMesh, MESH));
  const result = await apply(changes, { client: appMesh });
  cleanups.add(`mesh ${MESH}`, () => destroy(model, { client: appMesh }));
  if (result.failed.length > 0) {
    throw new Error(`applying mesh ${MESH} failed: ${result.failed.map((f) => f.id).join(', ')}`);
  }
  const ns = await ensureNamespace(
    { client: cloudMap },
    { name: NAMESPACE, type: 'HTTP', timeoutMs: 10_000 },
  );
  const serviceIds: Record<string, string> = {};
  for (const name of ['dj', 'jazz', 'metal']) {
    serviceIds[name] = (await ensureService({ client: cloudMap }, { namespaceId: ns.id, name })).id;
  }
  return {
    url: endpoint.url,
    appMesh,
    cloudMap,
    serviceIds,
    applied: Object.values(result.outcomes).length,
    summary: `${changes.summary.create} created, ${changes.summary.update} updated`,
  };
}

/**
 * One Cloud Map instance of the DJ app: `name` is `dj` or `<genre>-<version>`; `port` is where
 * peers must connect (the app itself proxyless, its Envoy's ingress listener otherwise).
 *
 * @example
 * ```ts
 * import type { AppInstance } from './local-mesh.js';
 * const jazz: AppInstance = { name: 'jazz-v1', port: 41234 };
 * ```
 */
export interface AppInstance {
  name: string;
  port: number;
}

/**
 * Registers each instance (`AWS_INSTANCE_IPV4` 127.0.0.1, `AWS_INSTANCE_PORT`, `version`) in its
 * Cloud Map service, and its deregistration in `cleanups`. Answers how many were registered.
 *
 * @example
 * ```ts
 * import { registerApps } from './local-mesh.js';
 * const registered = await registerApps(mesh, [{ name: 'jazz-v1', port: 41234 }], cleanups);
 * console.log(registered); // 1
 * ```
 */
export async function registerApps(
  mesh: LocalMesh,
  apps: readonly AppInstance[],
  cleanups: Cleanups,
): Promise<number> {
  const instances = apps.map((s) => {
    const [service, version] = s.name === 'dj' ? ['dj', 'v1'] : (s.name.split('-') as [string, string]);
    return { serviceId: mesh.serviceIds[service]!, instanceId: `${s.name}-1`, port: s.port, version };
  });
  cleanups.add('Cloud Map instances', () =>
    Promise.all(
      instances.map((i) =>
        deregisterInstance({ client: mesh.cloudMap }, { serviceId: i.serviceId, instanceId: i.instanceId }),
      ),
    ),
  );
  let registered = 0;
  await Promise.all(
    instances.map(async (i) => {
      await registerInstance(
        { client: mesh.cloudMap },
        {
          serviceId: i.serviceId,
          instanceId: i.instanceId,
          attributes: {
            AWS_INSTANCE_IPV4: '127.0.0.1',
            AWS_INSTANCE_PORT: String(i.port),
            version: i.version,
          },
        },
      );
      registered++;
    }),
  );
  return registered;
}
