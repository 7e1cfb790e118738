import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCloudMapService } from '../src/cloudmap/index.js';
import { MAX_KEPT_OPERATIONS } from '../src/cloudmap/store.js';
import type { LocalServiceError } from '../src/service.js';

/** A service driven directly, with a clock the test moves. */
function harness(options: Partial<Parameters<typeof createCloudMapService>[0]> = {}) {
  const service = createCloudMapService({ region: 'us-east-1', accountId: '111122223333', ...options });
  let now = Date.UTC(2026, 10, 22, 6, 0, 0);
  const ctx = { region: 'us-east-1', accountId: '111122223333', now: () => new Date(now) };
  // biome-ignore lint/suspicious/noExplicitAny: outputs are plain JSON read by the assertions
  const call = (op: string, input: Record<string, unknown> = {}): any => service.handle(op, input, ctx);
  const fail = (op: string, input: Record<string, unknown> = {}): LocalServiceError => {
    try {
      call(op, input);
    } catch (error) {
      return error as LocalServiceError;
    }
    throw new Error(`${op} was expected to fail`);
  };
  const namespace = (name: string, op = 'CreateHttpNamespace', extra: Record<string, unknown> = {}) => {
    const { OperationId } = call(op, { Name: name, ...extra });
    return call('GetOperation', { OperationId }).Operation.Targets.NAMESPACE as string;
  };
  return { service, call, fail, namespace, advance: (ms: number) => (now += ms), ctx };
}

describe('local Cloud Map service', () => {
  it('reports an operation PENDING until it is polled or its settle time passes', () => {
    // Prepare
    const h = harness({ operationSettleMs: 1_000 });
    const { OperationId } = h.call('CreateHttpNamespace', { Name: 'a' });
    // Act
    const pending = h.call('ListOperations', { Filters: [{ Name: 'STATUS', Values: ['PENDING'] }] });
    h.advance(1_000);
    const settled = h.call('ListOperations', { Filters: [{ Name: 'STATUS', Values: ['SUCCESS'] }] });
    // Assess
    expect(pending.Operations).toEqual([{ Id: OperationId, Status: 'PENDING' }]);
    expect(settled.Operations).toEqual([{ Id: OperationId, Status: 'SUCCESS' }]);
  });

  it('filters operations by UPDATE_DATE with BETWEEN in Unix seconds', () => {
    // Prepare
    const h = harness();
    h.namespace('early');
    h.advance(60_000);
    h.namespace('late');
    const t = Date.UTC(2026, 10, 22, 6, 0, 0) / 1000;
    // Act
    const first = h.call('ListOperations', {
      Filters: [{ Name: 'UPDATE_DATE', Values: [String(t - 1), String(t + 30)], Condition: 'BETWEEN' }],
    });
    const bad = h.fail('ListOperations', {
      Filters: [{ Name: 'UPDATE_DATE', Values: ['yesterday', String(t)], Condition: 'BETWEEN' }],
    });
    // Assess
    expect(first.Operations).toHaveLength(1);
    expect(bad.type).toBe('InvalidInput');
    expect(bad.message).toMatch(/"yesterday"/);
  });

  it('allows 1,000 instances per service and refuses the 1,001st with ResourceLimitExceeded', () => {
    // Prepare
    const h = harness({ operationSettleMs: 0 });
    const nsId = h.namespace('big');
    const { Service } = h.call('CreateService', { Name: 's', NamespaceId: nsId });
    for (let i = 0; i < 1000; i++) {
      h.call('RegisterInstance', { ServiceId: Service.Id, InstanceId: `i-${i}`, Attributes: {} });
    }
    // Act
    const error = h.fail('RegisterInstance', { ServiceId: Service.Id, InstanceId: 'i-1000', Attributes: {} });
    const update = h.call('RegisterInstance', {
      ServiceId: Service.Id,
      InstanceId: 'i-0',
      Attributes: { v: '2' },
    });
    const all = h.call('DiscoverInstances', { NamespaceName: 'big', ServiceName: 's', MaxResults: 1000 });
    // Assess
    expect(error).toMatchObject({ type: 'ResourceLimitExceeded', status: 400 });
    expect(error.message).toMatch(/1000 instances, the limit is 1000/);
    expect(update.OperationId).toEqual(expect.any(String));
    expect(all.Instances).toHaveLength(1000);
  });

  it('limits the number of namespaces (configurable, AWS default 50)', () => {
    // Prepare
    const h = harness({ limits: { namespaces: 2 } });
    h.namespace('one');
    h.namespace('two');
    // Act
    const error = h.fail('CreateHttpNamespace', { Name: 'three' });
    // Assess
    expect(error).toMatchObject({ type: 'ResourceLimitExceeded', status: 400 });
  });

  it('snapshots and restores the whole state, ids and revisions included', () => {
    // Prepare
    const h = harness();
    const nsId = h.namespace('prod', 'CreateHttpNamespace', { Tags: [{ Key: 'k', Value: 'v' }] });
    const { Service } = h.call('CreateService', {
      Name: 'jazz',
      NamespaceId: nsId,
      HealthCheckCustomConfig: {},
    });
    h.call('RegisterInstance', { ServiceId: Service.Id, InstanceId: 'a', Attributes: { v: '1' } });
    h.call('UpdateServiceAttributes', { ServiceId: Service.Id, Attributes: { owner: 'team' } });
    const before = h.call('DiscoverInstances', { NamespaceName: 'prod', ServiceName: 'jazz' });
    const snapshot = JSON.parse(JSON.stringify(h.service.snapshot()));
    // Act
    const copy = harness();
    copy.service.restore(snapshot);
    const after = copy.call('DiscoverInstances', { NamespaceName: 'prod', ServiceName: 'jazz' });
    const attrs = copy.call('GetServiceAttributes', { ServiceId: Service.Id });
    const tags = copy.call('ListTagsForResource', {
      ResourceARN: `arn:aws:servicediscovery:us-east-1:111122223333:namespace/${nsId}`,
    });
    copy.advance(1_000);
    copy.call('RegisterInstance', { ServiceId: Service.Id, InstanceId: 'b', Attributes: {} });
    const next = copy.call('DiscoverInstancesRevision', { NamespaceName: 'prod', ServiceName: 'jazz' });
    // Assess
    expect(after).toEqual(before);
    expect(attrs.ServiceAttributes.Attributes).toEqual({ owner: 'team' });
    expect(tags.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(next.InstancesRevision).toBeGreaterThan(before.InstancesRevision);
    expect(() => copy.service.restore({ version: 2 } as never)).toThrow(/version is 2, expected 1/);
    const broken = { ...snapshot, services: [{ ...snapshot.services[0], Instances: [{ Id: 'x' }] }] };
    expect(() => copy.service.restore(broken)).toThrow(
      /services\[0\]\.Instances\[0\] needs a string Id and an Attributes object/,
    );
    expect(
      copy.call('DiscoverInstances', { NamespaceName: 'prod', ServiceName: 'jazz' }).Instances,
    ).toHaveLength(2);
  });

  it('keeps Route 53 health checks to public DNS namespaces and needs AWS_INSTANCE_PORT for them', () => {
    // Prepare
    const h = harness({ operationSettleMs: 0 });
    const httpNs = h.namespace('plain');
    const publicNs = h.namespace('example.com', 'CreatePublicDnsNamespace');
    const health = { Type: 'HTTP', ResourcePath: '/health' };
    // Act
    const inHttp = h.fail('CreateService', { Name: 's', NamespaceId: httpNs, HealthCheckConfig: health });
    const both = h.fail('CreateService', {
      Name: 's',
      NamespaceId: publicNs,
      DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] },
      HealthCheckConfig: health,
      HealthCheckCustomConfig: {},
    });
    const { Service } = h.call('CreateService', {
      Name: 'www',
      NamespaceId: publicNs,
      DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] },
      HealthCheckConfig: health,
    });
    const noPort = h.fail('RegisterInstance', {
      ServiceId: Service.Id,
      InstanceId: 'a',
      Attributes: { AWS_INSTANCE_IPV4: '192.0.2.1' },
    });
    h.call('RegisterInstance', {
      ServiceId: Service.Id,
      InstanceId: 'a',
      Attributes: { AWS_INSTANCE_IPV4: '192.0.2.1', AWS_INSTANCE_PORT: '80' },
    });
    const status = h.call('GetInstancesHealthStatus', { ServiceId: Service.Id });
    // Assess
    expect(inHttp.message).toMatch(/public DNS namespaces only/);
    expect(both.message).toMatch(/HealthCheckConfig and HealthCheckCustomConfig cannot both be set/);
    expect(Service.HealthCheckConfig).toEqual({ Type: 'HTTP', ResourcePath: '/health', FailureThreshold: 1 });
    expect(noPort.message).toMatch(/AWS_INSTANCE_PORT is required/);
    expect(status.Status).toEqual({ a: 'HEALTHY' });
  });

  it('reports every problem of a bad input at once', () => {
    // Prepare
    const h = harness();
    const nsId = h.namespace('many-problems');
    // Act
    const error = h.fail('CreateService', {
      Name: 'x',
      NamespaceId: nsId,
      DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] },
      HealthCheckConfig: { Type: 'TCP', ResourcePath: '/' },
    });
    // Assess
    expect(error.type).toBe('InvalidInput');
    expect(error.message).toMatch(/DnsConfig is not supported/);
    expect(error.message).toMatch(/public DNS namespaces only/);
    expect(error.message).toMatch(/ResourcePath cannot be set for a TCP/);
  });

  it('gives reused namespace names a distinct HttpName and checks the owner account', () => {
    // Prepare
    const h = harness();
    const a = h.namespace('shared.local', 'CreatePrivateDnsNamespace', { Vpc: 'vpc-a' });
    const b = h.namespace('shared.local', 'CreatePrivateDnsNamespace', { Vpc: 'vpc-b' });
    // Act
    const nsA = h.call('GetNamespace', { Id: a }).Namespace;
    const nsB = h.call('GetNamespace', { Id: b }).Namespace;
    const sameVpc = h.fail('CreatePrivateDnsNamespace', { Name: 'shared.local', Vpc: 'vpc-a' });
    const otherOwner = h.fail('DiscoverInstancesRevision', {
      NamespaceName: 'shared.local',
      ServiceName: 's',
      OwnerAccount: '999999999999',
    });
    // Assess
    expect(nsA.Properties.HttpProperties.HttpName).toBe('shared.local');
    expect(nsB.Properties.HttpProperties.HttpName).toMatch(/^shared\.local-[0-9a-f]{8}$/);
    expect(sameVpc).toMatchObject({ type: 'NamespaceAlreadyExists', fields: { NamespaceId: a } });
    expect(otherOwner.type).toBe('NamespaceNotFound');
  });

  it('accepts AWS_EC2_INSTANCE_ID in HTTP namespaces only', () => {
    // Prepare
    const h = harness();
    const dnsNs = h.namespace('ec2.local', 'CreatePrivateDnsNamespace', { Vpc: 'vpc-1' });
    const { Service } = h.call('CreateService', { Name: 's', NamespaceId: dnsNs, Type: 'HTTP' });
    // Act
    const error = h.fail('RegisterInstance', {
      ServiceId: Service.Id,
      InstanceId: 'i',
      Attributes: { AWS_EC2_INSTANCE_ID: 'i-0123456789abcdef0', AWS_INSTANCE_IPV4: '10.0.0.1' },
    });
    // Assess
    expect(Service.Type).toBe('HTTP');
    expect(error.message).toMatch(/AWS_EC2_INSTANCE_ID is supported in HTTP namespaces only/);
    expect(error.message).toMatch(/only other AWS_ attribute allowed is AWS_INIT_HEALTH_STATUS/);
  });

  it('keeps the operation history bounded, forgetting the oldest completed operations', () => {
    // Prepare
    const h = harness({ operationSettleMs: 0 });
    const { OperationId: first } = h.call('CreateHttpNamespace', { Name: 'busy' });
    const nsId = h.call('GetOperation', { OperationId: first }).Operation.Targets.NAMESPACE;
    // Act
    for (let i = 0; i < MAX_KEPT_OPERATIONS; i++) {
      h.call('UpdateHttpNamespace', { Id: nsId, Namespace: { Description: `v${i}` } });
    }
    const forgotten = h.fail('GetOperation', { OperationId: first });
    // Assess
    expect(h.service.snapshot().operations).toHaveLength(MAX_KEPT_OPERATIONS);
    expect(forgotten.type).toBe('OperationNotFound');
  });

  it('finds an operation only for its owner account', () => {
    // Prepare
    const h = harness();
    const { OperationId } = h.call('CreateHttpNamespace', { Name: 'owned' });
    // Act
    const other = h.fail('GetOperation', { OperationId, OwnerAccount: '999999999999' });
    const mine = h.call('GetOperation', { OperationId, OwnerAccount: '111122223333' });
    // Assess
    expect(other.type).toBe('OperationNotFound');
    expect(mine.Operation.Status).toBe('SUCCESS');
  });

  it('pages through instances exactly once, in order, even when some are deleted between pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.nat(60), { maxLength: 10 }),
        (count, pageSize, deletions) => {
          // Prepare
          const h = harness({ operationSettleMs: 0 });
          const nsId = h.namespace('paged');
          const { Service } = h.call('CreateService', { Name: 's', NamespaceId: nsId });
          const ids = Array.from({ length: count }, (_, i) => `i-${String(i).padStart(2, '0')}`);
          for (const id of ids)
            h.call('RegisterInstance', { ServiceId: Service.Id, InstanceId: id, Attributes: {} });
          // Act
          const seen: string[] = [];
          const deleted = new Set<string>();
          let NextToken: string | undefined;
          let page = 0;
          do {
            const out = h.call('ListInstances', { ServiceId: Service.Id, MaxResults: pageSize, NextToken });
            seen.push(...out.Instances.map((i: { Id: string }) => i.Id));
            NextToken = out.NextToken;
            const victim = ids[deletions[page++ % Math.max(1, deletions.length)] ?? -1];
            if (victim && !deleted.has(victim) && !seen.includes(victim) && deletions.length > 0) {
              h.call('DeregisterInstance', { ServiceId: Service.Id, InstanceId: victim });
              deleted.add(victim);
            }
          } while (NextToken);
          // Assess
          expect(seen).toEqual(ids.filter((id) => !deleted.has(id)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers an operation it does not know with InvalidInput', () => {
    // Prepare
    const h = harness();
    // Act
    const error = h.fail('CreateMesh', {});
    // Assess
    expect(error).toMatchObject({ type: 'InvalidInput', status: 400 });
  });
});
