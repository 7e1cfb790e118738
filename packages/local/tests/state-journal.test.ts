import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalEndpointError, startLocalEndpoint } from '../src/index.js';
import type { HostedService } from '../src/server/hosted-service.js';
import { hostedAppMesh, hostedCloudMap } from '../src/server/hosted-services.js';
import { journalPathOf } from '../src/state/journal.js';
import { openStateFile } from '../src/state/open-state.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'meshplane-journal-'));
const ctx = { region: 'us-east-1', accountId: '000000000000', now: () => new Date(1_800_000_000_000) };
const listener = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] };

function services(): HostedService[] {
  return [hostedAppMesh(), hostedCloudMap(ctx.region, ctx.accountId)];
}

/** Runs operations against the hosted services, persisting after each as the endpoint does. */
async function run(
  hosted: HostedService[],
  writer: { persist(): Promise<void> },
  calls: Array<[number, string, Record<string, unknown>]>,
): Promise<unknown[]> {
  const outputs: unknown[] = [];
  for (const [index, operation, input] of calls) {
    outputs.push(await hosted[index]!.service.handle(operation, input, ctx));
    await writer.persist();
  }
  return outputs;
}

/** Every App Mesh and Cloud Map write kind, so a change that the journal misses shows up. */
async function everyKindOfWrite(
  hosted: HostedService[],
  writer: { persist(): Promise<void> },
): Promise<void> {
  const A = 0;
  const C = 1;
  await run(hosted, writer, [
    [A, 'CreateMesh', { meshName: 'm', clientToken: 't1' }],
    [A, 'CreateVirtualNode', { meshName: 'm', virtualNodeName: 'n', spec: listener }],
    [A, 'CreateVirtualNode', { meshName: 'm', virtualNodeName: 'gone', spec: listener }],
    [A, 'DeleteVirtualNode', { meshName: 'm', virtualNodeName: 'gone' }],
    [A, 'CreateVirtualRouter', { meshName: 'm', virtualRouterName: 'r', spec: listener }],
    [
      A,
      'CreateRoute',
      {
        meshName: 'm',
        virtualRouterName: 'r',
        routeName: 'x',
        spec: {
          httpRoute: {
            match: { prefix: '/' },
            action: { weightedTargets: [{ virtualNode: 'n', weight: 1 }] },
          },
        },
      },
    ],
    [A, 'UpdateMesh', { meshName: 'm', spec: { egressFilter: { type: 'ALLOW_ALL' } }, clientToken: 't2' }],
  ]);
  const arn = 'arn:aws:appmesh:us-east-1:000000000000:mesh/m/virtualNode/n';
  await run(hosted, writer, [
    [
      A,
      'TagResource',
      {
        resourceArn: arn,
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
        ],
      },
    ],
    [A, 'UntagResource', { resourceArn: arn, tagKeys: ['a'] }],
  ]);
  const [http, dns] = (await run(hosted, writer, [
    [C, 'CreateHttpNamespace', { Name: 'h', CreatorRequestId: 'c1' }],
    [C, 'CreatePrivateDnsNamespace', { Name: 'p.local', Vpc: 'vpc-1' }],
  ])) as Array<{ OperationId: string }>;
  const [httpOp, dnsOp] = (await run(hosted, writer, [
    [C, 'GetOperation', { OperationId: http!.OperationId }],
    [C, 'GetOperation', { OperationId: dns!.OperationId }],
  ])) as Array<{ Operation: { Targets: { NAMESPACE: string } } }>;
  const httpId = httpOp!.Operation.Targets.NAMESPACE;
  const dnsId = dnsOp!.Operation.Targets.NAMESPACE;
  const [svc, dnsSvc] = (await run(hosted, writer, [
    [C, 'CreateService', { Name: 's', NamespaceId: httpId, HealthCheckCustomConfig: {} }],
    [
      C,
      'CreateService',
      { Name: 'd', NamespaceId: dnsId, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } },
    ],
  ])) as Array<{ Service: { Id: string; Arn: string } }>;
  const id = svc!.Service.Id;
  await run(hosted, writer, [
    [
      C,
      'RegisterInstance',
      { ServiceId: id, InstanceId: 'i1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' } },
    ],
  ]);
  const [registered] = (await run(hosted, writer, [
    [
      C,
      'RegisterInstance',
      { ServiceId: id, InstanceId: 'i2', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.2' } },
    ],
  ])) as Array<{ OperationId: string }>;
  await run(hosted, writer, [
    [C, 'GetOperation', { OperationId: registered!.OperationId }],
    [C, 'DeregisterInstance', { ServiceId: id, InstanceId: 'i2' }],
    [C, 'UpdateInstanceCustomHealthStatus', { ServiceId: id, InstanceId: 'i1', Status: 'UNHEALTHY' }],
    [C, 'UpdateServiceAttributes', { ServiceId: id, Attributes: { k: 'v', k2: 'v2' } }],
    [C, 'DeleteServiceAttributes', { ServiceId: id, Attributes: ['k2'] }],
    [
      C,
      'UpdateService',
      {
        Id: dnsSvc!.Service.Id,
        Service: { Description: 'x', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 10 }] } },
      },
    ],
    [C, 'TagResource', { ResourceARN: svc!.Service.Arn, Tags: [{ Key: 'a', Value: '1' }] }],
    [C, 'UntagResource', { ResourceARN: svc!.Service.Arn, TagKeys: ['a'] }],
    [C, 'UpdateHttpNamespace', { Id: httpId, Namespace: { Description: 'described' } }],
    [C, 'DeleteService', { Id: dnsSvc!.Service.Id }],
    [C, 'DeleteNamespace', { Id: dnsId }],
  ]);
}

describe('state journal: writes cost what they change, not the whole state (issue 13 item 9)', () => {
  it('restores exactly the state every kind of write left, from the snapshot and the journal', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    const before = services();
    const writer = await openStateFile(stateFile, before);
    await everyKindOfWrite(before, writer);
    await writer.close();
    const journal = await readFile(journalPathOf(stateFile), 'utf8');
    // Act
    const after = services();
    const reopened = await openStateFile(stateFile, after);
    await reopened.close();
    // Assess: everything came from the journal (the snapshot written at start was empty).
    expect(journal.split('\n').length).toBeGreaterThan(25);
    expect(after.map((h) => h.service.snapshot())).toEqual(before.map((h) => h.service.snapshot()));
  });

  it('appends only the changed resource: the state file is not rewritten and the journal grows by one small line', async () => {
    // Prepare: about 2 MB of state.
    const stateFile = join(await tempDir(), 'state.json');
    const hosted = services();
    const big = {
      ...listener,
      backends: Array.from({ length: 50 }, (_, i) => ({
        virtualService: { virtualServiceName: `${'b'.repeat(230)}-${i}.local` },
      })),
    };
    for (let m = 0; m < 1; m++) {
      await hosted[0]!.service.handle('CreateMesh', { meshName: `m${m}` }, ctx);
      for (let n = 0; n < 170; n++)
        await hosted[0]!.service.handle(
          'CreateVirtualNode',
          { meshName: `m${m}`, virtualNodeName: `n${n}`, spec: big },
          ctx,
        );
    }
    const writer = await openStateFile(stateFile, hosted);
    const stateBefore = await stat(stateFile);
    const journalBefore = (await stat(journalPathOf(stateFile))).size;
    // Act
    await hosted[0]!.service.handle('CreateMesh', { meshName: 'one-more' }, ctx);
    await writer.persist();
    const stateAfter = await stat(stateFile);
    const journalAfter = (await stat(journalPathOf(stateFile))).size;
    await writer.close();
    // Assess
    expect(stateBefore.size).toBeGreaterThan(2_000_000);
    expect(stateAfter.mtimeMs).toBe(stateBefore.mtimeMs);
    expect(stateAfter.size).toBe(stateBefore.size);
    expect(journalAfter - journalBefore).toBeLessThan(1_000);
  });

  it('compacts the journal into a new snapshot once it outgrows the state, keeping every write', async () => {
    // Prepare: each update stores a node of ~12 KB, so ~90 writes outgrow the 1 MiB journal.
    const stateFile = join(await tempDir(), 'state.json');
    const hosted = services();
    const writer = await openStateFile(stateFile, hosted);
    const backends = Array.from({ length: 50 }, (_, i) => ({
      virtualService: { virtualServiceName: `${'x'.repeat(200)}-${i}` },
    }));
    const spec = (port: number) => ({ listeners: [{ portMapping: { port, protocol: 'http' } }], backends });
    await run(hosted, writer, [
      [0, 'CreateMesh', { meshName: 'm' }],
      [0, 'CreateVirtualNode', { meshName: 'm', virtualNodeName: 'n', spec: spec(1000) }],
    ]);
    // Act
    await run(
      hosted,
      writer,
      Array.from(
        { length: 150 },
        (_, i) =>
          [0, 'UpdateVirtualNode', { meshName: 'm', virtualNodeName: 'n', spec: spec(1001 + i) }] as [
            number,
            string,
            Record<string, unknown>,
          ],
      ),
    );
    await writer.close();
    const document = JSON.parse(await readFile(stateFile, 'utf8'));
    const journalBytes = (await stat(journalPathOf(stateFile))).size;
    const again = services();
    await (await openStateFile(stateFile, again)).close();
    // Assess
    expect(document.generation).toBeGreaterThan(1);
    expect(journalBytes).toBeLessThan(1_100_000);
    expect(again[0]!.service.snapshot()).toEqual(hosted[0]!.service.snapshot());
    const node = (await again[0]!.service.handle(
      'DescribeVirtualNode',
      { meshName: 'm', virtualNodeName: 'n' },
      ctx,
    )) as {
      virtualNode: {
        spec: { listeners: Array<{ portMapping: { port: number } }> };
        metadata: { version: number };
      };
    };
    expect(node.virtualNode.spec.listeners[0]!.portMapping.port).toBe(1150);
    expect(node.virtualNode.metadata.version).toBe(151);
  });

  it('leaves out a last line cut short by a crash, and ignores a journal older than its snapshot', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    const hosted = services();
    const writer = await openStateFile(stateFile, hosted);
    await run(hosted, writer, [[0, 'CreateMesh', { meshName: 'kept' }]]);
    await writer.close();
    await appendFile(journalPathOf(stateFile), '{"changes":{"appmesh":[["half');
    const torn = services();
    await (await openStateFile(stateFile, torn)).close();
    // A crash after a compacted snapshot (generation n+1) and before its journal: the old journal stays.
    const document = JSON.parse(await readFile(stateFile, 'utf8'));
    await writeFile(
      journalPathOf(stateFile),
      `${JSON.stringify({ format: 'meshplane-local-journal', generation: document.generation - 1 })}\n${JSON.stringify({ changes: { appmesh: [['["us-east-1/000000000000","r|mesh|stale||stale"]', null]] } })}\n`,
    );
    const stale = services();
    await (await openStateFile(stateFile, stale)).close();
    // Assess
    const names = (h: HostedService[]) =>
      (
        (h[0]!.service.snapshot() as { partitions: Record<string, { resources: Array<{ name: string }> }> })
          .partitions['us-east-1/000000000000']?.resources ?? []
      ).map((r) => r.name);
    expect(names(torn)).toEqual(['kept']);
    expect(names(stale)).toEqual(['kept']);
  });

  it('refuses a journal with a corrupt line in the middle and leaves both files untouched', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    const hosted = services();
    const writer = await openStateFile(stateFile, hosted);
    await run(hosted, writer, [
      [0, 'CreateMesh', { meshName: 'a' }],
      [0, 'CreateMesh', { meshName: 'b' }],
    ]);
    await writer.close();
    const lines = (await readFile(journalPathOf(stateFile), 'utf8')).split('\n');
    lines[1] = '{"changes": 7}';
    await writeFile(journalPathOf(stateFile), lines.join('\n'));
    const journal = await readFile(journalPathOf(stateFile), 'utf8');
    const state = await readFile(stateFile, 'utf8');
    // Act
    const error = await startLocalEndpoint({ port: 0, stateFile }).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.code).toBe('STATE_FILE_CORRUPT');
    expect(error.message).toContain('line 2 has no "changes" object');
    expect(error.message).toContain('never overwritten');
    expect(await readFile(journalPathOf(stateFile), 'utf8')).toBe(journal);
    expect(await readFile(stateFile, 'utf8')).toBe(state);
  });
});

describe('state journal: a hosted service without change tracking', () => {
  it('journals its whole snapshot on each write and restores the latest one', async () => {
    // Prepare: a Cloud Map stand-in that counts, with snapshot/restore but no journal.
    const counter = () => {
      let state = { version: 1, count: 0 };
      return {
        operations: ['CreateHttpNamespace'],
        handle: () => {
          state = { ...state, count: state.count + 1 };
          return { OperationId: `op-${state.count}` };
        },
        snapshot: () => structuredClone(state),
        restore: (next: unknown) => {
          state = structuredClone(next as typeof state);
        },
      };
    };
    const stateFile = join(await tempDir(), 'state.json');
    const first = await startLocalEndpoint({ port: 0, stateFile, cloudMapService: counter() });
    const call = () =>
      fetch(first.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Route53AutoNaming_v20170314.CreateHttpNamespace',
        },
        body: '{"Name":"n"}',
      }).then((r) => r.json());
    await call();
    await call();
    await call();
    await first.close();
    const journal = await readFile(journalPathOf(stateFile), 'utf8');
    // Act
    const restored = counter();
    const second = await startLocalEndpoint({ port: 0, stateFile, cloudMapService: restored });
    await second.close();
    // Assess
    expect(journal).toContain('"cloudmap":[["*",{"version":1,"count":3}]]');
    expect(restored.snapshot()).toEqual({ version: 1, count: 3 });
  });
});
