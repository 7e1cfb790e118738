import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteNamespaceCommand,
  DeleteServiceAttributesCommand,
  DeleteServiceCommand,
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  DiscoverInstancesRevisionCommand,
  GetInstanceCommand,
  GetInstancesHealthStatusCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  GetServiceAttributesCommand,
  GetServiceCommand,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListOperationsCommand,
  ListServicesCommand,
  type ListServicesCommandOutput,
  ListTagsForResourceCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateHttpNamespaceCommand,
  UpdateInstanceCustomHealthStatusCommand,
  UpdatePrivateDnsNamespaceCommand,
  UpdatePublicDnsNamespaceCommand,
  UpdateServiceAttributesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-servicediscovery';
import { serviceDiscoveryModel } from '@meshplane/core/smithy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEndpoint, startLocalEndpoint } from '../src/index.js';

let endpoint: LocalEndpoint;
let sd: ServiceDiscoveryClient;

beforeAll(async () => {
  endpoint = await startLocalEndpoint({ port: 0, accountId: '111122223333' });
  sd = new ServiceDiscoveryClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sd.destroy();
  await endpoint.close();
});

/** Runs a call that must fail; returns the SDK error (name, status, extra members). */
async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number } & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } } & Record<string, unknown>;
    return { ...e, name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

async function httpNamespace(name = unique('ns')): Promise<{ id: string; name: string }> {
  const { OperationId } = await sd.send(new CreateHttpNamespaceCommand({ Name: name }));
  const { Operation } = await sd.send(new GetOperationCommand({ OperationId }));
  return { id: Operation!.Targets!.NAMESPACE!, name };
}

async function settle(OperationId: string | undefined) {
  return (await sd.send(new GetOperationCommand({ OperationId }))).Operation!;
}

describe('Cloud Map over HTTP with the AWS SDK', () => {
  it('serves every operation of the model (computed, not claimed)', () => {
    // Prepare
    const modelOps = Object.keys(serviceDiscoveryModel.operations).sort();
    // Act
    const served = endpoint.operations().cloudMap.sort();
    // Assess
    expect(modelOps).toHaveLength(30);
    expect(served).toEqual(modelOps);
  });

  it('runs the namespace → service → instance → discover cycle', async () => {
    // Prepare
    const ns = await httpNamespace('prod.svc.cluster.local');
    const { Service } = await sd.send(
      new CreateServiceCommand({ Name: 'jazz', NamespaceId: ns.id, HealthCheckCustomConfig: {} }),
    );
    // Act
    const reg = await sd.send(
      new RegisterInstanceCommand({
        ServiceId: Service!.Id,
        InstanceId: 'jazz-v1-a',
        Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      }),
    );
    const op = await settle(reg.OperationId);
    const found = await sd.send(
      new DiscoverInstancesCommand({
        NamespaceName: ns.name,
        ServiceName: 'jazz',
        QueryParameters: { version: 'v1' },
      }),
    );
    // Assess
    expect(op).toMatchObject({
      Type: 'REGISTER_INSTANCE',
      Status: 'SUCCESS',
      Targets: { INSTANCE: 'jazz-v1-a' },
    });
    expect(op.CreateDate).toBeInstanceOf(Date);
    expect(Service!.Arn).toMatch(
      /^arn:aws:servicediscovery:us-east-1:111122223333:service\/srv-[a-z0-9]{16}$/,
    );
    expect(found.Instances).toEqual([
      {
        InstanceId: 'jazz-v1-a',
        NamespaceName: 'prod.svc.cluster.local',
        ServiceName: 'jazz',
        HealthStatus: 'HEALTHY',
        Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      },
    ]);
    expect(typeof found.InstancesRevision).toBe('number');
  });

  it('creates the three namespace kinds with ids and ARNs like AWS and reads them back', async () => {
    // Prepare
    const names = [unique('http'), `${unique('private')}.local`, `${unique('public')}.example.com`];
    // Act
    const ops = await Promise.all([
      sd.send(new CreateHttpNamespaceCommand({ Name: names[0], Description: 'h' })),
      sd.send(new CreatePrivateDnsNamespaceCommand({ Name: names[1], Vpc: 'vpc-1234' })),
      sd.send(
        new CreatePublicDnsNamespaceCommand({
          Name: names[2],
          Properties: { DnsProperties: { SOA: { TTL: 60 } } },
        }),
      ),
    ]);
    const namespaces = await Promise.all(
      ops.map(async (o) => {
        const op = await settle(o.OperationId);
        return (await sd.send(new GetNamespaceCommand({ Id: op.Targets!.NAMESPACE }))).Namespace!;
      }),
    );
    // Assess
    expect(namespaces.map((n) => n.Type)).toEqual(['HTTP', 'DNS_PRIVATE', 'DNS_PUBLIC']);
    for (const n of namespaces) {
      expect(n.Id).toMatch(/^ns-[a-z0-9]{16}$/);
      expect(n.Arn).toBe(`arn:aws:servicediscovery:us-east-1:111122223333:namespace/${n.Id}`);
      expect(n.CreateDate).toBeInstanceOf(Date);
    }
    expect(namespaces[2]!.Properties?.DnsProperties?.SOA?.TTL).toBe(60);
    expect(namespaces[1]!.Properties?.DnsProperties?.HostedZoneId).toMatch(/^Z[A-Z0-9]+$/);
  });

  it('updates namespaces asynchronously and rejects the wrong update operation', async () => {
    // Prepare
    const ns = await httpNamespace();
    const privateOp = await sd.send(
      new CreatePrivateDnsNamespaceCommand({ Name: `${unique('p')}.local`, Vpc: 'vpc-1' }),
    );
    const privateId = (await settle(privateOp.OperationId)).Targets!.NAMESPACE!;
    // Act
    const up = await sd.send(
      new UpdateHttpNamespaceCommand({ Id: ns.id, Namespace: { Description: 'new' } }),
    );
    const upPrivate = await sd.send(
      new UpdatePrivateDnsNamespaceCommand({
        Id: privateId,
        Namespace: { Properties: { DnsProperties: { SOA: { TTL: 30 } } } },
      }),
    );
    const wrong = await failure(
      sd.send(new UpdatePublicDnsNamespaceCommand({ Id: ns.id, Namespace: { Description: 'x' } })),
    );
    // Assess
    expect((await settle(up.OperationId)).Type).toBe('UPDATE_NAMESPACE');
    expect((await sd.send(new GetNamespaceCommand({ Id: ns.id }))).Namespace?.Description).toBe('new');
    expect((await settle(upPrivate.OperationId)).Status).toBe('SUCCESS');
    expect(
      (await sd.send(new GetNamespaceCommand({ Id: privateId }))).Namespace?.Properties?.DnsProperties?.SOA
        ?.TTL,
    ).toBe(30);
    expect(wrong).toMatchObject({ name: 'InvalidInput', status: 400 });
  });

  it('answers each modelled error with its type and the model status', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(new CreateServiceCommand({ Name: 'svc', NamespaceId: ns.id }));
    const plain = Service!.Id!;
    await settle(
      (
        await sd.send(
          new RegisterInstanceCommand({
            ServiceId: plain,
            InstanceId: 'i-1',
            Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' },
          }),
        )
      ).OperationId,
    );
    // Act
    const errors = {
      invalid: await failure(sd.send(new CreateHttpNamespaceCommand({ Name: 'arn:nope' }))),
      nsNotFound: await failure(sd.send(new GetNamespaceCommand({ Id: 'ns-0000000000000000' }))),
      svcNotFound: await failure(sd.send(new GetServiceCommand({ Id: 'srv-0000000000000000' }))),
      instNotFound: await failure(sd.send(new GetInstanceCommand({ ServiceId: plain, InstanceId: 'nope' }))),
      opNotFound: await failure(sd.send(new GetOperationCommand({ OperationId: 'nope' }))),
      nsExists: await failure(sd.send(new CreateHttpNamespaceCommand({ Name: ns.name }))),
      svcExists: await failure(sd.send(new CreateServiceCommand({ Name: 'svc', NamespaceId: ns.id }))),
      nsInUse: await failure(sd.send(new DeleteNamespaceCommand({ Id: ns.id }))),
      svcInUse: await failure(sd.send(new DeleteServiceCommand({ Id: plain }))),
      customHealth: await failure(
        sd.send(
          new UpdateInstanceCustomHealthStatusCommand({
            ServiceId: plain,
            InstanceId: 'i-1',
            Status: 'HEALTHY',
          }),
        ),
      ),
      tagNotFound: await failure(
        sd.send(
          new ListTagsForResourceCommand({
            ResourceARN: 'arn:aws:servicediscovery:us-east-1:111122223333:service/srv-0000000000000000',
          }),
        ),
      ),
      discoverNs: await failure(
        sd.send(new DiscoverInstancesCommand({ NamespaceName: 'missing', ServiceName: 'svc' })),
      ),
      discoverSvc: await failure(
        sd.send(new DiscoverInstancesCommand({ NamespaceName: ns.name, ServiceName: 'missing' })),
      ),
    };
    // Assess
    expect(errors.invalid).toMatchObject({ name: 'InvalidInput', status: 400 });
    expect(errors.invalid.message).toMatch(/Name/);
    expect(errors.nsNotFound).toMatchObject({ name: 'NamespaceNotFound', status: 404 });
    expect(errors.svcNotFound).toMatchObject({ name: 'ServiceNotFound', status: 404 });
    expect(errors.instNotFound).toMatchObject({ name: 'InstanceNotFound', status: 404 });
    expect(errors.opNotFound).toMatchObject({ name: 'OperationNotFound', status: 404 });
    expect(errors.nsExists).toMatchObject({
      name: 'NamespaceAlreadyExists',
      status: 400,
      NamespaceId: ns.id,
    });
    expect(errors.nsExists.CreatorRequestId).toEqual(expect.any(String));
    expect(errors.svcExists).toMatchObject({ name: 'ServiceAlreadyExists', status: 400, ServiceId: plain });
    expect(errors.nsInUse).toMatchObject({ name: 'ResourceInUse', status: 409 });
    expect(errors.svcInUse).toMatchObject({ name: 'ResourceInUse', status: 409 });
    expect(errors.customHealth).toMatchObject({ name: 'CustomHealthNotFound', status: 404 });
    expect(errors.tagNotFound).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(errors.discoverNs).toMatchObject({ name: 'NamespaceNotFound', status: 404 });
    expect(errors.discoverSvc).toMatchObject({ name: 'ServiceNotFound', status: 404 });
  });

  it('rejects a second operation on an instance while the first is pending (DuplicateRequest)', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(new CreateServiceCommand({ Name: 'dup', NamespaceId: ns.id }));
    const first = await sd.send(
      new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i-1', Attributes: { a: '1' } }),
    );
    // Act
    const error = await failure(
      sd.send(new DeregisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i-1' })),
    );
    await settle(first.OperationId);
    const afterPoll = await sd.send(
      new DeregisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i-1' }),
    );
    // Assess
    expect(error).toMatchObject({
      name: 'DuplicateRequest',
      status: 409,
      DuplicateOperationId: first.OperationId,
    });
    expect(afterPoll.OperationId).toEqual(expect.any(String));
  });

  it('is idempotent on CreatorRequestId and refuses a reused token for another request', async () => {
    // Prepare
    const name = unique('idem');
    const first = await sd.send(
      new CreateHttpNamespaceCommand({ Name: name, CreatorRequestId: `${name}-token` }),
    );
    const nsId = (await settle(first.OperationId)).Targets!.NAMESPACE!;
    const { Service } = await sd.send(
      new CreateServiceCommand({ Name: 's', NamespaceId: nsId, CreatorRequestId: `${name}-svc` }),
    );
    // Act
    const again = await sd.send(
      new CreateHttpNamespaceCommand({ Name: name, CreatorRequestId: `${name}-token` }),
    );
    const svcAgain = await sd.send(
      new CreateServiceCommand({ Name: 's', NamespaceId: nsId, CreatorRequestId: `${name}-svc` }),
    );
    const reused = await failure(
      sd.send(new CreateHttpNamespaceCommand({ Name: `${name}-other`, CreatorRequestId: `${name}-token` })),
    );
    const reg = {
      ServiceId: Service!.Id,
      InstanceId: 'i',
      Attributes: { k: 'v' },
      CreatorRequestId: `${name}-reg`,
    };
    const r1 = await sd.send(new RegisterInstanceCommand(reg));
    const r2 = await sd.send(new RegisterInstanceCommand(reg));
    // Assess
    expect(again.OperationId).toBe(first.OperationId);
    expect(svcAgain.Service?.Id).toBe(Service!.Id);
    expect(reused).toMatchObject({ name: 'DuplicateRequest', DuplicateOperationId: first.OperationId });
    expect(r2.OperationId).toBe(r1.OperationId);
  });

  it('paginates every list operation across several pages in a stable order', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(new CreateServiceCommand({ Name: 'many', NamespaceId: ns.id }));
    const ids = Array.from({ length: 7 }, (_, i) => `i-${i}`);
    for (const id of ids) {
      await settle(
        (
          await sd.send(
            new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: id, Attributes: { n: id } }),
          )
        ).OperationId,
      );
    }
    for (let i = 0; i < 4; i++) {
      await sd.send(new CreateServiceCommand({ Name: `extra-${i}`, NamespaceId: ns.id }));
    }
    // Act
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sd.send(
        new ListInstancesCommand({ ServiceId: Service!.Id, MaxResults: 3, NextToken }),
      );
      seen.push(...(page.Instances ?? []).map((i) => i.Id!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    const services: string[] = [];
    NextToken = undefined;
    do {
      const page: ListServicesCommandOutput = await sd.send(
        new ListServicesCommand({
          MaxResults: 2,
          NextToken,
          Filters: [{ Name: 'NAMESPACE_ID', Values: [ns.id], Condition: 'EQ' }],
        }),
      );
      services.push(...(page.Services ?? []).map((s) => s.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    const health = await sd.send(
      new GetInstancesHealthStatusCommand({ ServiceId: Service!.Id, MaxResults: 5 }),
    );
    const ops = await sd.send(
      new ListOperationsCommand({
        MaxResults: 4,
        Filters: [
          { Name: 'TYPE', Values: ['REGISTER_INSTANCE'], Condition: 'IN' },
          { Name: 'SERVICE_ID', Values: [Service!.Id!] },
        ],
      }),
    );
    const badToken = await failure(sd.send(new ListServicesCommand({ NextToken: 'garbage' })));
    // Assess
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect(services).toEqual(['many', 'extra-0', 'extra-1', 'extra-2', 'extra-3']);
    expect(Object.keys(health.Status ?? {})).toHaveLength(5);
    expect(Object.values(health.Status ?? {})).toEqual(Array(5).fill('UNKNOWN'));
    expect(health.NextToken).toEqual(expect.any(String));
    expect(ops.Operations).toHaveLength(4);
    expect(ops.NextToken).toEqual(expect.any(String));
    expect(badToken).toMatchObject({ name: 'InvalidInput', status: 400 });
  });

  it('filters namespaces and operations and validates filter conditions', async () => {
    // Prepare
    const ns = await httpNamespace(unique('filterme'));
    // Act
    const byName = await sd.send(
      new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: [ns.name], Condition: 'EQ' }] }),
    );
    const byPrefix = await sd.send(
      new ListNamespacesCommand({
        Filters: [{ Name: 'NAME', Values: ['filterme'], Condition: 'BEGINS_WITH' }],
      }),
    );
    const byNamespace = await sd.send(
      new ListOperationsCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [ns.id] }] }),
    );
    const badCondition = await failure(
      sd.send(
        new ListOperationsCommand({ Filters: [{ Name: 'UPDATE_DATE', Values: ['1'], Condition: 'EQ' }] }),
      ),
    );
    // Assess
    expect(byName.Namespaces?.map((n) => n.Id)).toEqual([ns.id]);
    expect(byPrefix.Namespaces?.map((n) => n.Id)).toContain(ns.id);
    expect(byNamespace.Operations).toEqual([{ Id: expect.any(String), Status: 'SUCCESS' }]);
    expect(badCondition).toMatchObject({ name: 'InvalidInput' });
    expect(badCondition.message).toMatch(/UPDATE_DATE/);
  });

  it('changes the instances revision on register/deregister/attribute change but not on health', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(
      new CreateServiceCommand({ Name: 'rev', NamespaceId: ns.id, HealthCheckCustomConfig: {} }),
    );
    const q = { NamespaceName: ns.name, ServiceName: 'rev' };
    const rev = async () => (await sd.send(new DiscoverInstancesRevisionCommand(q))).InstancesRevision;
    const register = async (attrs: Record<string, string>) =>
      settle(
        (
          await sd.send(
            new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'a', Attributes: attrs }),
          )
        ).OperationId,
      );
    const r0 = await rev();
    // Act
    await register({ v: '1' });
    const r1 = await rev();
    await register({ v: '1' });
    const r1same = await rev();
    await register({ v: '2' });
    const r2 = await rev();
    await sd.send(
      new UpdateInstanceCustomHealthStatusCommand({
        ServiceId: Service!.Id,
        InstanceId: 'a',
        Status: 'UNHEALTHY',
      }),
    );
    const r2health = await rev();
    const unhealthy = await sd.send(new DiscoverInstancesCommand({ ...q, HealthStatus: 'UNHEALTHY' }));
    const healthyOnly = await sd.send(new DiscoverInstancesCommand({ ...q, HealthStatus: 'HEALTHY' }));
    const failOpen = await sd.send(
      new DiscoverInstancesCommand({ ...q, HealthStatus: 'HEALTHY_OR_ELSE_ALL' }),
    );
    await settle(
      (await sd.send(new DeregisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'a' }))).OperationId,
    );
    const r3 = await rev();
    // Assess
    expect(r1).toBeGreaterThan(r0!);
    expect(r1same).toBe(r1);
    expect(r2).toBeGreaterThan(r1!);
    expect(r2health).toBe(r2);
    expect(unhealthy.Instances?.map((i) => i.HealthStatus)).toEqual(['UNHEALTHY']);
    expect(healthyOnly.Instances).toEqual([]);
    expect(failOpen.Instances?.map((i) => i.InstanceId)).toEqual(['a']);
    expect(r3).toBeGreaterThan(r2!);
  });

  it('applies QueryParameters, OptionalParameters and MaxResults like DiscoverInstances', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(new CreateServiceCommand({ Name: 'mix', NamespaceId: ns.id }));
    const add = async (id: string, attrs: Record<string, string>) =>
      settle(
        (
          await sd.send(
            new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: id, Attributes: attrs }),
          )
        ).OperationId,
      );
    await add('v1-a', { version: 'v1', az: 'a' });
    await add('v1-b', { version: 'v1', az: 'b' });
    await add('v2-a', { version: 'v2', az: 'a' });
    const q = { NamespaceName: ns.name, ServiceName: 'mix' };
    const ids = (r: { Instances?: { InstanceId?: string }[] }) =>
      (r.Instances ?? []).map((i) => i.InstanceId).sort();
    // Act
    const v1 = await sd.send(new DiscoverInstancesCommand({ ...q, QueryParameters: { version: 'v1' } }));
    const v1a = await sd.send(
      new DiscoverInstancesCommand({
        ...q,
        QueryParameters: { version: 'v1' },
        OptionalParameters: { az: 'a' },
      }),
    );
    const v1c = await sd.send(
      new DiscoverInstancesCommand({
        ...q,
        QueryParameters: { version: 'v1' },
        OptionalParameters: { az: 'c' },
      }),
    );
    const two = await sd.send(new DiscoverInstancesCommand({ ...q, MaxResults: 2 }));
    const tooMany = await failure(sd.send(new DiscoverInstancesCommand({ ...q, MaxResults: 1001 })));
    const noHealthCheck = await sd.send(new DiscoverInstancesCommand({ ...q, HealthStatus: 'UNHEALTHY' }));
    // Assess
    expect(ids(v1)).toEqual(['v1-a', 'v1-b']);
    expect(ids(v1a)).toEqual(['v1-a']);
    expect(ids(v1c)).toEqual(['v1-a', 'v1-b']);
    expect(two.Instances).toHaveLength(2);
    expect(tooMany).toMatchObject({ name: 'InvalidInput', status: 400 });
    expect(tooMany.message).toMatch(/MaxResults/);
    // HealthStatus is ignored for services without a health check (AWS API reference).
    expect(ids(noHealthCheck)).toEqual(['v1-a', 'v1-b', 'v2-a']);
  });

  it('enforces the instance attribute limits and reserved AWS_ names', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(new CreateServiceCommand({ Name: 'attrs', NamespaceId: ns.id }));
    const register = (InstanceId: string, Attributes: Record<string, string>) =>
      sd.send(new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId, Attributes }));
    const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v']));
    const thirtyOne = { ...thirty, k30: 'v' };
    const exactly5000 = {
      a: 'x'.repeat(999),
      b: 'x'.repeat(999),
      c: 'x'.repeat(999),
      d: 'x'.repeat(999),
      e: 'x'.repeat(999),
    };
    // Act
    const ok30 = await register('ok30', {
      ...thirty,
      AWS_INSTANCE_IPV4: '10.0.0.1',
      AWS_INSTANCE_PORT: '80',
    });
    const bad31 = await failure(register('bad31', thirtyOne));
    const ok5000 = await register('ok5000', exactly5000);
    const bad5001 = await failure(register('bad5001', { ...exactly5000, f: '' }));
    const reserved = await failure(register('reserved', { AWS_SECRET: 'x', AWS_INSTANCE_IPV4: '10.0.0.1' }));
    const badHealth = await failure(register('bh', { AWS_INIT_HEALTH_STATUS: 'MAYBE' }));
    // Assess
    expect(ok30.OperationId).toEqual(expect.any(String));
    expect(bad31).toMatchObject({ name: 'InvalidInput', status: 400 });
    expect(bad31.message).toMatch(/31 custom attributes.*30/);
    expect(ok5000.OperationId).toEqual(expect.any(String));
    expect(bad5001.message).toMatch(/5001 characters.*5000/);
    expect(reserved.message).toMatch(/AWS_SECRET.*reserved/);
    expect(badHealth.message).toMatch(/AWS_INIT_HEALTH_STATUS "MAYBE"/);
  });

  it('manages service attributes, tags and custom health', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(
      new CreateServiceCommand({
        Name: 'tagged',
        NamespaceId: ns.id,
        HealthCheckCustomConfig: {},
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    );
    await settle(
      (
        await sd.send(
          new RegisterInstanceCommand({
            ServiceId: Service!.Id,
            InstanceId: 'i',
            Attributes: { AWS_INIT_HEALTH_STATUS: 'UNHEALTHY' },
          }),
        )
      ).OperationId,
    );
    // Act
    await sd.send(
      new UpdateServiceAttributesCommand({ ServiceId: Service!.Id, Attributes: { a: '1', b: '2' } }),
    );
    await sd.send(new DeleteServiceAttributesCommand({ ServiceId: Service!.Id, Attributes: ['a'] }));
    const attrs = await sd.send(new GetServiceAttributesCommand({ ServiceId: Service!.Id }));
    const tooManyAttrs = await failure(
      sd.send(
        new UpdateServiceAttributesCommand({
          ServiceId: Service!.Id,
          Attributes: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${i}`, 'v'])),
        }),
      ),
    );
    await sd.send(
      new TagResourceCommand({ ResourceARN: Service!.Arn, Tags: [{ Key: 'env', Value: 'prod' }] }),
    );
    await sd.send(new UntagResourceCommand({ ResourceARN: Service!.Arn, TagKeys: ['team'] }));
    const tags = await sd.send(new ListTagsForResourceCommand({ ResourceARN: Service!.Arn }));
    const tooManyTags = await failure(
      sd.send(
        new TagResourceCommand({
          ResourceARN: Service!.Arn,
          Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `t${i}`, Value: 'v' })),
        }),
      ),
    );
    const before = await sd.send(new GetInstancesHealthStatusCommand({ ServiceId: Service!.Id }));
    await sd.send(
      new UpdateInstanceCustomHealthStatusCommand({
        ServiceId: Service!.Id,
        InstanceId: 'i',
        Status: 'HEALTHY',
      }),
    );
    const after = await sd.send(
      new GetInstancesHealthStatusCommand({ ServiceId: Service!.Id, Instances: ['i'] }),
    );
    // Assess
    expect(attrs.ServiceAttributes).toEqual({
      ServiceArn: Service!.Arn,
      ResourceOwner: '111122223333',
      Attributes: { b: '2' },
    });
    expect(tooManyAttrs).toMatchObject({ name: 'ServiceAttributesLimitExceededException', status: 400 });
    expect(tags.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(tooManyTags).toMatchObject({
      name: 'TooManyTagsException',
      status: 400,
      ResourceName: Service!.Arn,
    });
    expect(before.Status).toEqual({ i: 'UNHEALTHY' });
    expect(after.Status).toEqual({ i: 'HEALTHY' });
  });

  it('checks DNS services: record combinations, required IP attributes, UpdateService', async () => {
    // Prepare
    const op = await sd.send(
      new CreatePrivateDnsNamespaceCommand({ Name: `${unique('dns')}.local`, Vpc: 'vpc-9' }),
    );
    const nsId = (await settle(op.OperationId)).Targets!.NAMESPACE!;
    // Act
    const { Service } = await sd.send(
      new CreateServiceCommand({
        Name: 'web',
        NamespaceId: nsId,
        DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 60 }] },
      }),
    );
    const badCombo = await failure(
      sd.send(
        new CreateServiceCommand({
          Name: 'bad',
          NamespaceId: nsId,
          DnsConfig: {
            DnsRecords: [
              { Type: 'SRV', TTL: 60 },
              { Type: 'CNAME', TTL: 60 },
            ],
          },
        }),
      ),
    );
    const missingIp = await failure(
      sd.send(
        new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'x', Attributes: { k: 'v' } }),
      ),
    );
    const upd = await sd.send(
      new UpdateServiceCommand({
        Id: Service!.Id,
        Service: { Description: 'd', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }] } },
      }),
    );
    const updated = await sd.send(new GetServiceCommand({ Id: Service!.Id }));
    // Assess
    expect(Service).toMatchObject({ Type: 'DNS_HTTP', DnsConfig: { RoutingPolicy: 'MULTIVALUE' } });
    expect(badCombo).toMatchObject({ name: 'InvalidInput' });
    expect(badCombo.message).toMatch(/SRV, CNAME/);
    expect(missingIp.message).toMatch(/AWS_INSTANCE_IPV4 is required/);
    expect((await settle(upd.OperationId)).Type).toBe('UPDATE_SERVICE');
    expect(updated.Service).toMatchObject({
      Description: 'd',
      DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }] },
    });
  });

  it('deletes a service and its namespace once empty, asynchronously', async () => {
    // Prepare
    const ns = await httpNamespace();
    const { Service } = await sd.send(new CreateServiceCommand({ Name: 'gone', NamespaceId: ns.id }));
    // Act
    await sd.send(new DeleteServiceCommand({ Id: Service!.Arn }));
    const del = await sd.send(new DeleteNamespaceCommand({ Id: ns.id }));
    const op = await settle(del.OperationId);
    const after = await failure(sd.send(new GetNamespaceCommand({ Id: ns.id })));
    // Assess
    expect(op).toMatchObject({ Type: 'DELETE_NAMESPACE', Status: 'SUCCESS', Targets: { NAMESPACE: ns.id } });
    expect(after).toMatchObject({ name: 'NamespaceNotFound' });
  });
});

describe('Cloud Map endpoint state and faults', () => {
  const clientFor = (url: string) =>
    new ServiceDiscoveryClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      disableHostPrefix: true,
      maxAttempts: 1,
    });

  it('keeps namespaces, services and instances across a restart with a state file', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-cloudmap-'));
    const stateFile = join(dir, 'state.json');
    const first = await startLocalEndpoint({ port: 0, stateFile });
    const c1 = clientFor(first.url);
    const { OperationId } = await c1.send(new CreateHttpNamespaceCommand({ Name: 'persist.local' }));
    const nsId = (await c1.send(new GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
    const { Service } = await c1.send(new CreateServiceCommand({ Name: 'api', NamespaceId: nsId }));
    await c1.send(
      new RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: 'i-1', Attributes: { v: '1' } }),
    );
    const before = await c1.send(
      new DiscoverInstancesRevisionCommand({ NamespaceName: 'persist.local', ServiceName: 'api' }),
    );
    c1.destroy();
    await first.close();
    // Act
    const second = await startLocalEndpoint({ port: 0, stateFile });
    const c2 = clientFor(second.url);
    const found = await c2.send(
      new DiscoverInstancesCommand({ NamespaceName: 'persist.local', ServiceName: 'api' }),
    );
    const ns = await c2.send(new GetNamespaceCommand({ Id: nsId }));
    c2.destroy();
    await second.close();
    await rm(dir, { recursive: true, force: true });
    // Assess
    expect(found.Instances?.map((i) => i.InstanceId)).toEqual(['i-1']);
    expect(found.InstancesRevision).toBe(before.InstancesRevision);
    expect(ns.Namespace?.ServiceCount).toBe(1);
  });

  it('answers throttled discovery with RequestLimitExceeded 429', async () => {
    // Prepare
    const throttled = await startLocalEndpoint({
      port: 0,
      faults: {
        seed: 1,
        throttle: { reads: { rate: 0.001, burst: 1 } },
        operations: ['DiscoverInstancesRevision'],
      },
    });
    const c = clientFor(throttled.url);
    const { OperationId } = await c.send(new CreateHttpNamespaceCommand({ Name: 'busy.local' }));
    const nsId = (await c.send(new GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
    await c.send(new CreateServiceCommand({ Name: 'api', NamespaceId: nsId }));
    const q = { NamespaceName: 'busy.local', ServiceName: 'api' };
    // Act
    const ok = await c.send(new DiscoverInstancesRevisionCommand(q));
    const error = await failure(c.send(new DiscoverInstancesRevisionCommand(q)));
    c.destroy();
    await throttled.close();
    // Assess
    expect(typeof ok.InstancesRevision).toBe('number');
    expect(error).toMatchObject({ name: 'RequestLimitExceeded', status: 429 });
  });
});
