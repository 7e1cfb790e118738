import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One DJ app backend on loopback: answers its name; `/slow` answers after `slowMs`; `/flaky`
 * answers 503 to the first attempt of each `x-request-key` and 200 to the next (so a retry is
 * visible), counting attempts per key.
 */
export interface Backend {
  name: string;
  port: number;
  attempts: Map<string, number>;
  close(): Promise<void>;
}

export async function startBackend(name: string, slowMs = 1_000): Promise<Backend> {
  const attempts = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server: Server = createServer((req, res) => {
    if (req.url === '/slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) res.end(`${name} slow`);
      }, slowMs);
      timers.add(timer);
      return;
    }
    if (req.url?.startsWith('/flaky')) {
      const key = String(req.headers['x-request-key']);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      res.statusCode = n === 1 ? 503 : 200;
      res.end(`${name} attempt ${n}`);
      return;
    }
    res.end(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
