import { ServerCredentials } from '@grpc/grpc-js';
import { buildSnapshot, createSnapshotCache, type MutableSnapshotCache } from '../cache/index.js';
import type { ServiceEndpoints } from '../contract.js';
import {
  type AdsServer,
  createAdsServer,
  jsonLineLogger,
  type ServerStatus,
  type StatusEndpoint,
  startStatusEndpoint,
} from '../server/index.js';
import { endpointQueries, translateNode } from '../translate/index.js';
import { type CloudMapPoller, createCloudMapPoller } from './cloud-map-poller.js';
import { ControlPlaneError } from './control-plane-error.js';
import {
  type ControlPlaneOptions,
  checkControlPlaneOptions,
  parseHostPort,
} from './control-plane-options.js';
import type { ControlPlaneEvent } from './control-plane-status.js';
import { endpointQueriesOfServedId, servedIdsWithGrpcClients, translateServedId } from './grpc-clients.js';
import { forwardAcks, type MergedStatus, mergeStatus } from './merge-status.js';
import { createModelSync, type ModelSync } from './model-sync.js';

/**
 * Where a started control plane listens.
 *
 * @example
 * ```ts
 * import type { ControlPlaneAddresses } from '@meshplane/xds';
 * const endpoint = (a: ControlPlaneAddresses) => (a.socket ? `unix://${a.socket}` : `127.0.0.1:${a.port}`);
 * ```
 */
export interface ControlPlaneAddresses {
  socket?: string;
  /** The TCP port bound for `listen`. */
  port?: number;
  /** `http://host:port` of the status endpoint. */
  statusUrl?: string;
}

/**
 * A control plane: see {@link createControlPlane}.
 *
 * @example
 * ```ts
 * import type { ControlPlane } from '@meshplane/xds';
 * const served = (cp: ControlPlane) => cp.status().controlPlane.model.version;
 * ```
 */
export interface ControlPlane {
  /** Reads the model, serves it, then listens; resolves with the addresses bound. */
  start(): Promise<ControlPlaneAddresses>;
  /** The merged status (also served by the status endpoint). */
  status(): MergedStatus;
  /** The snapshot cache the ADS server reads. */
  readonly cache: MutableSnapshotCache;
  /** Resolves once every change seen so far has been applied (tests, tools). */
  idle(): Promise<void>;
  /** Stops the source, Cloud Map polling, the status endpoint and the server (streams end). */
  close(): Promise<void>;
}

/**
 * Creates the control plane that replaces App Mesh's Envoy management service: it reads the
 * model from `source`, polls Cloud Map once per service for all Envoys, translates every virtual
 * node and gateway (App Mesh's resource names), keeps one snapshot per node id in the cache and
 * serves them over ADS (State of the World and delta) on a Unix socket and/or TCP (optionally
 * TLS). A model change re-translates all nodes; a Cloud Map change only the nodes using that
 * service; a node whose resources did not change notifies no Envoy. A reading that does not read,
 * validate or translate is never served: Envoys keep the last good snapshot, and the event, the
 * log line and `status().controlPlane.lastError` say why.
 *
 * @example
 * ```ts
 * import { defineMesh, dns, http } from '@meshplane/core';
 * import { createControlPlane, staticSource } from '@meshplane/xds';
 * const model = defineMesh({ name: 'shop', nodes: { web: { listeners: [http(8080)], discovery: dns('web.shop.local') } } });
 * const cp = createControlPlane({ source: staticSource(model), listen: '127.0.0.1:0', logger: () => {} });
 * const { port } = await cp.start();
 * console.log(port! > 0, cp.cache.nodeIds()); // true [ 'mesh/shop/virtualNode/web' ]
 * await cp.close();
 * ```
 */
export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  checkControlPlaneOptions(options);
  const logger = options.logger ?? jsonLineLogger;
  let sync: ModelSync | undefined;
  const cache = createSnapshotCache({
    explainUnknown: (nodeId, known) => {
      const status = sync?.status();
      if (!status?.model.version) {
        return `node id "${nodeId}" has no configuration: no model has been served yet${status?.lastError ? ` (${status.lastError.message})` : ''}`;
      }
      return `node id "${nodeId}" is not a virtual node or virtual gateway of the model served (version ${status.model.version} from ${status.model.origin}); known: ${known.join(', ') || 'none'}`;
    },
  });
  const emit = (event: ControlPlaneEvent) => {
    const level = event.type === 'model-applied' || event.type === 'endpoints-changed' ? 'info' : 'warn';
    const { message, ...fields } = event;
    logger({
      level,
      msg: message,
      ...fields,
      ...('issues' in fields ? { issues: fields.issues.slice(0, 20) } : {}),
    });
    options.onEvent?.(event);
  };
  let poller: CloudMapPoller | undefined;
  if (options.cloudMap) {
    poller = createCloudMapPoller(options.cloudMap, {
      ...options.polling,
      onChange: (key) => sync?.endpointsChanged(key),
      onProblem: (service, message) => emit({ type: 'cloud-map-problem', service, message }),
    });
  }
  const fixed = options.endpoints ?? new Map<string, ServiceEndpoints>();
  sync = createModelSync({
    cache,
    buildSnapshot,
    translateNode: options.grpcClients ? translateServedId : translateNode,
    endpointQueries: options.grpcClients ? endpointQueriesOfServedId : endpointQueries,
    ...(options.grpcClients ? { servedIds: servedIdsWithGrpcClients } : {}),
    endpoints: poller ?? { endpoints: () => fixed },
    ...(options.translate ? { translateOptions: options.translate } : {}),
    emit,
  });
  const modelSync = sync;
  // Built now (the Envoy protos load once, here), listening only from start().
  const server: AdsServer = createAdsServer({ cache, logger, onEvent: forwardAcks(options.onEvent) });
  let statusEndpoint: StatusEndpoint | undefined;
  let state: 'new' | 'started' | 'closed' = 'new';
  const status = (): MergedStatus =>
    mergeStatus(server.status(), modelSync.status(), options.source.description, poller, fixed);

  return {
    cache,
    status,
    idle: () => modelSync.idle(),
    async start() {
      if (state !== 'new')
        throw new ControlPlaneError('ALREADY_STARTED', `this control plane was already ${state}`);
      state = 'started';
      await options.source.start((reading) => void modelSync.apply(reading));
      await modelSync.idle();
      const listening = await server.listen({
        ...(options.socket ? { socket: options.socket } : {}),
        ...(options.listen ? { address: options.listen } : {}),
        ...(options.tls
          ? {
              credentials: ServerCredentials.createSsl(
                null,
                [{ cert_chain: Buffer.from(options.tls.cert), private_key: Buffer.from(options.tls.key) }],
                false,
              ),
            }
          : {}),
      });
      const addresses: ControlPlaneAddresses = { ...listening };
      if (options.status) {
        const { host, port } = parseHostPort('status', options.status, [])!;
        statusEndpoint = await startStatusEndpoint(status as () => ServerStatus, { host, port });
        addresses.statusUrl = statusEndpoint.url;
      }
      logger({
        level: 'info',
        msg: `xDS control plane listening: ${JSON.stringify(addresses)}`,
        ...addresses,
      });
      return addresses;
    },
    async close() {
      if (state === 'closed') return;
      state = 'closed';
      await options.source.close();
      poller?.close();
      await statusEndpoint?.close();
      await server.close();
      await modelSync.idle();
    },
  };
}
