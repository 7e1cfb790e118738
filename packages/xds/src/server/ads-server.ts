import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { checkOptions, defineOptions, optionRule, showValue } from '@meshplane/core';
import type { SnapshotCache } from '../contract.js';
import { MeshplaneXdsError } from '../errors.js';
import { deltaProtocol } from './delta-stream.js';
import { adsMessageTypes, type DeltaRequest, type SotwRequest } from './messages.js';
import { adsServiceDefinition } from './service.js';
import { sotwProtocol } from './sotw-stream.js';
import {
  jsonLineLogger,
  type ServerStatus,
  StatusBoard,
  type StatusEvent,
  type XdsLogger,
} from './status.js';
import { hostStream } from './stream-host.js';

/** Options of {@link createAdsServer}. */
export interface AdsServerOptions {
  cache: SnapshotCache;
  /** One structured line per event (NACK, unknown node, bad request). Default: JSON on stderr. */
  logger?: XdsLogger;
  /**
   * The largest DiscoveryRequest accepted, in bytes (grpc `max_receive_message_length`); a
   * larger one ends its stream with RESOURCE_EXHAUSTED. Default 1 MiB: Envoy's requests are
   * names and versions, a few KB even for hundreds of clusters.
   */
  maxReceiveMessageBytes?: number;
  /**
   * Called as each response is sent, ACKed or NACKed (synchronously, on the stream's turn: keep
   * it cheap). What the control plane waits on to know a change reached an Envoy.
   */
  onEvent?: (event: StatusEvent) => void;
}

/** Where {@link AdsServer.listen} binds: a Unix socket, a TCP `host:port`, or both. */
export interface ListenOptions {
  /** A Unix socket path (`APPMESH_XDS_ENDPOINT=unix:///path.sock`); a stale socket file there is replaced. */
  socket?: string;
  /** `host:port` (port 0 picks a free one). */
  address?: string;
  /** Credentials for the TCP address (e.g. `ServerCredentials.createSsl(...)`); default insecure. Unix sockets are always plain. */
  credentials?: ServerCredentials;
}

/** What {@link AdsServer.listen} bound. */
export interface ListeningOn {
  socket?: string;
  /** The TCP port actually bound. */
  port?: number;
}

/** A running ADS server. */
export interface AdsServer {
  listen(options: ListenOptions): Promise<ListeningOn>;
  /** Per node and type: last sent and ACKed version, last NACK with Envoy's error; counters. */
  status(): ServerStatus;
  /** Stops accepting, ends every stream; resolves when the server is down. */
  close(): Promise<void>;
  /** The underlying grpc-js server (another service can be added before listen). */
  readonly grpcServer: Server;
}

const DEFAULT_MAX_RECEIVE = 1024 * 1024;

const isFunction = (v: unknown) => typeof v === 'function';

/** The declared schema of {@link AdsServerOptions}. */
const ADS_SERVER_OPTIONS = defineOptions<AdsServerOptions>({
  cache: optionRule(
    'must be a snapshot cache (createSnapshotCache())',
    (v) => {
      const cache = v as Partial<SnapshotCache> | null;
      return typeof cache === 'object' && cache !== null && isFunction(cache.get) && isFunction(cache.watch);
    },
    true,
  ),
  logger: optionRule('must be a function', isFunction),
  // grpc-js refuses larger requests; below 1 KiB not even Envoy's first request (its node) fits.
  maxReceiveMessageBytes: optionRule(
    'must be an integer >= 1024',
    (v) => Number.isInteger(v) && (v as number) >= 1024,
  ),
  onEvent: optionRule('must be a function', isFunction),
});

/**
 * Creates an ADS server (envoy.service.discovery.v3.AggregatedDiscoveryService, State of the
 * World and delta) serving the snapshots of `cache`. The Envoy protos load here, once, not on a
 * request path.
 *
 * @example
 * ```ts
 * import { createAdsServer, createSnapshotCache } from '@meshplane/xds/internals';
 * const server = createAdsServer({ cache: createSnapshotCache() });
 * const { port } = await server.listen({ address: '127.0.0.1:0' });
 * console.log(port > 0); // true
 * await server.close();
 * ```
 */
export function createAdsServer(options: AdsServerOptions): AdsServer {
  const problems = checkOptions(ADS_SERVER_OPTIONS, options, 'createAdsServer options');
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.field} ${p.rule}, got ${showValue(p.value)}`);
    throw new MeshplaneXdsError('XDS_INVALID_OPTION', `invalid ADS server options: ${lines.join('; ')}`);
  }
  adsMessageTypes();
  const board = new StatusBoard(options.logger ?? jsonLineLogger, options.onEvent);
  const maxReceive = options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE;
  const grpcServer = new Server({ 'grpc.max_receive_message_length': maxReceive });
  const deps = { cache: options.cache, board };
  grpcServer.addService(adsServiceDefinition, {
    StreamAggregatedResources: (call: ServerDuplexStream<SotwRequest, Buffer>) =>
      hostStream(call, deps, sotwProtocol),
    DeltaAggregatedResources: (call: ServerDuplexStream<DeltaRequest, Buffer>) =>
      hostStream(call, deps, deltaProtocol),
  });
  return {
    grpcServer,
    status: () => board.snapshot(),
    listen: (listen) => listenOn(grpcServer, listen),
    close: () =>
      new Promise<void>((resolve) => {
        grpcServer.forceShutdown();
        resolve();
      }),
  };
}

async function listenOn(server: Server, options: ListenOptions): Promise<ListeningOn> {
  if (!options.socket && !options.address) {
    throw new MeshplaneXdsError(
      'XDS_INVALID_OPTION',
      'listen needs a socket path, an address (host:port), or both',
    );
  }
  const bind = (target: string, creds: ServerCredentials) =>
    new Promise<number>((resolve, reject) =>
      server.bindAsync(target, creds, (error, port) =>
        error
          ? reject(
              new MeshplaneXdsError('XDS_LISTEN_FAILED', `cannot listen on ${target}: ${error.message}`, {
                cause: error,
              }),
            )
          : resolve(port),
      ),
    );
  const out: ListeningOn = {};
  if (options.socket) {
    // A socket file left by a previous run would make bind fail with EADDRINUSE.
    if (existsSync(options.socket) && lstatSync(options.socket).isSocket()) unlinkSync(options.socket);
    await bind(`unix://${options.socket}`, ServerCredentials.createInsecure());
    out.socket = options.socket;
  }
  if (options.address) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/.test(options.address)) {
      throw new MeshplaneXdsError(
        'XDS_INVALID_OPTION',
        `address must be host:port, got ${JSON.stringify(options.address)}`,
      );
    }
    out.port = await bind(options.address, options.credentials ?? ServerCredentials.createInsecure());
  }
  return out;
}
