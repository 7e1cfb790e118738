import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerStatus } from './status.js';

/** A running status endpoint. */
export interface StatusEndpoint {
  /** `http://host:port` */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the ADS server's status as JSON: `GET /status` (counters, and per node and type the
 * last sent and ACKed versions and the last NACK with Envoy's error) and `GET /status/<node id>`
 * (one node; 404 naming the known ids otherwise). Anything else is 404; methods other than GET
 * are 405.
 *
 * @example
 * ```ts
 * import { createAdsServer, createSnapshotCache, startStatusEndpoint } from '@meshplane/xds/internals';
 * const server = createAdsServer({ cache: createSnapshotCache() });
 * const endpoint = await startStatusEndpoint(() => server.status(), { host: '127.0.0.1', port: 0 });
 * const body = (await (await fetch(`${endpoint.url}/status`)).json()) as { counters: { nacks: number } };
 * console.log(body.counters.nacks); // 0
 * await endpoint.close();
 * await server.close();
 * ```
 */
export async function startStatusEndpoint(
  status: () => ServerStatus,
  options: { host?: string; port?: number } = {},
): Promise<StatusEndpoint> {
  const server: Server = createServer((req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(body, null, 2)}\n`);
    };
    if (req.method !== 'GET') return send(405, { error: `method ${req.method} not allowed; use GET` });
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://status').pathname);
    if (path === '/status') return send(200, status());
    if (path.startsWith('/status/')) {
      const id = path.slice('/status/'.length);
      const all = status();
      const node = all.nodes.find((n) => n.nodeId === id);
      if (node) return send(200, node);
      return send(404, { error: `no status for node "${id}"`, known: all.nodes.map((n) => n.nodeId) });
    }
    return send(404, { error: `no route ${path}; try /status or /status/<node id>` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
