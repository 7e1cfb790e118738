import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CloudMapDiscoveryError,
  CloudMapError,
  createDiscovery,
  type Discovery,
  filterByHealth,
} from '../../src/cloudmap/index.js';
import { FakeCloudMap, manualClock, throttled } from './fake-cloud-map.js';

const NS = 'prod.svc.cluster.local';
const jazz = { namespaceName: NS, serviceName: 'jazz' };
const inst = (
  id: string,
  health: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN',
  attrs: Record<string, string> = {},
) => ({
  InstanceId: id,
  HealthStatus: health,
  Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9080', ...attrs },
});
const ids = (list: readonly { InstanceId: string }[] | undefined) => list?.map((i) => i.InstanceId).sort();

let open: Discovery[] = [];
function discoveryOver(fake: FakeCloudMap, options: Parameters<typeof createDiscovery>[1] = {}): Discovery {
  const d = createDiscovery({ client: fake.client }, { fullRefreshMs: 0, ...options });
  open.push(d);
  return d;
}

afterEach(() => {
  for (const d of open) d.close();
  open = [];
  vi.useRealTimers();
});

describe('createDiscovery cache', () => {
  it('makes exactly one DiscoverInstances call for 100 concurrent cold lookups', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY'), inst('b', 'HEALTHY')]);
    const discovery = discoveryOver(fake);
    fake.hold();
    // Act
    const lookups = Array.from({ length: 100 }, () => discovery.discover(jazz));
    fake.release();
    const results = await Promise.all(lookups);
    // Assess
    expect(fake.calls.DiscoverInstancesCommand).toBe(1);
    expect(results.every((r) => r === results[0])).toBe(true);
    expect(ids(results[0])).toEqual(['a', 'b']);
  });

  it('serves from cache within the TTL and revalidates through the revision after it', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, { ttlMs: 1_000, now: clock.now });
    await discovery.discover(jazz);
    // Act
    clock.advance(999);
    await discovery.discover(jazz);
    const callsWithinTtl = { ...fake.calls };
    clock.advance(1);
    const stale = await discovery.discover(jazz);
    await vi.waitFor(() => expect(fake.calls.DiscoverInstancesRevisionCommand).toBe(1));
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY'), inst('c', 'HEALTHY')]);
    clock.advance(1_000);
    await discovery.discover(jazz);
    await vi.waitFor(() => expect(ids(discovery.peek(jazz))).toEqual(['a', 'c']));
    const fresh = await discovery.discover(jazz);
    // Assess
    expect(callsWithinTtl).toMatchObject({
      DiscoverInstancesCommand: 1,
      DiscoverInstancesRevisionCommand: 0,
    });
    expect(ids(stale)).toEqual(['a']);
    expect(fake.calls.DiscoverInstancesRevisionCommand).toBe(2);
    expect(ids(fresh)).toEqual(['a', 'c']);
    expect(fake.calls.DiscoverInstancesCommand).toBe(2);
    expect(discovery.stats()).toMatchObject({ hits: 2, staleHits: 2, misses: 1 });
  });

  it('refetches on every expiry when revisionCheck is off', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, { ttlMs: 100, now: clock.now, revisionCheck: false });
    await discovery.discover(jazz);
    // Act
    clock.advance(100);
    await discovery.discover(jazz);
    await vi.waitFor(() => expect(fake.calls.DiscoverInstancesCommand).toBe(2));
    // Assess
    expect(fake.calls.DiscoverInstancesRevisionCommand).toBe(0);
  });

  it('serves stale instances while Cloud Map fails, up to maxStaleMs, then fails clearly', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, {
      ttlMs: 100,
      maxStaleMs: 10_000,
      errorBackoffMs: 0,
      now: clock.now,
    });
    await discovery.discover(jazz);
    fake.failWith = throttled();
    // Act
    clock.advance(5_000);
    const during = await discovery.discover(jazz);
    await vi.waitFor(() => expect(discovery.stats().errors).toBe(1));
    clock.advance(5_000);
    const atBound = await discovery.discover(jazz);
    clock.advance(1);
    const past = await discovery.discover(jazz).catch((e: unknown) => e);
    const peekPast = discovery.peek(jazz);
    // Assess
    expect(ids(during)).toEqual(['a']);
    expect(ids(atBound)).toEqual(['a']);
    expect(past).toBeInstanceOf(CloudMapDiscoveryError);
    expect(past).toMatchObject({ code: 'DISCOVERY_STALE', service: `${NS}/jazz` });
    expect((past as Error).message).toMatch(/older than maxStaleMs 10000.*RequestLimitExceeded/);
    expect((past as Error).cause).toBe(fake.failWith);
    expect(peekPast).toBeUndefined();
  });

  it('recovers through peek alone once Cloud Map answers again after the bound', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, {
      ttlMs: 100,
      maxStaleMs: 1_000,
      errorBackoffMs: 0,
      now: clock.now,
    });
    await discovery.discover(jazz);
    // Act
    clock.advance(5_000);
    const past = discovery.peek(jazz);
    await vi.waitFor(() => expect(ids(discovery.peek(jazz))).toEqual(['a']));
    // Assess
    expect(past).toBeUndefined();
    expect(fake.calls.DiscoverInstancesRevisionCommand).toBe(1);
  });

  it('recovers after an outage and waits errorBackoffMs between failed background refreshes', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, { ttlMs: 100, errorBackoffMs: 1_000, now: clock.now });
    await discovery.discover(jazz);
    fake.failWith = throttled();
    clock.advance(100);
    await discovery.discover(jazz);
    await vi.waitFor(() => expect(discovery.stats().errors).toBe(1));
    // Act
    for (let i = 0; i < 10; i++) await discovery.discover(jazz);
    const callsDuringBackoff = fake.calls.DiscoverInstancesRevisionCommand;
    fake.failWith = undefined;
    fake.set(NS, 'jazz', [inst('b', 'HEALTHY')]);
    clock.advance(1_000);
    await discovery.discover(jazz);
    await vi.waitFor(() => expect(fake.calls.DiscoverInstancesCommand).toBe(2));
    const after = await discovery.discover(jazz);
    // Assess
    expect(callsDuringBackoff).toBe(1);
    expect(ids(after)).toEqual(['b']);
  });

  it('names a missing service, and a failing Cloud Map with nothing cached', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    const discovery = discoveryOver(fake);
    // Act
    const missing = await discovery
      .discover({ namespaceName: NS, serviceName: 'nope' })
      .catch((e: unknown) => e);
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    fake.failWith = throttled();
    const down = await discovery.discover(jazz).catch((e: unknown) => e);
    // Assess
    expect(missing).toMatchObject({ code: 'SERVICE_NOT_FOUND', service: `${NS}/nope` });
    expect(down).toMatchObject({ code: 'DISCOVERY_UNAVAILABLE' });
    expect((down as Error).message).toMatch(/prod.svc.cluster.local\/jazz.*RequestLimitExceeded/);
  });

  it('filters by health like Cloud Map: HEALTHY, UNHEALTHY, ALL, HEALTHY_OR_ELSE_ALL, UNKNOWN ignored', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY'), inst('b', 'UNHEALTHY')]);
    fake.set(NS, 'down', [inst('x', 'UNHEALTHY'), inst('y', 'UNHEALTHY')]);
    fake.set(NS, 'nocheck', [inst('n1', 'UNKNOWN'), inst('n2', 'UNKNOWN')]);
    const discovery = discoveryOver(fake);
    const down = { namespaceName: NS, serviceName: 'down' };
    // Act
    const byDefault = await discovery.discover(jazz);
    const unhealthy = await discovery.discover({ ...jazz, healthStatus: 'UNHEALTHY' });
    const all = await discovery.discover({ ...jazz, healthStatus: 'ALL' });
    const failOpen = await discovery.discover({ ...down, healthStatus: 'HEALTHY_OR_ELSE_ALL' });
    const strict = await discovery.discover(down);
    const noCheck = await discovery.discover({ namespaceName: NS, serviceName: 'nocheck' });
    // Assess
    expect(ids(byDefault)).toEqual(['a']);
    expect(ids(unhealthy)).toEqual(['b']);
    expect(ids(all)).toEqual(['a', 'b']);
    expect(ids(failOpen)).toEqual(['x', 'y']);
    expect(strict).toEqual([]);
    expect(ids(noCheck)).toEqual(['n1', 'n2']);
    expect(fake.calls.DiscoverInstancesCommand).toBe(3);
  });

  it('filters by attributes (QueryParameters) from one cached fetch per service', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [
      inst('v1', 'HEALTHY', { version: 'v1', az: 'a' }),
      inst('v2a', 'HEALTHY', { version: 'v2', az: 'a' }),
      inst('v2b', 'HEALTHY', { version: 'v2', az: 'b' }),
    ]);
    const discovery = discoveryOver(fake);
    // Act
    const v2 = await discovery.discover({ ...jazz, queryParameters: { version: 'v2' } });
    const v2b = await discovery.discover({ ...jazz, queryParameters: { az: 'b', version: 'v2' } });
    const none = await discovery.discover({ ...jazz, queryParameters: { version: 'v3' } });
    // Assess
    expect(ids(v2)).toEqual(['v2a', 'v2b']);
    expect(ids(v2b)).toEqual(['v2b']);
    expect(none).toEqual([]);
    expect(fake.calls.DiscoverInstancesCommand).toBe(1);
  });

  it('sees health flips on the full-refresh timer although the revision does not move', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY'), inst('b', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, { ttlMs: 100, fullRefreshMs: 30_000, now: clock.now });
    await discovery.discover(jazz);
    fake.setHealth(NS, 'jazz', 'b', 'UNHEALTHY');
    // Act
    clock.advance(100);
    await discovery.discover(jazz);
    await vi.waitFor(() => expect(fake.calls.DiscoverInstancesRevisionCommand).toBe(1));
    const afterRevisionCheck = await discovery.discover(jazz);
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(fake.calls.DiscoverInstancesCommand).toBe(2));
    const afterTimer = await discovery.discover(jazz);
    // Assess
    expect(ids(afterRevisionCheck)).toEqual(['a', 'b']);
    expect(ids(afterTimer)).toEqual(['a']);
  });

  it('refreshes only services it has instances for, and drops idle ones', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const clock = manualClock();
    const discovery = discoveryOver(fake, { maxIdleMs: 60_000, now: clock.now });
    await discovery.discover(jazz);
    await discovery.discover({ namespaceName: NS, serviceName: 'missing' }).catch(() => undefined);
    // Act
    await discovery.refreshAll();
    const callsAfterFirst = fake.calls.DiscoverInstancesCommand;
    clock.advance(60_001);
    await discovery.refreshAll();
    // Assess
    expect(callsAfterFirst).toBe(3);
    expect(fake.calls.DiscoverInstancesCommand).toBe(3);
    expect(discovery.stats().services).toBe(0);
  });

  it('peeks synchronously, warms several services and keeps caches per instance', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    fake.set(NS, 'metal', [inst('m', 'HEALTHY')]);
    const one = discoveryOver(fake);
    const two = discoveryOver(fake);
    const metal = { namespaceName: NS, serviceName: 'metal' };
    // Act
    const cold = one.peek(jazz);
    await one.warm([jazz, metal]);
    const warm = one.peek(metal);
    const other = two.peek(jazz);
    // Assess
    expect(cold).toBeUndefined();
    expect(ids(warm)).toEqual(['m']);
    expect(other).toBeUndefined();
    expect(one.stats().services).toBe(2);
    expect(fake.calls.DiscoverInstancesCommand).toBe(2);
  });

  it('answers the same query with the same array until the instances change', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY', { version: 'v1' })]);
    const discovery = discoveryOver(fake);
    const query = { ...jazz, queryParameters: { version: 'v1' } };
    const first = await discovery.discover(query);
    // Act
    const again = discovery.peek(query);
    const equalQuery = discovery.peek({ ...jazz, queryParameters: { version: 'v1' } });
    fake.set(NS, 'jazz', [inst('b', 'HEALTHY', { version: 'v1' })]);
    await discovery.refreshAll();
    const changed = discovery.peek(query);
    // Assess
    expect(again).toBe(first);
    expect(equalQuery).toBe(first);
    expect(changed).not.toBe(first);
    expect(ids(changed)).toEqual(['b']);
  });

  it('returns frozen instances so that callers cannot corrupt the cache', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.set(NS, 'jazz', [inst('a', 'HEALTHY')]);
    const discovery = discoveryOver(fake);
    // Act
    const list = await discovery.discover(jazz);
    // Assess
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list[0])).toBe(true);
    expect(Object.isFrozen(list[0]!.Attributes)).toBe(true);
  });

  it('rejects bad queries and options naming the field, and refuses work after close()', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    const discovery = discoveryOver(fake);
    // Act
    const badQuery = await discovery
      .discover({ namespaceName: '', serviceName: 'jazz', healthStatus: 'SOMETIMES' as 'ALL' })
      .catch((e: unknown) => e);
    const badOption = (() => {
      try {
        createDiscovery({ client: fake.client }, { ttlMs: -1 });
      } catch (e) {
        return e;
      }
    })();
    discovery.close();
    const closed = await discovery.discover(jazz).catch((e: unknown) => e);
    // Assess
    expect(badQuery).toBeInstanceOf(CloudMapError);
    expect((badQuery as Error).message).toMatch(/namespaceName "".*healthStatus "SOMETIMES"/);
    expect(badOption).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/ttlMs -1/) });
    expect(closed).toMatchObject({ code: 'DISCOVERY_CLOSED' });
  });
});

describe('createDiscovery options', () => {
  it('reports every bad option at once, naming the option, the value and the rule', () => {
    // Prepare
    const fake = new FakeCloudMap();
    // Act
    const error = (() => {
      try {
        createDiscovery(
          { client: fake.client },
          {
            ttlMs: 'soon' as unknown as number,
            maxStaleMs: -1,
            fullRefreshMs: Number.NaN,
            revisionCheck: 'yes' as unknown as boolean,
            healthStatus: 'GREEN' as 'ALL',
            now: 5 as unknown as () => number,
          },
        );
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(CloudMapError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toBe(
      'invalid discovery options: ttlMs "soon" must be a positive number of ms; maxStaleMs -1 must be a non-negative number of ms; fullRefreshMs NaN must be a non-negative number of ms; revisionCheck "yes" must be true or false; healthStatus "GREEN" must be one of HEALTHY, UNHEALTHY, ALL, HEALTHY_OR_ELSE_ALL; now 5 must be a function returning epoch milliseconds',
    );
  });
});

describe('filterByHealth', () => {
  it('fails open only for HEALTHY_OR_ELSE_ALL', () => {
    // Prepare
    const list = [
      {
        InstanceId: 'x',
        NamespaceName: NS,
        ServiceName: 's',
        HealthStatus: 'UNHEALTHY' as const,
        Attributes: {},
      },
    ];
    // Act
    const open = filterByHealth(list, 'HEALTHY_OR_ELSE_ALL');
    const closed = filterByHealth(list, 'HEALTHY');
    // Assess
    expect(open).toHaveLength(1);
    expect(closed).toHaveLength(0);
  });
});
