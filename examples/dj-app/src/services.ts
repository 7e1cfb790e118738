import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeshRouter } from '@meshplane/core/router';
import { ARTISTS, type Genre, type Version } from './artists.js';

/**
 * A running loopback HTTP service.
 *
 * @example
 * ```ts
 * import { startArtistService, type RunningService } from './services.js';
 * const jazz: RunningService = await startArtistService('jazz', 'v1');
 * console.log(jazz.name, jazz.port); // jazz-v1 41234
 * await jazz.close();
 * ```
 */
export interface RunningService {
  name: string;
  port: number;
  close(): Promise<void>;
}

async function listen(name: string, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    name,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Starts one version of a genre backend (`jazz-v1`, `metal-v2`, …) on 127.0.0.1, port 0: every
 * GET answers the walkthrough's artist list for that version.
 *
 * @example
 * ```ts
 * import { startArtistService } from './services.js';
 * const jazz = await startArtistService('jazz', 'v1');
 * console.log(await (await fetch(`http://127.0.0.1:${jazz.port}/`)).json()); // ['Astrud Gilberto', 'Miles Davis']
 * await jazz.close();
 * ```
 */
export function startArtistService(genre: Genre, version: Version): Promise<RunningService> {
  const artists = ARTISTS[genre][version];
  return listen(`${genre}-${version}`, (req, res) => {
    req.resume();
    if (req.method !== 'GET') return json(res, 405, { message: `${req.method} is not allowed` });
    json(res, 200, artists);
  });
}

/**
 * What `dj` got from a genre backend: status, body text and the headers it passes on.
 *
 * @example
 * ```ts
 * import type { BackendAnswer } from './services.js';
 * const answer: BackendAnswer = { status: 200, body: '["Megadeth","Judas Priest"]', headers: {} };
 * ```
 */
export interface BackendAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * Starts the `dj` front: `GET /jazz` and `GET /metal` call that genre's virtual service through
 * `call` (the proxyless router, or the node's Envoy egress listener) and answer what the backend
 * answered; a failed call answers 502 with the error.
 *
 * @example
 * ```ts
 * import { startDjFront } from './services.js';
 * const dj = await startDjFront(async () => ({ status: 200, body: '[]', headers: {} }));
 * console.log(await (await fetch(`http://127.0.0.1:${dj.port}/jazz`)).json()); // []
 * await dj.close();
 * ```
 */
export function startDjFront(
  call: (genre: 'jazz' | 'metal') => Promise<BackendAnswer>,
): Promise<RunningService> {
  return listen('dj', (req, res) => {
    req.resume();
    const genre = (req.url ?? '/').split('?')[0]!.slice(1);
    if (genre !== 'jazz' && genre !== 'metal') {
      return json(res, 404, { message: `no such path ${req.url}; try /jazz or /metal` });
    }
    call(genre)
      .then((answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body);
      })
      .catch((error: Error) =>
        json(res, 502, { message: error.message, code: (error as { code?: string }).code }),
      );
  });
}

/**
 * Starts the `dj` front: `GET /jazz` and `GET /metal` call the `jazz` and `metal` virtual services
 * through the proxyless router (`router()` returns the current one, so that a traffic shift can
 * swap it) and answer what the backend answered.
 *
 * @example
 * ```ts
 * import { startDjService } from './services.js';
 * const dj = await startDjService(() => router, 'prod.svc.cluster.local');
 * const artists = await (await fetch(`http://127.0.0.1:${dj.port}/jazz`)).json();
 * ```
 */
export function startDjService(router: () => MeshRouter, namespace: string): Promise<RunningService> {
  return startDjFront(async (genre) => {
    const response = await router().fetch(`http://${genre}.${namespace}:9080/`);
    return {
      status: response.status,
      body: await response.text(),
      headers: {
        'x-mesh-route': response.mesh.routeName ?? '',
        'x-mesh-target': response.mesh.targetNode ?? '',
      },
    };
  });
}
