import { defineOptions, optionDependency } from '@meshplane/core';
import type { CloudMapClientOptions } from '@meshplane/core/cloudmap';
import {
  appMeshSource,
  type ControlPlane,
  type ControlPlaneEvent,
  createControlPlane,
  fileSource,
  type ModelSource,
  s3Source,
  type TranslateOptions,
  type XdsLogger,
} from '@meshplane/xds';
import { isRegionName } from '../envoy/image.js';
import { InputIssues, isIntegerIn } from '../input-issues.js';
import { addOptionIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import { nodeScopedSource } from './node-scope.js';

/** Options of {@link startTaskXdsServer} (the agent reads them from `MESHPLANE_XDS_*`). */
export interface TaskXdsServerOptions {
  /** The Unix socket Envoy connects to (`APPMESH_XDS_ENDPOINT=unix://<socket>`). */
  socket: string;
  /** The model: an absolute file path, `s3://bucket/key`, or `appmesh:<mesh>`. */
  model: string;
  /** The node (or gateway) this task's Envoy runs as: `mesh/<mesh>/virtualNode/<node>`. Bounds Cloud Map polling to what it reaches. */
  node: string;
  /** AWS region of Cloud Map, S3 and App Mesh (default: the SDK's chain). */
  region?: string;
  /** A Cloud Map endpoint URL (a local endpoint). */
  cloudMapEndpoint?: string;
  /** With `model: 'appmesh:<mesh>'`: the App Mesh-compatible endpoint URL. */
  appMeshEndpoint?: string;
  /** Default 5000 (see the README's per-task polling budget). */
  revisionIntervalMs?: number;
  /** Default 30000. */
  fullRefreshMs?: number;
  /** Cloud Map client options instead of region/endpoint (tests, an existing client). */
  cloudMap?: CloudMapClientOptions;
  /** Listener ports and address of the translation (default App Mesh's 15000/15001 on 0.0.0.0, what the task's iptables redirect targets). */
  translate?: TranslateOptions;
  logger?: XdsLogger;
  onEvent?: (event: ControlPlaneEvent) => void;
}

// Per-task Cloud Map polling (the README's per-task polling budget; TASK_XDS in the renderer).
const POLLING = { revisionIntervalMs: 5_000, fullRefreshMs: 30_000 } as const;
const S3_MODEL = /^s3:\/\/([^/]+)\/(.+)$/;
const APPMESH_MODEL = /^appmesh:(.+)$/;

/**
 * Serves xDS to this task's Envoy over a Unix socket (the per-task control plane): the model from
 * a file baked into the image, an S3 object or an App Mesh-compatible endpoint, the endpoints from
 * Cloud Map, polled only for the services this node reaches, at intervals meant for one poller per
 * task (revision every 5 s, full refresh every 30 s by default). Resolves once the first model is
 * served and the socket exists; `close()` ends every stream.
 *
 * @example
 * ```ts
 * // not-runnable: a server in an ECS task, on the task's /run volume with its model in S3, until SIGTERM (tests/agent*.test.ts run it)
 * import { startTaskXdsServer } from '@meshplane/ecs/agent';
 * const server = await startTaskXdsServer({
 *   socket: '/run/meshplane/xds.sock',
 *   model: 's3://meshes/dj-app.json',
 *   node: 'mesh/dj-app/virtualNode/jazz-v1',
 *   region: 'us-east-1',
 * });
 * process.once('SIGTERM', () => void server.close());
 * ```
 */
export async function startTaskXdsServer(input: TaskXdsServerOptions): Promise<ControlPlane> {
  const options = plainInput(input, 'options');
  checkOptions(options);
  const region = options.region;
  const cloudMap: CloudMapClientOptions = options.cloudMap ?? {
    clientConfig: {
      ...(region ? { region } : {}),
      ...(options.cloudMapEndpoint ? { endpoint: options.cloudMapEndpoint, disableHostPrefix: true } : {}),
    },
  };
  const controlPlane = createControlPlane({
    source: nodeScopedSource(modelSource(options), options.node),
    cloudMap,
    polling: {
      revisionIntervalMs: options.revisionIntervalMs ?? POLLING.revisionIntervalMs,
      fullRefreshMs: options.fullRefreshMs ?? POLLING.fullRefreshMs,
    },
    socket: options.socket,
    ...(options.translate ? { translate: options.translate } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  await controlPlane.start();
  return controlPlane;
}

function modelSource(options: TaskXdsServerOptions): ModelSource {
  const s3 = S3_MODEL.exec(options.model);
  if (s3) {
    return s3Source({
      bucket: s3[1] as string,
      key: s3[2] as string,
      s3: { clientConfig: options.region ? { region: options.region } : {} },
    });
  }
  const appmesh = APPMESH_MODEL.exec(options.model);
  if (appmesh) {
    return appMeshSource({
      meshName: appmesh[1] as string,
      appMesh: {
        clientConfig: {
          ...(options.region ? { region: options.region } : {}),
          ...(options.appMeshEndpoint ? { endpoint: options.appMeshEndpoint } : {}),
        },
      },
    });
  }
  // A file baked into the image: read once and watched (a bind-mounted file may change).
  return fileSource([options.model]);
}

const isMs = (v: unknown) => isIntegerIn(v, 100, 3_600_000);
const isFunction = (v: unknown) => typeof v === 'function';
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUrl = (v: unknown) => {
  try {
    return typeof v === 'string' && /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** The declared schema of {@link startTaskXdsServer}'s options, in the order problems are reported. */
const TASK_XDS_SERVER_OPTIONS = defineOptions<TaskXdsServerOptions>(
  {
    socket: ecsRule(
      'XDS_SOCKET',
      'must be an absolute path',
      (v) => typeof v === 'string' && v.startsWith('/'),
      true,
    ),
    model: ecsRule(
      'XDS_MODEL',
      'must be an absolute file path, "s3://bucket/key" or "appmesh:<mesh>"',
      (v) => typeof v === 'string' && (S3_MODEL.test(v) || APPMESH_MODEL.test(v) || /^\/\S+$/.test(v)),
      true,
    ),
    node: ecsRule(
      'XDS_NODE',
      'must be mesh/<mesh>/virtualNode/<node> (or a virtual gateway)',
      (v) => typeof v === 'string' && /mesh\/[^/]+\/(virtualNode|virtualGateway)\/[^/]+$/.test(v),
      true,
    ),
    region: ecsRule('REGION', 'must be an AWS region name like "us-east-1"', isRegionName),
    cloudMapEndpoint: ecsRule('URL', 'must be an http(s) URL', isUrl),
    appMeshEndpoint: ecsRule('URL', 'must be an http(s) URL', isUrl),
    revisionIntervalMs: ecsRule('RANGE', 'must be an integer of milliseconds in 100-3600000', isMs),
    fullRefreshMs: ecsRule('RANGE', 'must be an integer of milliseconds in 100-3600000', isMs),
    cloudMap: ecsRule('TYPE', 'must be { client } or { clientConfig }', isObject),
    translate: ecsRule('TYPE', 'must be an object of translation options', isObject),
    logger: ecsRule('TYPE', 'must be a function', isFunction),
    onEvent: ecsRule('TYPE', 'must be a function', isFunction),
  },
  [
    // The same rules as the task definition's xds options (task-definition/control-plane.ts).
    {
      ...optionDependency('appMeshEndpoint', ['model'], 'is for model "appmesh:<mesh>" only', (o) =>
        o.appMeshEndpoint === undefined ? true : APPMESH_MODEL.test(o.model as string),
      ),
      code: 'XDS_MODEL',
    },
    {
      ...optionDependency(
        'fullRefreshMs',
        ['revisionIntervalMs'],
        'must be at least revisionIntervalMs',
        (o) =>
          o.fullRefreshMs === undefined
            ? true
            : (o.fullRefreshMs as number) >=
              ((o.revisionIntervalMs as number | undefined) ?? POLLING.revisionIntervalMs),
      ),
      code: 'RANGE',
    },
  ],
);

function checkOptions(options: TaskXdsServerOptions): void {
  const issues = new InputIssues();
  addOptionIssues(issues, TASK_XDS_SERVER_OPTIONS, options, 'startTaskXdsServer options');
  issues.throwIfAny();
}
