import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { runGrpcDemo } from '../src/demo.js';

describe('proxyless gRPC through the control plane (@grpc/grpc-js-xds, no proxy)', () => {
  it('splits 90/10, retries UNAVAILABLE, times out by the route, matches metadata, ACKs every resource, and follows a weight shift on the App Mesh API', async () => {
    // Act
    const result = await runGrpcDemo(400);
    // Assess: 10 % of 400 is 40 ± 6 (one standard deviation); 16 to 64 is four either side.
    expect(result.split['artists-v1']! + result.split['artists-v2']!).toBe(400);
    expect(result.split['artists-v2']).toBeGreaterThanOrEqual(16);
    expect(result.split['artists-v2']).toBeLessThanOrEqual(64);
    expect(result.retry).toEqual({
      outcome: { ok: true, body: { version: 'artists-v1', attempt: 2 } },
      attempts: 2,
    });
    expect(result.timeout.outcome).toMatchObject({ ok: false, code: status.DEADLINE_EXCEEDED });
    expect(result.canary).toEqual(Array(5).fill('artists-v2'));
    expect(new Set(result.resources.map((r) => r.typeUrl.split('.').at(-1)))).toEqual(
      new Set(['Listener', 'RouteConfiguration', 'Cluster', 'ClusterLoadAssignment']),
    );
    expect(result.resources.filter((r) => r.status !== 'ACKED')).toEqual([]);
    expect(result.resources.map((r) => r.name)).toContain('artists.grpc.svc.cluster.local:50051');
    expect(result.shift.lastTwenty).toEqual(Array(20).fill('artists-v2'));
    expect(result.nacks).toBe(0);
  }, 60_000);
});
