import { CreateMeshCommand, DescribeMeshCommand, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { ListNamespacesCommand } from '@aws-sdk/client-servicediscovery';
import { describe, expect, it } from 'vitest';
import {
  createFaultInjector,
  createSeededRandom,
  LocalEndpointError,
  startLocalEndpoint,
} from '../src/internals.js';
import { failure, startFixture } from './helpers/endpoint-fixture.js';

async function outcomes(seed: number, calls: number): Promise<string[]> {
  const f = await startFixture({ faults: { seed, errorRate: 0.5 } });
  const seen: string[] = [];
  for (let i = 0; i < calls; i++) {
    try {
      await f.appMesh.send(new ListMeshesCommand({}));
      seen.push('ok');
    } catch (error) {
      seen.push((error as Error).name);
    }
  }
  await f.close();
  return seen;
}

describe('fault injection', () => {
  it('replays the same faults for the same seed', async () => {
    // Act
    const first = await outcomes(42, 24);
    const again = await outcomes(42, 24);
    const other = await outcomes(7, 24);
    // Assess
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first).toContain('ServiceUnavailableException');
    expect(first).toContain('ok');
  });

  it('injects ServiceUnavailableException 503 for App Mesh and InternalFailure 500 for Cloud Map', async () => {
    // Prepare
    const f = await startFixture({ faults: { seed: 1, errorRate: 1 } });
    // Act
    const appMesh = await failure(f.appMesh.send(new ListMeshesCommand({})));
    const cloudMap = await failure(f.cloudMap.send(new ListNamespacesCommand({})));
    const stats = f.endpoint.stats();
    await f.close();
    // Assess
    expect(appMesh).toMatchObject({ name: 'ServiceUnavailableException', status: 503 });
    expect(cloudMap).toMatchObject({ name: 'InternalFailure', status: 500 });
    expect(stats.faults.serverErrors).toBe(2);
  });

  it('throttles writes with the token bucket: TooManyRequestsException 429 / RequestLimitExceeded', async () => {
    // Prepare: a bucket that holds 2 tokens and practically never refills, so no timing is involved.
    const f = await startFixture({
      faults: { throttle: { writes: { rate: 0.0001, burst: 2 }, reads: { rate: 0.0001, burst: 1 } } },
    });
    // Act
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'a' }));
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'b' }));
    const third = await failure(f.appMesh.send(new CreateMeshCommand({ meshName: 'c' })));
    await f.appMesh.send(new DescribeMeshCommand({ meshName: 'a' }));
    const secondRead = await failure(f.cloudMap.send(new ListNamespacesCommand({})));
    const stats = f.endpoint.stats();
    await f.close();
    // Assess
    expect(third).toMatchObject({ name: 'TooManyRequestsException', status: 429 });
    expect(secondRead).toMatchObject({ name: 'RequestLimitExceeded', status: 429 });
    expect(stats.faults.throttled).toBe(2);
    expect(stats.writes).toBe(3);
    expect(stats.reads).toBe(2);
  });

  it('drops connections without an answer and keeps serving', async () => {
    // Prepare
    const f = await startFixture({ faults: { seed: 3, dropRate: 1 } });
    // Act
    const dropped = await failure(f.appMesh.send(new ListMeshesCommand({})));
    f.endpoint.setFaults(undefined);
    const after = await f.appMesh.send(new ListMeshesCommand({}));
    const stats = f.endpoint.stats();
    await f.close();
    // Assess
    expect(dropped.status).toBeUndefined();
    expect(after.meshes).toEqual([]);
    expect(stats.faults.dropped).toBe(1);
  });

  it('adds latency, restricted to chosen operations', async () => {
    // Prepare
    const f = await startFixture({ faults: { latencyMs: 2, jitterMs: 3, operations: ['ListMeshes'] } });
    // Act
    await f.appMesh.send(new ListMeshesCommand({}));
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'fast' }));
    const stats = f.endpoint.stats();
    await f.close();
    // Assess
    expect(stats.faults.delayed).toBe(1);
  });

  it('defaults to the App Mesh controller client rates: writes burst 5 at 8/s, reads burst 40 at 40/s', () => {
    // Prepare
    let now = 0;
    const faults = createFaultInjector({ throttle: true }, () => now);
    // Act
    const writes = Array.from({ length: 6 }, () => faults.decide('CreateRoute').throttle);
    const reads = Array.from({ length: 41 }, () => faults.decide('ListRoutes').throttle);
    now += 1000;
    const writesAfterASecond = Array.from({ length: 6 }, () => faults.decide('UpdateRoute').throttle);
    // Assess
    expect(writes).toEqual([false, false, false, false, false, true]);
    expect(reads.filter(Boolean)).toHaveLength(1);
    expect(reads.at(-1)).toBe(true);
    expect(writesAfterASecond).toEqual([false, false, false, false, false, true]);
  });

  it('draws jitter deterministically from the seed', () => {
    // Act
    const a = createFaultInjector({ seed: 9, jitterMs: 1000 });
    const b = createFaultInjector({ seed: 9, jitterMs: 1000 });
    const other = createFaultInjector({ seed: 10, jitterMs: 1000 });
    const shifted = createFaultInjector({ seed: 9, latencyMs: 5, jitterMs: 1000 });
    const delays = (i: ReturnType<typeof createFaultInjector>) =>
      [1, 2, 3, 4].map(() => i.decide('ListMeshes').delayMs);
    // The documented draw order: jitter, drop, error per call, from the seeded generator.
    const random = createSeededRandom(9);
    const expected = [1, 2, 3, 4].map(() => {
      const jitter = random();
      random();
      random();
      return Math.floor(jitter * 1000);
    });
    const fromA = delays(a);
    // Assess
    expect(fromA).toEqual(expected);
    expect(delays(b)).toEqual(fromA);
    expect(delays(other)).not.toEqual(fromA);
    expect(delays(shifted)).toEqual(fromA.map((d) => d + 5));
    expect(new Set(fromA).size).toBeGreaterThan(1);
    for (const delay of fromA) expect(delay >= 0 && delay < 1000).toBe(true);
  });

  it('rejects bad fault options, all problems at once', async () => {
    // Act
    const error = await startLocalEndpoint({ faults: { errorRate: 1.5, dropRate: -1, latencyMs: -5 } }).catch(
      (e) => e,
    );
    // Assess
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toContain('faults.errorRate: 1.5 is not between 0 and 1');
    expect(error.message).toContain('faults.dropRate: -1');
    expect(error.message).toContain('faults.latencyMs: -5');
  });

  it('names bad endpoint options from JavaScript callers instead of throwing a TypeError', async () => {
    // Act
    const wrongTypes = await startLocalEndpoint({
      port: '80',
      accountId: 10n,
      region: 5,
      stateFile: 7,
      host: '',
    } as never).catch((e) => e);
    const nullOptions = await startLocalEndpoint(null as never).catch((e) => e);
    const nullFaults = await startLocalEndpoint({ faults: null } as never).catch((e) => e);
    // Assess
    expect([wrongTypes, nullOptions, nullFaults].map((e) => [e.name, e.code])).toEqual([
      ['LocalEndpointError', 'INVALID_OPTIONS'],
      ['LocalEndpointError', 'INVALID_OPTIONS'],
      ['LocalEndpointError', 'INVALID_OPTIONS'],
    ]);
    expect(wrongTypes.message).toBe(
      'invalid local endpoint options: port: "80" must be an integer from 0 to 65535; ' +
        'host: "" must be a non-empty host name or address; ' +
        'accountId: 10n must be a string of exactly 12 digits; ' +
        'region: 5 is not a region name like us-east-1; ' +
        'stateFile: 7 must be a non-empty file path',
    );
    expect(nullOptions.message).toBe('invalid local endpoint options: options: null must be an object');
    expect(nullFaults.message).toBe('invalid fault options: faults: null must be an object of fault options');
  });
});
