import type { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudMapError,
  CloudMapOperationFailedError,
  CloudMapOperationTimeoutError,
  createDiscovery,
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
  setInstanceHealth,
  waitForOperation,
} from '../../src/cloudmap/index.js';
import { FakeCloudMap } from './fake-cloud-map.js';
import { type LocalCloudMap, startLocalCloudMap } from './local-cloud-map.js';

let local: LocalCloudMap;
let client: ServiceDiscoveryClient;

beforeAll(async () => {
  local = await startLocalCloudMap();
  client = local.client;
});

afterAll(async () => {
  await local.close();
});

describe('Cloud Map registration against the local endpoint', () => {
  it('creates a namespace and a service once and finds them on the next run', async () => {
    // Prepare
    const params = { name: 'ensure.local', type: 'HTTP' as const };
    // Act
    const first = await ensureNamespace({ client }, params);
    const again = await ensureNamespace({ client }, params);
    const svc = await ensureService({ client }, { namespaceId: first.id, name: 'jazz', customHealth: true });
    const svcAgain = await ensureService(
      { client },
      { namespaceId: first.arn, name: 'jazz', customHealth: true },
    );
    // Assess
    expect(first).toMatchObject({
      created: true,
      name: 'ensure.local',
      httpName: 'ensure.local',
      type: 'HTTP',
    });
    expect(again).toMatchObject({ created: false, id: first.id });
    expect(svc).toMatchObject({ created: true, name: 'jazz', namespaceId: first.id });
    expect(svcAgain).toMatchObject({ created: false, id: svc.id });
  });

  it('builds its own client from clientConfig for one-shot calls', async () => {
    // Prepare
    const clientConfig = {
      endpoint: local.endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      disableHostPrefix: true,
    };
    // Act
    const ns = await ensureNamespace({ clientConfig }, { name: 'config.local' });
    const svc = await ensureService({ clientConfig }, { namespaceId: ns.id, name: 'api' });
    const reg = await registerInstance(
      { clientConfig },
      { serviceId: svc.id, instanceId: 'a', attributes: {} },
    );
    const discovery = createDiscovery({ clientConfig }, { fullRefreshMs: 0 });
    const found = await discovery.discover({ namespaceName: 'config.local', serviceName: 'api' });
    discovery.close();
    // Assess
    expect(ns.created).toBe(true);
    expect(reg.status).toBe('SUCCESS');
    expect(found.map((i) => i.InstanceId)).toEqual(['a']);
  });

  it('converges when several callers ensure the same namespace and service at once', async () => {
    // Prepare
    const params = { name: 'race.local' };
    // Act
    const namespaces = await Promise.all(
      Array.from({ length: 5 }, () => ensureNamespace({ client }, params)),
    );
    const services = await Promise.all(
      Array.from({ length: 5 }, () =>
        ensureService({ client }, { namespaceId: namespaces[0]!.id, name: 'metal' }),
      ),
    );
    // Assess
    expect(new Set(namespaces.map((n) => n.id)).size).toBe(1);
    expect(new Set(services.map((s) => s.id)).size).toBe(1);
  });

  it('round-trips a registration through discovery, health and deregistration', async () => {
    // Prepare
    const ns = await ensureNamespace({ client }, { name: 'roundtrip.local' });
    const svc = await ensureService({ client }, { namespaceId: ns.id, name: 'jazz', customHealth: true });
    const discovery = createDiscovery({ client }, { ttlMs: 60_000, fullRefreshMs: 0 });
    const query = { namespaceName: ns.httpName, serviceName: 'jazz' };
    // Act
    const registered = await registerInstance(
      { client },
      {
        serviceId: svc.id,
        instanceId: 'jazz-v1-a',
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      },
    );
    const found = await discovery.discover({ ...query, queryParameters: { version: 'v1' } });
    await setInstanceHealth({ client }, { serviceId: svc.id, instanceId: 'jazz-v1-a', status: 'UNHEALTHY' });
    const cachedAfterFlip = await discovery.discover(query);
    await discovery.refreshAll();
    const afterRefresh = await discovery.discover(query);
    const failOpen = await discovery.discover({ ...query, healthStatus: 'HEALTHY_OR_ELSE_ALL' });
    const gone = await deregisterInstance({ client }, { serviceId: svc.id, instanceId: 'jazz-v1-a' });
    const goneAgain = await deregisterInstance({ client }, { serviceId: svc.id, instanceId: 'jazz-v1-a' });
    discovery.close();
    // Assess
    expect(registered).toMatchObject({ status: 'SUCCESS', operationId: expect.any(String) });
    expect(found).toEqual([
      {
        InstanceId: 'jazz-v1-a',
        NamespaceName: 'roundtrip.local',
        ServiceName: 'jazz',
        HealthStatus: 'HEALTHY',
        Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      },
    ]);
    expect(cachedAfterFlip).toHaveLength(1);
    expect(afterRefresh).toEqual([]);
    expect(failOpen.map((i) => i.HealthStatus)).toEqual(['UNHEALTHY']);
    expect(gone).toMatchObject({ deregistered: true });
    expect(goneAgain).toEqual({ deregistered: false });
  });

  it('registers twice in a row without polling by waiting for the pending operation', async () => {
    // Prepare
    const ns = await ensureNamespace({ client }, { name: 'pending.local' });
    const svc = await ensureService({ client }, { namespaceId: ns.id, name: 's' });
    await registerInstance(
      { client },
      { serviceId: svc.id, instanceId: 'i', attributes: { v: '1' }, wait: false },
    );
    // Act
    const second = await registerInstance(
      { client },
      { serviceId: svc.id, instanceId: 'i', attributes: { v: '2' } },
    );
    // Assess
    expect(second.status).toBe('SUCCESS');
  });

  it('names the field and the Cloud Map error when a call cannot succeed', async () => {
    // Prepare
    const ns = await ensureNamespace({ client }, { name: 'errors.local' });
    const plain = await ensureService({ client }, { namespaceId: ns.id, name: 'plain' });
    // Act
    const noCustom = await setInstanceHealth(
      { client },
      { serviceId: plain.id, instanceId: 'x', status: 'HEALTHY' },
    ).catch((e: unknown) => e);
    const badAttrs = await registerInstance(
      { client },
      { serviceId: plain.id, instanceId: 'x', attributes: { AWS_NOPE: '1' } },
    ).catch((e: unknown) => e);
    const badArg = await registerInstance(
      { client },
      { serviceId: plain.id, instanceId: 'x', attributes: { port: 80 as unknown as string } },
    ).catch((e: unknown) => e);
    const missingNs = await ensureService(
      { client },
      { namespaceId: 'ns-0000000000000000', name: 'x' },
    ).catch((e: unknown) => e);
    // Assess
    expect(noCustom).toMatchObject({ code: 'CUSTOM_HEALTH_NOT_FOUND' });
    expect(badAttrs).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((badAttrs as Error).message).toMatch(/AWS_NOPE.*reserved/);
    expect(badArg).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/port=80/) });
    expect(missingNs).toMatchObject({ code: 'NAMESPACE_NOT_FOUND' });
  });
});

describe('waitForOperation', () => {
  it('times out with the operation id and its last status', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.operationStatus = 'PENDING';
    // Act
    const error = await waitForOperation({ client: fake.client }, 'op-1', {
      timeoutMs: 120,
      pollIntervalMs: 20,
    }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(CloudMapOperationTimeoutError);
    expect(error).toMatchObject({
      code: 'OPERATION_TIMEOUT',
      operationId: 'op-1',
      lastStatus: 'PENDING',
      timeoutMs: 120,
    });
    expect(fake.calls.GetOperationCommand).toBeGreaterThan(1);
  });

  it('reports a failed operation with Cloud Map code and message', async () => {
    // Prepare
    const fake = new FakeCloudMap();
    fake.operationStatus = 'FAIL';
    // Act
    const error = await waitForOperation({ client: fake.client }, 'op-2').catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(CloudMapOperationFailedError);
    expect(error).toMatchObject({ code: 'OPERATION_FAILED', errorCode: 'X' });
  });

  it('names an unknown operation, and refuses a bad deadline or poll interval before any call', async () => {
    // Act
    const unknown = await waitForOperation({ client }, 'op-does-not-exist').catch((e: unknown) => e);
    const fake = new FakeCloudMap();
    const bad = await waitForOperation({ client: fake.client }, 'op-3', {
      timeoutMs: Number.POSITIVE_INFINITY,
      pollIntervalMs: 'fast' as unknown as number,
    }).catch((e: unknown) => e);
    // Assess
    expect(unknown).toBeInstanceOf(CloudMapError);
    expect(unknown).toMatchObject({ code: 'OPERATION_NOT_FOUND' });
    expect((unknown as Error).message).toMatch(
      /waiting for operation op-does-not-exist failed: OperationNotFound/,
    );
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((bad as Error).message).toBe(
      'timeoutMs Infinity must be a positive number of milliseconds; pollIntervalMs "fast" must be a positive number of milliseconds',
    );
    expect(fake.calls.GetOperationCommand ?? 0).toBe(0);
  });

  it('rejects client options that give both a client and a configuration', async () => {
    // Prepare
    const both = { client, clientConfig: { region: 'us-east-1' } } as never;
    // Act
    const error = await waitForOperation(both, 'op').catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ code: 'INVALID_CLIENT_OPTIONS' });
  });
});
