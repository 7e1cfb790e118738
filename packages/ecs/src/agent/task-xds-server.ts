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
import { InputIssues, isIntegerIn, show } from '../input-issues.js';
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
      revisionIntervalMs: options.revisionIntervalMs ?? 5_000,
      fullRefreshMs: options.fullRefreshMs ?? 30_000,
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

function checkOptions(options: TaskXdsServerOptions): void {
  const issues = new InputIssues();
  if (options === null || typeof options !== 'object') {
    issues.add('REQUIRED', '', `startTaskXdsServer needs options, got ${show(options)}`);
    issues.throwIfAny();
  }
  if (typeof options.socket !== 'string' || !options.socket.startsWith('/')) {
    issues.add('XDS_SOCKET', 'socket', `socket must be an absolute path, got ${show(options.socket)}`);
  }
  const model = options.model;
  if (
    typeof model !== 'string' ||
    !(S3_MODEL.test(model) || APPMESH_MODEL.test(model) || /^\/\S+$/.test(model))
  ) {
    issues.add(
      'XDS_MODEL',
      'model',
      `model must be an absolute file path, "s3://bucket/key" or "appmesh:<mesh>", got ${show(model)}`,
    );
  }
  if (
    typeof options.node !== 'string' ||
    !/mesh\/[^/]+\/(virtualNode|virtualGateway)\/[^/]+$/.test(options.node)
  ) {
    issues.add(
      'XDS_NODE',
      'node',
      `node must be mesh/<mesh>/virtualNode/<node> (or a virtual gateway), got ${show(options.node)}`,
    );
  }
  for (const key of ['revisionIntervalMs', 'fullRefreshMs'] as const) {
    const value = options[key];
    if (value !== undefined && !isIntegerIn(value, 100, 3_600_000)) {
      issues.add(
        'RANGE',
        key,
        `${key} must be an integer of milliseconds in 100-3600000, got ${show(value)}`,
      );
    }
  }
  issues.throwIfAny();
}
