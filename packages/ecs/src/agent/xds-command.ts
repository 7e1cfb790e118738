import { errorReason } from '@meshplane/core';
import { EcsInputError } from '../errors.js';
import { InputIssues, show } from '../input-issues.js';
import { startTaskXdsServer, type TaskXdsServerOptions } from './task-xds-server.js';

const log = (record: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`);
};

/**
 * The per-task xDS server's settings from the environment `meshTaskDefinition` gives the
 * `meshplane-xds` container (`MESHPLANE_XDS_SOCKET`, `MESHPLANE_XDS_MODEL`, `MESHPLANE_XDS_NODE`,
 * `MESHPLANE_XDS_REVISION_INTERVAL_MS`, `MESHPLANE_XDS_FULL_REFRESH_MS`,
 * `MESHPLANE_XDS_APPMESH_ENDPOINT`), or `undefined` when `MESHPLANE_XDS_SOCKET` is not set.
 * Every bad value is reported at once as an {@link EcsInputError}.
 *
 * @example
 * ```ts
 * import { xdsOptionsFrom } from './xds-command.js'; // inside packages/ecs/src/agent
 * const options = xdsOptionsFrom({
 *   MESHPLANE_XDS_SOCKET: '/run/meshplane/xds.sock', MESHPLANE_XDS_MODEL: '/etc/meshplane/mesh.json',
 *   MESHPLANE_XDS_NODE: 'mesh/dj-app/virtualNode/dj', AWS_REGION: 'us-east-1',
 * });
 * console.log(options?.node, options?.revisionIntervalMs); // 'mesh/dj-app/virtualNode/dj' undefined
 * ```
 */
export function xdsOptionsFrom(env: Record<string, string | undefined>): TaskXdsServerOptions | undefined {
  if (!env.MESHPLANE_XDS_SOCKET) return undefined;
  const issues = new InputIssues();
  const integer = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw))
      issues.add('NOT_A_NUMBER', name, `${name} must be a whole number, got ${show(raw)}`);
    return Number(raw);
  };
  for (const name of ['MESHPLANE_XDS_MODEL', 'MESHPLANE_XDS_NODE']) {
    if (!env[name]) issues.add('REQUIRED', name, `${name} is required with MESHPLANE_XDS_SOCKET`);
  }
  const revisionIntervalMs = integer('MESHPLANE_XDS_REVISION_INTERVAL_MS');
  const fullRefreshMs = integer('MESHPLANE_XDS_FULL_REFRESH_MS');
  issues.throwIfAny();
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return {
    socket: env.MESHPLANE_XDS_SOCKET,
    model: env.MESHPLANE_XDS_MODEL as string,
    node: env.MESHPLANE_XDS_NODE as string,
    ...(region ? { region } : {}),
    ...(env.MESHPLANE_CLOUDMAP_ENDPOINT ? { cloudMapEndpoint: env.MESHPLANE_CLOUDMAP_ENDPOINT } : {}),
    ...(env.MESHPLANE_XDS_APPMESH_ENDPOINT ? { appMeshEndpoint: env.MESHPLANE_XDS_APPMESH_ENDPOINT } : {}),
    ...(revisionIntervalMs !== undefined ? { revisionIntervalMs } : {}),
    ...(fullRefreshMs !== undefined ? { fullRefreshMs } : {}),
  };
}

/**
 * Runs the per-task xDS server until SIGTERM or SIGINT, then closes it and exits 0 (1 when it
 * cannot start, 2 for invalid settings). Every control plane event is a JSON line on stdout.
 *
 * @example
 * ```ts
 * import { runXdsServerCommand, xdsOptionsFrom } from './xds-command.js'; // inside packages/ecs/src/agent
 * const options = xdsOptionsFrom(process.env);
 * if (options) await runXdsServerCommand(options);
 * ```
 */
export async function runXdsServerCommand(options: TaskXdsServerOptions): Promise<void> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  let server: Awaited<ReturnType<typeof startTaskXdsServer>>;
  try {
    server = await startTaskXdsServer({
      ...options,
      logger: (line) => log(line),
    });
  } catch (error) {
    clearInterval(keepAlive);
    log({ level: 'error', type: 'xds-start-failed', message: errorReason(error) });
    process.exitCode = error instanceof EcsInputError ? 2 : 1;
    return;
  }
  log({
    level: 'info',
    type: 'xds-serving',
    socket: options.socket,
    node: options.node,
    model: options.model,
  });
  const stop = (signal: string) => {
    log({ level: 'info', type: 'signal', signal });
    void server.close().finally(() => {
      clearInterval(keepAlive);
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
