import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { GRPC_SERVICE } from './mesh.js';

/** Identity (de)serialisation: the example's messages are UTF-8 JSON bytes. */
const bytes = (b: Buffer) => b;

/**
 * The `dj.Artists` service: unary `List`, `Flaky`, `Slow`, each taking and answering UTF-8 JSON.
 *
 * @example
 * ```ts
 * import { ARTISTS_SERVICE } from './artists-server.js';
 * console.log(ARTISTS_SERVICE.List?.path); // '/dj.Artists/List'
 * ```
 */
export const ARTISTS_SERVICE: ServiceDefinition = Object.fromEntries(
  ['List', 'Flaky', 'Slow'].map((method) => [
    method,
    {
      path: `/${GRPC_SERVICE}/${method}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: bytes,
      requestDeserialize: bytes,
      responseSerialize: bytes,
      responseDeserialize: bytes,
    },
  ]),
);

/**
 * A running backend: its port, the attempts seen per `x-request-key` (for `Flaky`), and close.
 *
 * @example
 * ```ts
 * import type { ArtistsServer } from './artists-server.js';
 * const show = (s: ArtistsServer) => `${s.name} :${s.port}`;
 * ```
 */
export interface ArtistsServer {
  name: string;
  port: number;
  attempts: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Starts one version of the artists backend, a real gRPC server on 127.0.0.1 (port 0): `List`
 * answers `{ "version": name }`; `Flaky` answers UNAVAILABLE to the first attempt of each
 * `x-request-key` and OK (with the attempt number) to the next; `Slow` answers after `slowMs`.
 *
 * @example
 * ```ts
 * import { startArtistsServer } from './artists-server.js';
 * const v1 = await startArtistsServer('artists-v1');
 * console.log(v1.port > 0); // true
 * await v1.close();
 * ```
 */
export async function startArtistsServer(name: string, slowMs = 1_000): Promise<ArtistsServer> {
  const attempts = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const answer = (cb: sendUnaryData<Buffer>, body: unknown) => cb(null, Buffer.from(JSON.stringify(body)));
  const server = new Server();
  server.addService(ARTISTS_SERVICE, {
    List: (_call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) =>
      answer(cb, { version: name }),
    Flaky: (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => {
      const key = String(call.metadata.get('x-request-key')[0] ?? '');
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n === 1) return cb({ code: status.UNAVAILABLE, details: `${name} attempt 1 refused` });
      answer(cb, { version: name, attempt: n });
    },
    Slow: (_call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(cb, { version: name, slow: true });
      }, slowMs);
      timers.add(timer);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    name,
    port,
    attempts,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.forceShutdown();
    },
  };
}
