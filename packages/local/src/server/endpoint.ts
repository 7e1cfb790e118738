import {
  createServer,
  type IncomingMessage,
  maxHeaderSize,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LocalEndpointError } from '../errors.js';
import { createFaultInjector, type FaultInjector, type FaultOptions } from '../faults/fault-injector.js';
import type { ProtocolAdapter } from '../protocol/adapter.js';
import { createAwsJsonAdapter } from '../protocol/aws-json-adapter.js';
import { createRestJsonAdapter } from '../protocol/rest-json-adapter.js';
import type { WireResponse } from '../protocol/wire-response.js';
import type { RequestContext } from '../service.js';
import { openStateFile } from '../state/open-state.js';
import type { StateWriter } from '../state/state-writer.js';
import { answerClientError, clientErrorAnswer, headOfRawRequest } from './client-error.js';
import { hostedAppMesh, hostedCloudMap } from './hosted-services.js';
import { invoke } from './invoke.js';
import { endpointOptionProblems, type LocalEndpointOptions } from './options.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { accountFor, parseCredentialScope } from './sigv4-scope.js';
import { type EndpointStats, StatsRecorder } from './stats.js';

export type { LocalEndpointOptions } from './options.js';

/** A running local endpoint. */
export interface LocalEndpoint {
  /** `http://127.0.0.1:<port>`: pass it as `endpoint` to the AWS SDK clients. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The seed of the fault generator in use (replay a run by passing it back). */
  readonly faultSeed: number;
  /** Counters per operation, reads vs writes, errors and faults. */
  stats(): EndpointStats;
  resetStats(): void;
  /** Replaces the fault options while running (e.g. fail discovery for a window). */
  setFaults(faults: FaultOptions | undefined): void;
  /** Operation names served, per protocol, computed from the hosted services. */
  operations(): { appMesh: string[]; cloudMap: string[] };
  /** Stops accepting connections, closes open ones and flushes the state file. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
/** The REST paths of App Mesh's restJson1 binding (every URI of the model starts with it). */
const APP_MESH_PATH_PREFIX = '/v20190125';

/** The HTTP half of the endpoint: pick the protocol, read the body, run the call, send the answer. */
function requestHandler(
  adapters: { restJson: ProtocolAdapter; awsJson: ProtocolAdapter },
  settings: { maxBodyBytes: number; region: string; accountId: string; now: () => Date },
  deps: { stats: StatsRecorder; faults(): FaultInjector; writer?: StateWriter },
) {
  const { stats } = deps;
  const persist = deps.writer && (() => deps.writer!.persist());

  function send(response: ServerResponse, wire: WireResponse, close = false): void {
    if (wire.errorType) stats.error(wire.errorType);
    const headers: Record<string, string> = {
      ...wire.headers,
      'content-length': String(Buffer.byteLength(wire.body)),
      'x-amzn-requestid': crypto.randomUUID(),
    };
    if (close) headers.connection = 'close';
    response.writeHead(wire.status, headers);
    response.end(wire.body);
  }

  function contextFor(request: IncomingMessage, query: URLSearchParams): RequestContext {
    const scope = parseCredentialScope(request.headers.authorization, query);
    return {
      region: scope?.region ?? settings.region,
      accountId: accountFor(scope, settings.accountId),
      now: settings.now,
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const adapter = adapters.awsJson.claims({ pathname: url.pathname, headers: request.headers })
      ? adapters.awsJson
      : adapters.restJson;
    let body: Buffer;
    try {
      body = await readBody(request, settings.maxBodyBytes);
    } catch (error) {
      stats.malformed();
      if (!(error instanceof BodyTooLargeError)) {
        request.socket.destroy();
        return;
      }
      send(
        response,
        adapter.error(adapter.hosted.malformedError, 413, `${error.message}; send a smaller request`),
        true,
      );
      return;
    }
    const resolution = adapter.resolve(request, url, body);
    if ('reject' in resolution) {
      stats.malformed();
      send(response, resolution.reject);
      return;
    }
    const wire = await invoke(
      { stats, faults: deps.faults, persist },
      adapter,
      resolution.call,
      request,
      contextFor(request, url.searchParams),
    );
    if (wire) send(response, wire);
  }

  return (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in a handler must not take the endpoint down: answer 500 and keep serving.
      if (!response.headersSent)
        send(
          response,
          adapters.restJson.error(
            'InternalServerErrorException',
            500,
            `internal error: ${(error as Error).message}`,
          ),
        );
      else response.destroy();
    });
  };
}

/**
 * Answers what Node's HTTP parser refuses (oversized headers, garbage) in the caller's protocol.
 * Returns a function that ends the connections still lingering after such an answer (`close()`
 * must not wait for them: Node's `closeAllConnections` only knows parsed HTTP connections).
 */
function handleClientErrors(
  server: Server,
  adapters: { restJson: ProtocolAdapter; awsJson: ProtocolAdapter },
  stats: StatsRecorder,
): () => void {
  const answered = new WeakSet<Socket>();
  const lingering = new Set<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
      socket.destroy();
      return;
    }
    stats.malformed();
    const adapter = adapters.awsJson.claims(headOfRawRequest(error.rawPacket))
      ? adapters.awsJson
      : adapters.restJson;
    const { status, message } = clientErrorAnswer(error, maxHeaderSize);
    const wire = adapter.error(adapter.hosted.malformedError, status, message);
    stats.error(adapter.hosted.malformedError);
    lingering.add(socket);
    socket.once('close', () => lingering.delete(socket));
    answerClientError(socket, wire);
  });
  return () => {
    for (const socket of lingering) socket.destroy();
  };
}

async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new LocalEndpointError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return server.address() as AddressInfo;
}

/**
 * Starts the local App Mesh + Cloud Map endpoint: App Mesh over restJson1 (`/v20190125/...`)
 * and Cloud Map over awsJson1_1 (`POST /` with `X-Amz-Target: Route53AutoNaming_v20170314.*`)
 * on one HTTP port.
 *
 * @example
 * ```ts
 * import { AppMeshClient, CreateMeshCommand } from '@aws-sdk/client-app-mesh';
 * import { startLocalEndpoint } from '@meshplane/local';
 *
 * const endpoint = await startLocalEndpoint({ port: 0 });
 * const appMesh = new AppMeshClient({
 *   endpoint: endpoint.url,
 *   region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
 * });
 * const { mesh } = await appMesh.send(new CreateMeshCommand({ meshName: 'dj-app' }));
 * console.log(mesh?.metadata?.arn); // 'arn:aws:appmesh:us-east-1:000000000000:mesh/dj-app'
 * await endpoint.close();
 * ```
 */
export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const problems = endpointOptionProblems(options);
  if (problems.length > 0)
    throw new LocalEndpointError('INVALID_OPTIONS', `invalid local endpoint options: ${problems.join('; ')}`);
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  let faults: FaultInjector = createFaultInjector(options.faults);
  const stats = new StatsRecorder();
  const appMesh = hostedAppMesh();
  const cloudMap = hostedCloudMap(region, accountId, options.cloudMapService);
  const writer = options.stateFile ? await openStateFile(options.stateFile, [appMesh, cloudMap]) : undefined;
  const adapters = {
    restJson: createRestJsonAdapter(appMesh),
    awsJson: createAwsJsonAdapter(cloudMap, APP_MESH_PATH_PREFIX),
  };
  const settings = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    region,
    accountId,
    now: options.now ?? (() => new Date()),
  };
  const server = createServer(
    requestHandler(adapters, settings, { stats, faults: () => faults, ...(writer ? { writer } : {}) }),
  );
  const endLingering = handleClientErrors(server, adapters, stats);
  // Idle keep-alive sockets stay open for a minute, so SDK clients rarely reuse a socket the server
  // is closing at that moment (close() still ends them all at once).
  server.keepAliveTimeout = 65_000;
  const address = await listen(server, options.port ?? 0, host);
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host,
    get faultSeed() {
      return faults.seed;
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults(next) {
      faults = createFaultInjector(next);
    },
    operations: () => ({ appMesh: adapters.restJson.operations(), cloudMap: adapters.awsJson.operations() }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        endLingering();
      }).then(() => writer?.close());
      return closing;
    },
  };
}
