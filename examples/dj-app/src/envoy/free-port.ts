import { createServer } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now (bound to port 0, then released): for listeners that
 * another process (Envoy) opens, which cannot report a port chosen on their own.
 *
 * @example
 * ```ts
 * import { freePort } from './free-port.js';
 * console.log((await freePort()) > 0); // true
 * ```
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
