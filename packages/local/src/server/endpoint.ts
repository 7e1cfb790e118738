import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appMeshModel, serviceDiscoveryModel } from '@meshplane/core/smithy';
import { createAppMeshService } from '../appmesh/index.js';
import { createCloudMapService } from '../cloudmap/index.js';
import { LocalEndpointError } from '../errors.js';
import {
  classifyOperation,
  createFaultInjector,
  type FaultInjector,
  type FaultOptions,
} from '../faults/fault-injector.js';
import { errorStatus, messageMember } from '../protocol/error-shapes.js';
import { MalformedRequestError, parseJsonObject, toWireJson } from '../protocol/json-body.js';
import {
  compileRestJsonRoutes,
  decodeRestJsonInput,
  encodeRestJsonOutput,
  type RestJsonRoute,
  type WireResponse,
} from '../protocol/rest-json.js';
import { type LocalService, LocalServiceError, type RequestContext } from '../service.js';
import { readStateFile, StateFileWriter } from '../state/state-file.js';
import type { HostedService } from './hosted-service.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { accountFor, parseCredentialScope } from './sigv4-scope.js';
import { type EndpointStats, StatsRecorder } from './stats.js';

/** Options of {@link startLocalEndpoint}. */
export interface LocalEndpointOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` unless another host is asked for explicitly. */
  host?: string;
  /** Region used when a request carries no SigV4 credential scope (default `us-east-1`). */
  region?: string;
  /** 12-digit account of every caller whose access key id is not itself 12 digits (default `000000000000`). */
  accountId?: string;
  /** JSON file the state is loaded from at start and written to (atomically) after each change. */
  stateFile?: string;
  /** Fault injection; see {@link FaultOptions}. */
  faults?: FaultOptions;
  /** Largest accepted request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** The server clock (default `() => new Date()`), injectable for tests. */
  now?: () => Date;
  /** Replaces the Cloud Map service (e.g. a custom one in tests). */
  cloudMapService?: LocalService<unknown>;
}

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

// A bad option value as the caller wrote it: strings quoted, and bigints, symbols or cycles
// shown instead of making JSON.stringify throw.
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

function checkOptions(options: LocalEndpointOptions): string[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return [`options: ${shown(options)} must be an object`];
  const problems: string[] = [];
  const { port, host, accountId, region, stateFile, maxBodyBytes } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    problems.push(`port: ${shown(port)} must be an integer from 0 to 65535`);
  if (host !== undefined && (typeof host !== 'string' || host === ''))
    problems.push(`host: ${shown(host)} must be a non-empty host name or address`);
  if (accountId !== undefined && !(typeof accountId === 'string' && /^\d{12}$/.test(accountId)))
    problems.push(`accountId: ${shown(accountId)} must be a string of exactly 12 digits`);
  if (region !== undefined && !(typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)))
    problems.push(`region: ${shown(region)} is not a region name like us-east-1`);
  if (stateFile !== undefined && (typeof stateFile !== 'string' || stateFile === ''))
    problems.push(`stateFile: ${shown(stateFile)} must be a non-empty file path`);
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0))
    problems.push(`maxBodyBytes: ${shown(maxBodyBytes)} must be a positive integer`);
  return problems;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const problems = checkOptions(options);
  if (problems.length > 0)
    throw new LocalEndpointError('INVALID_OPTIONS', `invalid local endpoint options: ${problems.join('; ')}`);
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const now = options.now ?? (() => new Date());
  let faults: FaultInjector = createFaultInjector(options.faults);
  const stats = new StatsRecorder();

  const appMesh: HostedService = {
    key: 'appmesh',
    model: appMeshModel,
    service: createAppMeshService() as LocalService<unknown>,
    malformedError: 'BadRequestException',
    throttlingError: 'TooManyRequestsException',
    serverError: {
      type: 'ServiceUnavailableException',
      status: errorStatus(appMeshModel, 'ServiceUnavailableException'),
    },
    internalError: 'InternalServerErrorException',
  };
  const cloudMapService =
    options.cloudMapService ?? (createCloudMapService({ region, accountId }) as LocalService<unknown>);
  const cloudMap: HostedService | undefined = cloudMapService && {
    key: 'cloudmap',
    model: serviceDiscoveryModel,
    service: cloudMapService,
    malformedError: 'InvalidInput',
    throttlingError: 'RequestLimitExceeded',
    // Cloud Map's model has no 5xx error shape; AWS JSON services answer InternalFailure.
    serverError: { type: 'InternalFailure', status: 500 },
    internalError: 'InternalFailure',
  };
  const hosted = [appMesh, ...(cloudMap ? [cloudMap] : [])];

  let writer: StateFileWriter | undefined;
  if (options.stateFile) {
    const document = await readStateFile(options.stateFile);
    for (const entry of hosted) {
      const snapshot = document?.services[entry.key];
      if (snapshot === undefined) continue;
      try {
        entry.service.restore(snapshot);
      } catch (error) {
        throw new LocalEndpointError(
          'STATE_FILE_CORRUPT',
          `the state file ${options.stateFile} has an unusable "${entry.key}" section: ${(error as Error).message}; fix or move it away, it is never overwritten`,
          { cause: error },
        );
      }
    }
    writer = new StateFileWriter(options.stateFile, () =>
      Object.fromEntries(hosted.map((entry) => [entry.key, entry.service.snapshot()])),
    );
    // Write once now, so a state file that cannot be written (a missing folder, no permission)
    // stops the start with STATE_FILE_WRITE_FAILED instead of failing every later write call.
    await writer.persist();
  }

  const restRoutes = compileRestJsonRoutes(appMeshModel);
  const cloudMapTargetPrefix = `${serviceDiscoveryModel.service.name}.`;

  function send(response: ServerResponse, wire: WireResponse, close = false): void {
    const headers: Record<string, string> = {
      ...wire.headers,
      'content-length': String(Buffer.byteLength(wire.body)),
      'x-amzn-requestid': crypto.randomUUID(),
    };
    if (close) headers.connection = 'close';
    response.writeHead(wire.status, headers);
    response.end(wire.body);
  }

  function restJsonError(
    type: string,
    status: number,
    message: string,
    fields: Record<string, unknown> = {},
  ): WireResponse {
    stats.error(type);
    return {
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
      body: toWireJson({ ...fields, [messageMember(appMeshModel, type)]: message }),
    };
  }

  function awsJsonError(
    type: string,
    status: number,
    message: string,
    fields: Record<string, unknown> = {},
  ): WireResponse {
    stats.error(type);
    return {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
      body: toWireJson({ __type: type, ...fields, [messageMember(serviceDiscoveryModel, type)]: message }),
    };
  }

  function contextFor(request: IncomingMessage, query: URLSearchParams): RequestContext {
    const scope = parseCredentialScope(request.headers.authorization, query);
    return { region: scope?.region ?? region, accountId: accountFor(scope, accountId), now };
  }

  /**
   * Runs one call through faults, the service and persistence. Returns undefined when the
   * connection was dropped on purpose.
   */
  async function invoke(
    entry: HostedService,
    operation: string,
    request: IncomingMessage,
    decode: () => Record<string, unknown>,
    encode: (output: unknown) => WireResponse,
    fail: (type: string, status: number, message: string, fields?: Record<string, unknown>) => WireResponse,
    ctx: RequestContext,
  ): Promise<WireResponse | undefined> {
    stats.call(operation);
    const decision = faults.decide(operation);
    if (decision.delayMs > 0) {
      stats.fault('delayed');
      await sleep(decision.delayMs);
    }
    if (decision.drop) {
      stats.fault('dropped');
      request.socket.destroy();
      return undefined;
    }
    if (decision.throttle) {
      stats.fault('throttled');
      return fail(entry.throttlingError, errorStatus(entry.model, entry.throttlingError), 'Rate exceeded');
    }
    if (decision.serverError) {
      stats.fault('serverErrors');
      return fail(entry.serverError.type, entry.serverError.status, `injected server error for ${operation}`);
    }
    let input: Record<string, unknown>;
    try {
      input = decode();
    } catch (error) {
      if (error instanceof MalformedRequestError)
        return fail(entry.malformedError, errorStatus(entry.model, entry.malformedError), error.message);
      throw error;
    }
    try {
      const output = await entry.service.handle(operation, input, ctx);
      if (writer && classifyOperation(operation) === 'write') await writer.persist();
      return encode(output);
    } catch (error) {
      if (error instanceof LocalServiceError)
        return fail(error.type, error.status, error.message, error.fields);
      // A failure of the endpoint itself still answers in the service's format; the server keeps serving.
      return fail(entry.internalError, 500, `internal error in ${operation}: ${(error as Error).message}`);
    }
  }

  async function handleAppMesh(
    request: IncomingMessage,
    url: URL,
    body: Buffer,
  ): Promise<WireResponse | undefined> {
    let match: ReturnType<typeof restRoutes.match>;
    try {
      match = restRoutes.match(request.method ?? 'GET', url.pathname, url.searchParams);
    } catch (error) {
      stats.malformed();
      return restJsonError('BadRequestException', 400, (error as Error).message);
    }
    if (match.kind === 'unknown-path') {
      stats.malformed();
      return restJsonError(
        'UnknownOperationException',
        404,
        `no App Mesh operation at ${request.method} ${url.pathname}`,
      );
    }
    if (match.kind === 'wrong-method') {
      stats.malformed();
      const wire = restJsonError(
        'MethodNotAllowedException',
        405,
        `${request.method} is not allowed on ${url.pathname}; allowed: ${match.allowed.join(', ')}`,
      );
      wire.headers.allow = match.allowed.join(', ');
      return wire;
    }
    const route: RestJsonRoute = match.route;
    return invoke(
      appMesh,
      route.operation,
      request,
      () =>
        decodeRestJsonInput(appMeshModel, route, {
          labels: match.labels,
          query: url.searchParams,
          headers: request.headers,
          body,
        }),
      (output) => encodeRestJsonOutput(appMeshModel, route, output),
      restJsonError,
      contextFor(request, url.searchParams),
    );
  }

  async function handleCloudMap(
    request: IncomingMessage,
    url: URL,
    body: Buffer,
  ): Promise<WireResponse | undefined> {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || url.pathname !== '/') {
      stats.malformed();
      return awsJsonError(
        'UnknownOperationException',
        404,
        `awsJson1_1 calls are POST /, got ${request.method} ${url.pathname}`,
      );
    }
    if (typeof target !== 'string' || !target.startsWith(cloudMapTargetPrefix)) {
      stats.malformed();
      return awsJsonError(
        'UnknownOperationException',
        400,
        `X-Amz-Target must be ${cloudMapTargetPrefix}<Operation>, got ${JSON.stringify(target ?? null)}`,
      );
    }
    const operation = target.slice(cloudMapTargetPrefix.length);
    if (
      !cloudMap ||
      !(operation in serviceDiscoveryModel.operations) ||
      !cloudMap.service.operations.includes(operation)
    ) {
      stats.malformed();
      return awsJsonError(
        'UnknownOperationException',
        400,
        `unknown Cloud Map operation ${JSON.stringify(operation)}`,
      );
    }
    return invoke(
      cloudMap,
      operation,
      request,
      () => parseJsonObject(body),
      (output) => ({
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: toWireJson(output ?? {}),
      }),
      awsJsonError,
      contextFor(request, url.searchParams),
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const isAwsJson =
      request.headers['x-amz-target'] !== undefined ||
      (!url.pathname.startsWith('/v20190125') &&
        String(request.headers['content-type']).includes('x-amz-json'));
    let body: Buffer;
    try {
      body = await readBody(request, maxBodyBytes);
    } catch (error) {
      stats.malformed();
      if (error instanceof BodyTooLargeError) {
        const message = `${error.message}; send a smaller request`;
        send(
          response,
          isAwsJson
            ? awsJsonError('InvalidInput', 413, message)
            : restJsonError('BadRequestException', 413, message),
          true,
        );
        return;
      }
      request.socket.destroy();
      return;
    }
    const wire = isAwsJson
      ? await handleCloudMap(request, url, body)
      : await handleAppMesh(request, url, body);
    if (wire) send(response, wire);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in a handler must not take the endpoint down: answer 500 and keep serving.
      if (!response.headersSent) {
        send(
          response,
          restJsonError('InternalServerErrorException', 500, `internal error: ${(error as Error).message}`),
        );
      } else {
        response.destroy();
      }
    });
  });
  // Idle keep-alive sockets stay open for a minute, so SDK clients rarely reuse a socket the server
  // is closing at that moment (close() still ends them all at once).
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new LocalEndpointError(
          'LISTEN_FAILED',
          `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
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
    operations: () => ({
      appMesh: restRoutes.routes
        .map((r) => r.operation)
        .filter((op) => appMesh.service.operations.includes(op))
        .sort(),
      cloudMap: cloudMap
        ? Object.keys(serviceDiscoveryModel.operations)
            .filter((op) => cloudMap.service.operations.includes(op))
            .sort()
        : [],
    }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => writer?.flush());
      return closing;
    },
  };
}
