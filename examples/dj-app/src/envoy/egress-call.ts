import { type Agent, request } from 'node:http';
import type { BackendAnswer } from '../services.js';

/**
 * A call from an app to a virtual service through its Envoy, as the app makes it in a task: to
 * the egress listener (the task's iptables send it there; here the app dials the port itself)
 * with the virtual service's name and port as `Host`, which selects Envoy's virtual host.
 *
 * @example
 * ```ts
 * import { Agent } from 'node:http';
 * import { egressCall } from './egress-call.js';
 * const answer = await egressCall(dj.egressPort, 'jazz.prod.svc.cluster.local:9080', new Agent({ keepAlive: true }));
 * console.log(answer.status); // 200
 * ```
 */
export function egressCall(
  egressPort: number,
  host: string,
  agent: Agent,
  path = '/',
): Promise<BackendAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: egressPort, path, agent, headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: {} }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
