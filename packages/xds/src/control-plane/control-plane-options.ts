import { checkOptions, defineOptions, optionRule, showValue } from '@meshplane/core';
import type { CloudMapClientOptions } from '@meshplane/core/cloudmap';
import type { ServiceEndpoints, TranslateOptions } from '../contract.js';
import type { XdsLogger } from '../server/index.js';
import type { ModelSource } from '../sources/model-source.js';
import { durationOption } from '../sources/model-source.js';
import type { CloudMapPollerOptions } from './cloud-map-poller.js';
import { ControlPlaneError } from './control-plane-error.js';
import type { ControlPlaneEvent } from './control-plane-status.js';

/**
 * Options of `createControlPlane`.
 *
 * @example
 * ```ts
 * import { type ControlPlaneOptions, fileSource } from '@meshplane/xds';
 * const options: ControlPlaneOptions = {
 *   source: fileSource(['mesh.json']),
 *   cloudMap: { clientConfig: { region: 'us-east-1' } },
 *   socket: '/run/meshplane/xds.sock',
 *   status: '127.0.0.1:9902',
 * };
 * ```
 */
export interface ControlPlaneOptions {
  /** Where the model comes from. */
  source: ModelSource;
  /** Cloud Map, for the EDS of nodes with `awsCloudMap` service discovery. */
  cloudMap?: CloudMapClientOptions;
  /** Fixed endpoints by `namespace/service` instead of Cloud Map (offline runs, tests). */
  endpoints?: ReadonlyMap<string, ServiceEndpoints>;
  /** Poll intervals of Cloud Map (see the README's "Cloud Map polling" for what they cost). */
  polling?: Pick<CloudMapPollerOptions, 'revisionIntervalMs' | 'fullRefreshMs'>;
  /** A Unix socket to serve ADS on (`APPMESH_XDS_ENDPOINT=unix://<socket>`). */
  socket?: string;
  /** A TCP `host:port` to serve ADS on (port 0 picks a free one). */
  listen?: string;
  /** TLS for the TCP listener: PEM certificate chain and private key. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** A `host:port` for the JSON status endpoint (`GET /status`, `GET /status/<node id>`). */
  status?: string;
  /** Listener ports and address of the translation (default App Mesh's 15000/15001 on 0.0.0.0). */
  translate?: TranslateOptions;
  /**
   * Also serve proxyless gRPC clients (`@grpc/grpc-js-xds`): node id `grpc:mesh/<m>/virtualNode/<n>`
   * gets `translateForGrpcClients`' form of that node. A model the gRPC form cannot express (client
   * policy TLS, STRICT_DNS targets) is then rejected as a whole. Default false.
   */
  grpcClients?: boolean;
  /** One structured line per event (default: JSON lines on stderr). */
  logger?: XdsLogger;
  /** Called with every event (also logged). */
  onEvent?: (event: ControlPlaneEvent) => void;
}

/** `host:port` → its parts, or a problem naming the field and the value. */
export function parseHostPort(
  field: string,
  value: unknown,
  problems: string[],
): { host: string; port: number } | undefined {
  const match = typeof value === 'string' ? /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value) : null;
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port > 65535) {
    problems.push(
      `${field} ${JSON.stringify(value)} must be host:port with a port from 0 to 65535, e.g. 127.0.0.1:15010`,
    );
    return undefined;
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

const isFunction = (v: unknown) => typeof v === 'function';

/**
 * The declared schema of the control plane's standalone options; the source, Cloud Map,
 * endpoints, polling, listeners and TLS depend on one another and are checked beside it.
 */
const CONTROL_PLANE_OPTIONS = defineOptions<Pick<ControlPlaneOptions, 'grpcClients' | 'logger' | 'onEvent'>>({
  grpcClients: optionRule('must be true or false', (v) => typeof v === 'boolean'),
  onEvent: optionRule('must be a function', isFunction),
  logger: optionRule('must be a function', isFunction),
});

const isPem = (v: unknown) => (typeof v === 'string' && v.includes('-----BEGIN')) || Buffer.isBuffer(v);

/** Checks every option, throwing one `INVALID_OPTIONS` error that lists every problem. */
export function checkControlPlaneOptions(options: ControlPlaneOptions): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ControlPlaneError(
      'INVALID_OPTIONS',
      `control plane options ${String(options)} must be an object`,
    );
  }
  const source = options.source as Partial<ModelSource> | undefined;
  if (typeof source?.start !== 'function' || typeof source.close !== 'function') {
    problems.push('source must be a model source (fileSource, appMeshSource, s3Source or staticSource)');
  }
  if (options.cloudMap !== undefined && options.endpoints !== undefined) {
    problems.push('cloudMap and endpoints cannot be used together: pick one');
  }
  const cloudMap = options.cloudMap as { client?: unknown; clientConfig?: unknown } | undefined;
  if (
    cloudMap !== undefined &&
    (typeof cloudMap !== 'object' ||
      cloudMap === null ||
      (cloudMap.client === undefined) === (cloudMap.clientConfig === undefined))
  ) {
    problems.push('cloudMap must be { client } or { clientConfig } (exactly one)');
  }
  if (options.polling !== undefined) {
    const revision = durationOption(
      problems,
      'polling.revisionIntervalMs',
      options.polling.revisionIntervalMs,
      500,
      50,
    );
    const full = durationOption(problems, 'polling.fullRefreshMs', options.polling.fullRefreshMs, 10_000, 50);
    if (full < revision)
      problems.push(`polling.fullRefreshMs ${full} must be at least polling.revisionIntervalMs ${revision}`);
    if (options.cloudMap === undefined)
      problems.push('polling needs cloudMap (it sets how Cloud Map is polled)');
  }
  if (options.endpoints !== undefined && !(options.endpoints instanceof Map)) {
    problems.push('endpoints must be a Map of "namespace/service" to ServiceEndpoints');
  }
  if (options.socket !== undefined && (typeof options.socket !== 'string' || options.socket === '')) {
    problems.push(`socket ${JSON.stringify(options.socket)} must be a file path`);
  }
  if (options.listen !== undefined) parseHostPort('listen', options.listen, problems);
  if (options.status !== undefined) parseHostPort('status', options.status, problems);
  if (options.socket === undefined && options.listen === undefined) {
    problems.push('give socket, listen or both: the ADS server needs somewhere to listen');
  }
  if (options.tls !== undefined) {
    if (options.listen === undefined)
      problems.push('tls needs listen (Unix sockets are always plain, as the App Mesh agent expects)');
    if (!isPem(options.tls?.cert))
      problems.push('tls.cert must be a PEM certificate chain (string or Buffer)');
    if (!isPem(options.tls?.key)) problems.push('tls.key must be a PEM private key (string or Buffer)');
  }
  for (const p of checkOptions(CONTROL_PLANE_OPTIONS, options))
    problems.push(`${p.field} ${showValue(p.value)} ${p.rule}`);
  if (problems.length > 0) {
    throw new ControlPlaneError('INVALID_OPTIONS', `invalid control plane options: ${problems.join('; ')}`);
  }
}
