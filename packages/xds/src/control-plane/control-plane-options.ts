import {
  checkOptions,
  defineOptions,
  excludes,
  optionRule,
  requiredWithout,
  requires,
  showValue,
} from '@meshplane/core';
import type { CloudMapClientOptions } from '@meshplane/core/cloudmap';
import type { ServiceEndpoints, TranslateOptions } from '../contract.js';
import type { XdsLogger } from '../server/index.js';
import type { ModelSource } from '../sources/model-source.js';
import { CLOUD_MAP_CLIENT_RULE, POLLING_OPTIONS } from './cloud-map-options.js';
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

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/;
const HOST_PORT_RULE = 'must be host:port with a port from 0 to 65535, e.g. 127.0.0.1:15010';

/** `host:port` → its parts, or a problem naming the field and the value. */
export function parseHostPort(
  field: string,
  value: unknown,
  problems: string[],
): { host: string; port: number } | undefined {
  const match = typeof value === 'string' ? HOST_PORT.exec(value) : null;
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port > 65535) {
    problems.push(`${field} ${showValue(value)} ${HOST_PORT_RULE}`);
    return undefined;
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

const hostPort = optionRule(HOST_PORT_RULE, (v) => parseHostPort('', v, []) !== undefined);
const isFunction = (v: unknown) => typeof v === 'function';
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPem = (v: unknown) => (typeof v === 'string' && v.includes('-----BEGIN')) || Buffer.isBuffer(v);

const TLS_OPTIONS = defineOptions<NonNullable<ControlPlaneOptions['tls']>>({
  cert: optionRule('must be a PEM certificate chain (string or Buffer)', isPem, true),
  key: { ...optionRule('must be a PEM private key (string or Buffer)', isPem, true), sensitive: true },
});

/** The declared schema of every option of the control plane, in the order problems are reported. */
const CONTROL_PLANE_OPTIONS = defineOptions<ControlPlaneOptions>(
  {
    source: optionRule(
      'must be a model source (fileSource, appMeshSource, s3Source or staticSource)',
      (v) => isObject(v) && isFunction((v as ModelSource).start) && isFunction((v as ModelSource).close),
      true,
    ),
    cloudMap: CLOUD_MAP_CLIENT_RULE,
    endpoints: optionRule(
      'must be a Map of "namespace/service" to ServiceEndpoints',
      (v) => v instanceof Map,
    ),
    polling: {
      ...optionRule('must be { revisionIntervalMs?, fullRefreshMs? }', isObject),
      members: POLLING_OPTIONS,
    },
    socket: optionRule('must be a file path', (v) => typeof v === 'string' && v !== ''),
    listen: hostPort,
    status: hostPort,
    // The object holds the private key: printed <hidden>, its cert member shown.
    tls: { ...optionRule('must be { cert, key }', isObject), sensitive: true, members: TLS_OPTIONS },
    translate: optionRule('must be an object of translation options', isObject),
    grpcClients: optionRule('must be true or false', (v) => typeof v === 'boolean'),
    logger: optionRule('must be a function', isFunction),
    onEvent: optionRule('must be a function', isFunction),
  },
  [
    excludes('cloudMap', 'endpoints', 'cannot be used together with endpoints: pick one'),
    requires('polling', 'cloudMap', 'needs cloudMap (it sets how Cloud Map is polled)'),
    requiredWithout(
      'socket',
      'listen',
      'must be given when listen is not: the ADS server needs somewhere to listen (give socket, listen or both)',
    ),
    requires('tls', 'listen', 'needs listen (Unix sockets are always plain, as the App Mesh agent expects)'),
  ],
);

/** Checks every option, throwing one `INVALID_OPTIONS` error that lists every problem. */
export function checkControlPlaneOptions(options: ControlPlaneOptions): void {
  const problems = checkOptions(CONTROL_PLANE_OPTIONS, options, 'control plane options');
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.field} ${p.shown} ${p.rule}`).join('; ');
    throw new ControlPlaneError('INVALID_OPTIONS', `invalid control plane options: ${list}`);
  }
}
