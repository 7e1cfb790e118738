/**
 * Requests kept flowing while something else happens (a traffic shift reaching the Envoys).
 *
 * @example
 * ```ts
 * import type { TrafficTally } from './background-traffic.js';
 * const tally: TrafficTally = { requests: 120, errors: 0 };
 * ```
 */
export interface TrafficTally {
  requests: number;
  errors: number;
  firstError?: string;
}

/**
 * Starts `workers` loops, each sending one request after the other through `send` (a request
 * that throws or answers a status other than 200 counts as an error), until `stop()`, which
 * waits for the requests in flight and answers the tally.
 *
 * @example
 * ```ts
 * import { startBackgroundTraffic } from './background-traffic.js';
 * const traffic = startBackgroundTraffic(async () => ({ status: 200 }), 4);
 * await new Promise((r) => setTimeout(r, 10));
 * const tally = await traffic.stop();
 * console.log(tally.requests > 0, tally.errors); // true 0
 * ```
 */
export function startBackgroundTraffic(
  send: () => Promise<{ status: number; body?: unknown }>,
  workers: number,
): { stop(): Promise<TrafficTally> } {
  const tally: TrafficTally = { requests: 0, errors: 0 };
  let running = true;
  const fail = (message: string) => {
    tally.errors++;
    tally.firstError ??= message;
  };
  const loop = async () => {
    while (running) {
      tally.requests++;
      try {
        const { status, body } = await send();
        if (status !== 200) fail(`HTTP ${status}: ${JSON.stringify(body).slice(0, 200)}`);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  };
  const loops = Array.from({ length: workers }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return tally;
    },
  };
}
