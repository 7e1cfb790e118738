import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Client, credentials, Metadata, makeGenericClientConstructor } from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { ARTISTS_SERVICE } from './artists-server.js';

const fromHere = createRequire(import.meta.url);
/** The root folder of the installed @grpc/grpc-js-xds (its `deps/` hold the Envoy and xDS protos). */
export const GRPC_XDS_ROOT = join(dirname(fromHere.resolve('@grpc/grpc-js-xds')), '../..');

let registered = false;

/**
 * Registers the `xds:` resolver and load balancers of `@grpc/grpc-js-xds` (and its CSDS admin
 * service), once per process. Under an ES module loader grpc-js-xds's `require('xxhash-wasm')`
 * can get the module namespace instead of the function it calls; the loaded API is handed to it
 * first (its ring-hash balancer needs it).
 *
 * @example
 * ```ts
 * import { registerXds } from './xds-client.js';
 * await registerXds();
 * ```
 */
export async function registerXds(): Promise<void> {
  if (registered) return;
  const fromXds = createRequire(fromHere.resolve('@grpc/grpc-js-xds'));
  const xxhashModule = fromXds('./xxhash.js') as { xxhashApi: unknown };
  const loaded = fromXds('xxhash-wasm') as (() => Promise<unknown>) | { default: () => Promise<unknown> };
  xxhashModule.xxhashApi ??= await (typeof loaded === 'function' ? loaded() : loaded.default());
  register();
  registered = true;
}

/**
 * Writes the gRPC xDS bootstrap (gRFC A27) of a client that calls as virtual node `node` of
 * `mesh` through meshplane's control plane at `serverUri` (`unix:///…` or `host:port`, plain), and
 * points `GRPC_XDS_BOOTSTRAP` at it. The node id is `grpc:mesh/<mesh>/virtualNode/<node>`, which a
 * control plane with `grpcClients: true` serves. gRPC reads the bootstrap once per process.
 *
 * @example
 * ```ts
 * import { writeXdsBootstrap } from './xds-client.js';
 * await writeXdsBootstrap('/tmp/bootstrap.json', 'unix:///tmp/xds.sock', 'grpc-app', 'client');
 * console.log(process.env.GRPC_XDS_BOOTSTRAP); // '/tmp/bootstrap.json'
 * ```
 */
export async function writeXdsBootstrap(
  file: string,
  serverUri: string,
  mesh: string,
  node: string,
): Promise<Record<string, unknown>> {
  const id = `grpc:mesh/${mesh}/virtualNode/${node}`;
  const bootstrap = {
    xds_servers: [
      { server_uri: serverUri, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] },
    ],
    node: { id, cluster: id, locality: {} },
  };
  await writeFile(file, JSON.stringify(bootstrap));
  process.env.GRPC_XDS_BOOTSTRAP = file;
  return bootstrap;
}

/** The outcome of one unary call: the answer, or the gRPC status code and details. */
export type CallOutcome =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; code: number; details: string };

/**
 * A `dj.Artists` client on `xds:///<service>:<port>`: no proxy, the route, the cluster and the
 * endpoint come from the control plane over xDS.
 *
 * @example
 * ```ts
 * import { artistsClient, callArtists } from './xds-client.js';
 * const client = artistsClient('xds:///artists.grpc.svc.cluster.local:50051');
 * console.log(await callArtists(client, 'List')); // { ok: true, body: { version: 'artists-v1' } }
 * client.close();
 * ```
 */
export function artistsClient(target: string): Client {
  const Ctor = makeGenericClientConstructor(ARTISTS_SERVICE, 'Artists');
  return new Ctor(target, credentials.createInsecure());
}

/**
 * One unary call of `method` with `metadata` and a 5 s deadline.
 *
 * @example
 * ```ts
 * import { callArtists } from './xds-client.js';
 * const outcome = await callArtists(client, 'Flaky', { 'x-request-key': 'k1' });
 * ```
 */
export function callArtists(
  client: Client,
  method: string,
  metadata: Record<string, string> = {},
): Promise<CallOutcome> {
  const md = new Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  const path = ARTISTS_SERVICE[method]?.path;
  if (!path) return Promise.reject(new TypeError(`dj.Artists has no method ${method}`));
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from('{}'),
      md,
      { deadline: Date.now() + 5_000 },
      (error, response) =>
        resolve(
          error
            ? { ok: false, code: error.code ?? -1, details: error.details ?? error.message }
            : { ok: true, body: JSON.parse(String(response)) as Record<string, unknown> },
        ),
    ),
  );
}
