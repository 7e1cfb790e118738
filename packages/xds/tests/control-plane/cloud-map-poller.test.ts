import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import {
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
  setInstanceHealth,
} from '@meshplane/core/cloudmap';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEndpoints } from '../../src/contract.js';
import { type CloudMapPoller, createCloudMapPoller } from '../../src/control-plane/cloud-map-poller.js';
import { ControlPlaneError } from '../../src/control-plane/control-plane-error.js';

const NS = 'prod.svc.cluster.local';

describe('createCloudMapPoller against @meshplane/local', () => {
  let endpoint: LocalEndpoint;
  let client: ServiceDiscoveryClient;
  let jazzId = '';
  const calls = () => endpoint.stats().byOperation;

  beforeAll(async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    client = new ServiceDiscoveryClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      disableHostPrefix: true,
      maxAttempts: 1,
    });
    const ns = await ensureNamespace({ client }, { name: NS });
    jazzId = (await ensureService({ client }, { namespaceId: ns.id, name: 'jazz', customHealth: true })).id;
    for (const [id, version, port] of [
      ['jazz-1', 'v1', '9081'],
      ['jazz-2', 'v2', '9082'],
    ] as const) {
      await registerInstance(
        { client },
        {
          serviceId: jazzId,
          instanceId: id,
          attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: port, version },
        },
      );
    }
    await registerInstance(
      { client },
      { serviceId: jazzId, instanceId: 'no-port', attributes: { AWS_INSTANCE_IPV4: '127.0.0.9' } },
    );
  });

  afterAll(async () => {
    client?.destroy();
    await endpoint?.close();
  });

  /** A poller whose changes a test can wait for. */
  function polling(options: { fullRefreshMs?: number } = {}) {
    const changes: ServiceEndpoints[] = [];
    const problems: string[] = [];
    const waiters: { test: (e: ServiceEndpoints) => boolean; resolve: () => void }[] = [];
    const poller: CloudMapPoller = createCloudMapPoller(
      { client },
      {
        revisionIntervalMs: 50,
        fullRefreshMs: options.fullRefreshMs ?? 60_000,
        onChange: (_key, e) => {
          changes.push(e);
          for (const w of [...waiters]) if (w.test(e)) w.resolve();
        },
        onProblem: (_key, message) => problems.push(message),
      },
    );
    const until = (test: (e: ServiceEndpoints) => boolean) =>
      new Promise<void>((resolve) => waiters.push({ test, resolve }));
    return { poller, changes, problems, until };
  }

  it('polls a service once however many queries (attribute filters) need it, and reports skipped instances', async () => {
    // Prepare
    const { poller, problems } = polling();
    const before = calls().DiscoverInstances ?? 0;
    // Act
    await poller.track([
      { namespaceName: NS, serviceName: 'jazz', attributes: { version: 'v1' } },
      { namespaceName: NS, serviceName: 'jazz', attributes: { version: 'v2' } },
      { namespaceName: NS, serviceName: 'jazz' },
    ]);
    const after = calls().DiscoverInstances ?? 0;
    const jazz = poller.endpoints().get(`${NS}/jazz`);
    const stats = poller.stats();
    poller.close();
    // Assess
    expect(after - before).toBe(1);
    expect(stats.services).toBe(1);
    expect(jazz?.instances.map((i) => [i.instanceId, i.address, i.port, i.attributes.version])).toEqual([
      ['jazz-1', '127.0.0.1', 9081, 'v1'],
      ['jazz-2', '127.0.0.1', 9082, 'v2'],
    ]);
    expect(problems).toEqual([
      `${NS}/jazz: 1 instance(s) skipped: instance no-port: AWS_INSTANCE_PORT undefined is not a port from 1 to 65535`,
    ]);
  });

  it('sees a registration and a deregistration through the revision', async () => {
    // Prepare
    const { poller, until } = polling();
    await poller.track([{ namespaceName: NS, serviceName: 'jazz' }]);
    const ids = (e: ServiceEndpoints) => e.instances.map((i) => i.instanceId);
    // Act
    const added = until((e) => ids(e).includes('jazz-3'));
    await registerInstance(
      { client },
      {
        serviceId: jazzId,
        instanceId: 'jazz-3',
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9083' },
      },
    );
    await added;
    const removed = until((e) => !ids(e).includes('jazz-3'));
    await deregisterInstance({ client }, { serviceId: jazzId, instanceId: 'jazz-3' });
    await removed;
    const stats = poller.stats();
    poller.close();
    // Assess
    expect(stats.revisionCalls).toBeGreaterThan(0);
    expect(
      poller
        .endpoints()
        .get(`${NS}/jazz`)
        ?.instances.map((i) => i.instanceId),
    ).toEqual(['jazz-1', 'jazz-2']);
  });

  it('sees a health-only change on the full refresh (the revision does not move)', async () => {
    // Prepare
    const { poller, until } = polling({ fullRefreshMs: 100 });
    await poller.track([{ namespaceName: NS, serviceName: 'jazz' }]);
    // Act
    const unhealthy = until(
      (e) => e.instances.find((i) => i.instanceId === 'jazz-2')?.health === 'UNHEALTHY',
    );
    await setInstanceHealth({ client }, { serviceId: jazzId, instanceId: 'jazz-2', status: 'UNHEALTHY' });
    await unhealthy;
    await setInstanceHealth({ client }, { serviceId: jazzId, instanceId: 'jazz-2', status: 'HEALTHY' });
    poller.close();
    // Assess
    expect(poller.stats().discoverCalls).toBeGreaterThanOrEqual(2);
  });

  it('keeps the last endpoints when a service cannot be read, and stops polling untracked services', async () => {
    // Prepare
    const { poller, problems } = polling();
    // Act
    await poller.track([
      { namespaceName: NS, serviceName: 'jazz' },
      { namespaceName: NS, serviceName: 'missing' },
    ]);
    const keys = [...poller.endpoints().keys()];
    const missing = poller.problems().get(`${NS}/missing`);
    await poller.track([{ namespaceName: NS, serviceName: 'missing' }]);
    const afterUntrack = [...poller.endpoints().keys()];
    poller.close();
    // Assess
    expect(keys).toEqual([`${NS}/jazz`]);
    expect(missing).toContain('Cloud Map call failed, keeping the last endpoints: ServiceNotFound');
    expect(problems.some((p) => p.startsWith(`${NS}/missing`))).toBe(true);
    expect(afterUntrack).toEqual([]);
  });

  it('refuses bad options all at once', () => {
    // Act
    let error: unknown;
    try {
      createCloudMapPoller({ client, clientConfig: {} } as never, {
        revisionIntervalMs: 10,
        onChange: 3 as never,
      });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect((error as Error).message).toBe(
      'invalid Cloud Map poller options: revisionIntervalMs 10 must be a number of milliseconds >= 50; onChange 3 must be a function; cloudMap <hidden> must be { client } or { clientConfig } (exactly one)',
    );
  });

  it('refuses a full refresh more often than the revision poll, and no client options at all', () => {
    // Act / Assess
    expect(() =>
      createCloudMapPoller(
        { clientConfig: { region: 'us-east-1' } },
        { revisionIntervalMs: 2000, fullRefreshMs: 1000 },
      ),
    ).toThrow(
      'invalid Cloud Map poller options: fullRefreshMs 1000 must be at least revisionIntervalMs (500 when not given)',
    );
    expect(() =>
      createCloudMapPoller({ clientConfig: { region: 'us-east-1' } }, { fullRefreshMs: 499 }),
    ).toThrow('fullRefreshMs 499 must be at least revisionIntervalMs');
    expect(() => createCloudMapPoller(undefined as never)).toThrow(
      'invalid Cloud Map poller options: cloudMap undefined must be { client } or { clientConfig } (exactly one)',
    );
    const poller = createCloudMapPoller({ clientConfig: { region: 'us-east-1' } }, { fullRefreshMs: 500 });
    poller.close();
  });
});
