import type { ContainerDefinition, LogConfiguration, MountPoint, Volume } from '@aws-sdk/client-ecs';
import { type InputIssues, show, text } from '../input-issues.js';
import type { ControlPlaneMode, MeshTaskDefinitionOptions, XdsOptions } from './options.js';
import { compact, environmentList } from './stable-json.js';

/**
 * The per-task control plane's shared volume and socket: the agent creates the socket, Envoy (the
 * App Mesh image's agent) connects to `APPMESH_XDS_ENDPOINT=unix://<socket>` (plain gRPC, no TLS,
 * no signing: the form ECS Service Connect uses).
 *
 * @example
 * ```ts
 * import { TASK_XDS } from './control-plane.js'; // inside packages/ecs/src/task-definition
 * console.log(TASK_XDS.endpoint); // 'unix:///run/meshplane/xds.sock'
 * ```
 */
export const TASK_XDS = {
  volume: 'meshplane-xds',
  directory: '/run/meshplane',
  socket: '/run/meshplane/xds.sock',
  endpoint: 'unix:///run/meshplane/xds.sock',
  container: 'meshplane-xds',
  /** Cloud Map polling per task (see the README's "Per-task Cloud Map polling"). */
  revisionIntervalMs: 5_000,
  fullRefreshMs: 30_000,
  memoryReservation: 64,
} as const;

/**
 * The notice a task definition in the App Mesh-managed mode carries.
 *
 * @example
 * ```ts
 * import { APP_MESH_NOTICE } from '@meshplane/ecs';
 * console.log(APP_MESH_NOTICE.startsWith('controlPlane "appmesh"')); // true
 * ```
 */
export const APP_MESH_NOTICE =
  'controlPlane "appmesh": Envoy gets its configuration from AWS App Mesh, which AWS discontinued on 2026-09-30; use controlPlane "task" (the default) or "central" to serve it with meshplane';

/** The control plane of a node's task, resolved. */
export interface ResolvedControlPlane {
  mode: ControlPlaneMode;
  /** `APPMESH_XDS_ENDPOINT` for Envoy (`task`, `central`). */
  endpoint?: string;
  /** The Cloud Map namespaces the node reaches (`xds.namespaces`): scopes the server's discovery permissions. */
  namespaces?: string[];
  /** The per-task xDS server container (`task`). */
  server?: {
    name: string;
    image: string;
    environment: Record<string, string>;
    cpu?: number;
    memoryReservation: number;
    /** The model's source, for IAM: an S3 object, an App Mesh mesh, or a file in the image. */
    model: { kind: 's3'; bucket: string; key: string } | { kind: 'appmesh'; mesh: string } | { kind: 'file' };
  };
}

const MODES: readonly unknown[] = ['task', 'central', 'appmesh'];
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const S3_MODEL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
const APPMESH_MODEL = /^appmesh:([A-Za-z0-9][A-Za-z0-9_-]{0,254})$/;

/**
 * Resolves where the task's Envoy gets its configuration (`controlPlane`, `xds`, checked one by
 * one by the task's schema); what each mode needs of `xds` (an endpoint for `central`, an image
 * and a model for `task`, nothing of the other mode) goes to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { resolveControlPlane } from './control-plane.js'; // inside packages/ecs/src/task-definition
 * const cp = resolveControlPlane(new InputIssues(), { controlPlane: 'central', xds: { endpoint: 'xds.internal:443' } }, 'mesh/m/virtualNode/n');
 * console.log(cp.endpoint); // 'xds.internal:443'
 * ```
 */
export function resolveControlPlane(
  issues: InputIssues,
  o: Pick<MeshTaskDefinitionOptions, 'controlPlane' | 'xds' | 'agent'>,
  resourceId: string,
): ResolvedControlPlane {
  // The mode, xds as an object, its members' own rules and xds with "appmesh" are the task's
  // schema's (option-schemas.ts); here, what each mode needs of xds.
  const mode = o.controlPlane ?? 'task';
  if (!MODES.includes(mode)) return { mode: 'task' };
  const given = o.xds;
  const xds: XdsOptions = given !== null && typeof given === 'object' && !Array.isArray(given) ? given : {};
  if (mode === 'appmesh') return { mode };
  if (mode === 'central') return { mode, endpoint: centralEndpoint(issues, xds) };
  const namespaces = xds.namespaces;
  return {
    mode,
    endpoint: TASK_XDS.endpoint,
    server: taskServer(issues, xds, o.agent?.image, resourceId),
    ...(Array.isArray(namespaces) && namespaces.length ? { namespaces: [...namespaces] } : {}),
  };
}

function centralEndpoint(issues: InputIssues, xds: XdsOptions): string | undefined {
  const endpoint = xds.endpoint;
  const match = typeof endpoint === 'string' ? HOST_PORT.exec(endpoint) : null;
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    issues.add(
      'XDS_ENDPOINT',
      'xds.endpoint',
      `controlPlane "central" needs xds.endpoint, the host:port of the control plane's load balancer (e.g. "xds.mesh.internal:443"), got ${show(endpoint)}`,
    );
  }
  for (const key of ['model', 'image', 'appMeshEndpoint'] as const) {
    if (xds[key] !== undefined) {
      issues.add(
        'CONFLICT',
        `xds.${key}`,
        `xds.${key} is for controlPlane "task": the central server has its own task definition`,
      );
    }
  }
  return typeof endpoint === 'string' ? endpoint : undefined;
}

function taskServer(
  issues: InputIssues,
  xds: XdsOptions,
  agentImage: unknown,
  resourceId: string,
): ResolvedControlPlane['server'] {
  const name = xds.name ?? TASK_XDS.container;
  const image = xds.image ?? agentImage;
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    issues.add(
      'REQUIRED',
      'xds.image',
      `controlPlane "task" (the default) needs the image that runs meshplane-ecs-agent: xds.image or agent.image, got ${show(image)} (or choose controlPlane "central" or "appmesh")`,
    );
  }
  if (xds.endpoint !== undefined) {
    issues.add(
      'CONFLICT',
      'xds.endpoint',
      'xds.endpoint is for controlPlane "central": with "task", Envoy uses the task\'s own socket',
    );
  }
  const model = taskModel(issues, xds);
  const revision = xds.revisionIntervalMs ?? TASK_XDS.revisionIntervalMs;
  const full = xds.fullRefreshMs ?? TASK_XDS.fullRefreshMs;
  const environment: Record<string, string> = {
    MESHPLANE_XDS_SOCKET: TASK_XDS.socket,
    MESHPLANE_XDS_MODEL: text(xds.model),
    MESHPLANE_XDS_NODE: resourceId,
    MESHPLANE_XDS_REVISION_INTERVAL_MS: text(revision),
    MESHPLANE_XDS_FULL_REFRESH_MS: text(full),
    ...(typeof xds.appMeshEndpoint === 'string'
      ? { MESHPLANE_XDS_APPMESH_ENDPOINT: xds.appMeshEndpoint }
      : {}),
  };
  return {
    name,
    image: image as string,
    environment,
    ...(xds.cpu !== undefined ? { cpu: xds.cpu } : {}),
    memoryReservation: xds.memoryReservation ?? TASK_XDS.memoryReservation,
    model,
  };
}

function taskModel(
  issues: InputIssues,
  xds: XdsOptions,
): NonNullable<ResolvedControlPlane['server']>['model'] {
  const model = xds.model;
  const s3 = typeof model === 'string' ? S3_MODEL.exec(model) : null;
  const appmesh = typeof model === 'string' ? APPMESH_MODEL.exec(model) : null;
  if (
    xds.appMeshEndpoint !== undefined &&
    !(typeof xds.appMeshEndpoint === 'string' && /^https?:\/\/\S+$/.test(xds.appMeshEndpoint) && appmesh)
  ) {
    issues.add(
      'XDS_MODEL',
      'xds.appMeshEndpoint',
      `xds.appMeshEndpoint must be an http(s) URL, with xds.model "appmesh:<mesh>", got ${show(xds.appMeshEndpoint)}`,
    );
  }
  if (s3) return { kind: 's3', bucket: s3[1] as string, key: s3[2] as string };
  if (appmesh) return { kind: 'appmesh', mesh: appmesh[1] as string };
  if (typeof model !== 'string' || !/^\/\S+$/.test(model)) {
    issues.add(
      'XDS_MODEL',
      'xds.model',
      `controlPlane "task" (the default) needs xds.model, where the agent reads the mesh model: an absolute path of a file in its image, "s3://bucket/key" or "appmesh:<mesh>", got ${show(model)}`,
    );
  }
  return { kind: 'file' };
}

/**
 * The per-task xDS server: the agent serving xDS to this task's Envoy over the socket on the
 * shared volume. It starts first and is `HEALTHY` once the socket exists (the model was read and
 * served), so Envoy, which waits for it, finds its configuration at its first connection. It runs
 * as Envoy's user: its Cloud Map and S3 calls bypass the proxy, and Envoy may connect to its socket.
 *
 * @example
 * ```ts
 * import { renderXdsServerContainer } from './control-plane.js'; // inside packages/ecs/src/task-definition
 * const server = { name: 'meshplane-xds', image: 'agent:1', environment: {}, memoryReservation: 64, model: { kind: 'file' as const } };
 * console.log(renderXdsServerContainer(server, '1337', undefined).healthCheck?.command);
 * // ['CMD-SHELL', 'test -S /run/meshplane/xds.sock']
 * ```
 */
export function renderXdsServerContainer(
  server: NonNullable<ResolvedControlPlane['server']>,
  user: string | undefined,
  logConfiguration: LogConfiguration | undefined,
): ContainerDefinition {
  return compact({
    name: server.name,
    image: server.image,
    essential: true,
    user,
    cpu: server.cpu,
    memoryReservation: server.memoryReservation,
    environment: environmentList(server.environment),
    mountPoints: [xdsMountPoint(false)],
    healthCheck: {
      command: ['CMD-SHELL', `test -S ${TASK_XDS.socket}`],
      interval: 5,
      timeout: 2,
      retries: 3,
      startPeriod: 10,
    },
    logConfiguration,
  });
}

/**
 * The shared volume's mount: read-write for the server that creates the socket, read-only for
 * Envoy (connecting to a Unix socket needs no write access to the file system it lives on).
 *
 * @example
 * ```ts
 * import { xdsMountPoint } from './control-plane.js'; // inside packages/ecs/src/task-definition
 * console.log(xdsMountPoint(true)); // { sourceVolume: 'meshplane-xds', containerPath: '/run/meshplane', readOnly: true }
 * ```
 */
export function xdsMountPoint(readOnly: boolean): MountPoint {
  return { sourceVolume: TASK_XDS.volume, containerPath: TASK_XDS.directory, readOnly };
}

/**
 * The task's volume for the socket: a bind mount without a host path, which ECS creates empty for
 * the task's life and shares between its containers (Fargate and EC2).
 *
 * @example
 * ```ts
 * import { xdsVolume } from './control-plane.js'; // inside packages/ecs/src/task-definition
 * console.log(xdsVolume()); // { name: 'meshplane-xds' }
 * ```
 */
export function xdsVolume(): Volume {
  return { name: TASK_XDS.volume };
}
