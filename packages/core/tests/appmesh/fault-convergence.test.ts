import { afterEach, describe, expect, it } from 'vitest';
import { apply, plan, readMesh } from '../../src/appmesh/index.js';
import type { MeshModel } from '../../src/index.js';
import { startEndpoint } from './local-endpoint.js';
import { generatedModel } from './models.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Runs read → plan → apply until a run succeeds; returns how many runs it took (at most `max`). */
async function runsToConverge(
  client: Parameters<typeof readMesh>[0],
  desired: MeshModel,
  max: number,
): Promise<{ runs: number; errors: string[] }> {
  const errors: string[] = [];
  for (let run = 1; run <= max; run++) {
    try {
      await apply(plan(desired, await readMesh(client, 'faulty')), { client });
      return { runs: run, errors };
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { runs: Number.POSITIVE_INFINITY, errors };
}

// Issue 13 item 4: with the SDK's default retry quota (500 tokens, 14 per transient retry,
// refilled only by successes) a 200-resource mesh at 30 % failures emptied the quota, and from
// then on every call failed at its first error: each re-run died in its initial read.
describe('apply under a 30 % failure rate on a 201-resource mesh', () => {
  it('converges within 2 runs, and reads back exactly the desired model', async () => {
    // Prepare
    const env = await startEndpoint({ faults: { seed: 30, errorRate: 0.3 } });
    cleanup = env.close;
    const client = env.client();
    const desired = generatedModel(50, 'faulty');
    // Act
    const { runs, errors } = await runsToConverge(client, desired, 2);
    const stats = env.endpoint.stats();
    env.endpoint.setFaults(undefined);
    const after = await readMesh(env.client(), 'faulty');
    // Assess
    expect(desired.resources).toHaveLength(201);
    expect(stats.faults.serverErrors / stats.calls).toBeGreaterThan(0.25);
    expect(runs, errors.join('\n')).toBeLessThanOrEqual(2);
    expect(plan(desired, after).changes).toEqual([]);
  }, 120_000);

  it('reads a converged mesh in one go at 30 % failures (the read itself makes progress)', async () => {
    // Prepare
    const env = await startEndpoint();
    cleanup = env.close;
    const desired = generatedModel(50, 'faulty');
    await apply(plan(desired, await readMesh(env.client(), 'faulty')), { client: env.client() });
    env.endpoint.setFaults({ seed: 31, errorRate: 0.3 });
    // Act
    const reads: MeshModel[] = [];
    const client = env.client();
    for (let i = 0; i < 2; i++) reads.push(await readMesh(client, 'faulty'));
    // Assess: two whole reads on one client, so the retry budget does not run dry over time.
    for (const actual of reads) expect(plan(desired, actual).changes).toEqual([]);
    expect(env.endpoint.stats().faults.serverErrors).toBeGreaterThan(200);
  }, 120_000);
});
