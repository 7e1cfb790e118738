// Runs the Lambda handler on this machine against the local App Mesh + Cloud Map endpoint:
//   npm run start -w examples/lambda
import { randomUUID } from 'node:crypto';
import { startLocalDjApp } from './local-dj-app.js';

/**
 * Starts the local DJ app, invokes the handler `invocations` times, returns the parsed bodies.
 *
 * @example
 * ```ts
 * import { runLocal } from './run-local.js';
 * const [first] = await runLocal(1);
 * console.log(first); // { jazz: { artists: [...], from: 'jazz-v1' }, metal: { artists: [...], from: 'metal-v1' } }
 * ```
 */
export async function runLocal(invocations = 3): Promise<unknown[]> {
  const app = await startLocalDjApp();
  Object.assign(process.env, app.env);
  // Imported after the environment is set, as Lambda would load it.
  const { handler, closeMesh } = await import('./handler.js');
  const bodies: unknown[] = [];
  try {
    for (let i = 0; i < invocations; i++) {
      const awsRequestId = randomUUID();
      const result = await handler({}, {
        awsRequestId,
        functionName: 'dj',
        getRemainingTimeInMillis: () => 10_000,
      } as never);
      bodies.push(JSON.parse((result as { body: string }).body));
    }
  } finally {
    await closeMesh();
    await app.close();
  }
  return bodies;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const body of await runLocal()) console.log(JSON.stringify(body));
}
