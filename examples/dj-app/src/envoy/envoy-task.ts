import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appMeshBootstrap, appMeshSource, type ControlPlane, createControlPlane } from '@meshplane/xds';
import type { LocalMesh } from '../local-mesh.js';
import { MESH } from '../local-mesh.js';
import { type EnvoyProcess, startEnvoyProcess } from './envoy-process.js';
import { freePort } from './free-port.js';

/**
 * One virtual node's "task" on this machine: its control plane (per-task mode: the agent serves
 * xDS to its own Envoy over a Unix socket) and its Envoy, started as the App Mesh image's agent
 * starts it for `APPMESH_XDS_ENDPOINT=unix://…`.
 *
 * @example
 * ```ts
 * import type { EnvoyTask } from './envoy-task.js';
 * const show = (task: EnvoyTask) => `${task.node}: ingress :${task.ingressPort}, egress :${task.egressPort}`;
 * ```
 */
export interface EnvoyTask {
  node: string;
  /** Envoy's ingress listener (in front of the app): the port registered in Cloud Map. */
  ingressPort: number;
  /** Envoy's egress listener: where the app sends its calls, with the virtual service's Host. */
  egressPort: number;
  envoy: EnvoyProcess;
  controlPlane: ControlPlane;
  /** Warnings and errors the control plane logged (NACKs, rejected models, Cloud Map problems). */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Starts the task of virtual node `node` of the DJ mesh: a control plane reading the model from
 * the local App Mesh API (`appMeshSource`, every `modelIntervalMs`) and the endpoints from its
 * Cloud Map (default polling), serving ADS on `<dir>/xds.sock`; then Envoy with
 * `appMeshBootstrap({ resourceArn: 'mesh/dj-app/virtualNode/<node>', xdsEndpoint: 'unix://…' })`,
 * its admin on a free loopback port. App Mesh's listener ports (15000/15001 on 0.0.0.0, which the
 * task's iptables redirect feeds) become free ports on 127.0.0.1, since every task shares this
 * machine's network. Resolves once Envoy is LIVE.
 *
 * @example
 * ```ts
 * import { startEnvoyTask } from './envoy-task.js';
 * const task = await startEnvoyTask(mesh, 'jazz-v1');
 * console.log(await task.envoy.admin('/ready')); // LIVE
 * await task.close();
 * ```
 */
export async function startEnvoyTask(
  mesh: LocalMesh,
  node: string,
  options: { modelIntervalMs?: number } = {},
): Promise<EnvoyTask> {
  const dir = await mkdtemp(join(tmpdir(), `dj-${node}-`));
  const problems: string[] = [];
  const ingressPort = await freePort();
  const egressPort = await freePort();
  const controlPlane = createControlPlane({
    source: appMeshSource({
      meshName: MESH,
      appMesh: { client: mesh.appMesh },
      intervalMs: options.modelIntervalMs ?? 1_000,
    }),
    cloudMap: { client: mesh.cloudMap },
    socket: join(dir, 'xds.sock'),
    translate: { ingressPort, egressPort, listenerAddress: '127.0.0.1' },
    logger: (entry) => {
      if (entry.level !== 'info') problems.push(`${entry.level}: ${entry.msg}`);
    },
  });
  let envoy: EnvoyProcess | undefined;
  const close = async () => {
    await envoy?.stop();
    await controlPlane.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { socket } = await controlPlane.start();
    const bootstrap = appMeshBootstrap({
      resourceArn: `mesh/${MESH}/virtualNode/${node}`,
      xdsEndpoint: `unix://${socket}`,
      admin: { address: '127.0.0.1', port: 0 },
      adminAccessLogPath: join(dir, 'admin-access.log'),
      // The image's default is /dev/stdout, which Envoy cannot open when its stdout is a pipe.
      outlierDetectionEventLogPath: join(dir, 'outlier-events.log'),
    });
    envoy = await startEnvoyProcess(bootstrap, dir);
  } catch (error) {
    await close();
    throw new Error(`the ${node} task did not start: ${(error as Error).message}; ${problems.join('; ')}`);
  }
  return { node, ingressPort, egressPort, envoy, controlPlane, problems, close };
}
