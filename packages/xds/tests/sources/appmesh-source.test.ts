import { AppMeshClient, CreateMeshCommand, CreateVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMeshSource } from '../../src/sources/appmesh-source.js';
import type { SourceReading } from '../../src/sources/model-source.js';
import { XdsSourceError } from '../../src/sources/model-source.js';

describe('appMeshSource against @meshplane/local', () => {
  let endpoint: LocalEndpoint;
  let client: AppMeshClient;

  beforeAll(async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    client = new AppMeshClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await client.send(new CreateMeshCommand({ meshName: 'shop' }));
  });

  afterAll(async () => {
    client?.destroy();
    await endpoint?.close();
  });

  it('reads the mesh at start and delivers a new reading after a change at the endpoint', async () => {
    // Prepare
    const seen: SourceReading[] = [];
    let grown!: () => void;
    const gotNode = new Promise<void>((resolve) => {
      grown = resolve;
    });
    const source = appMeshSource({ meshName: 'shop', appMesh: { client }, intervalMs: 100 });
    // Act
    await source.start((r) => {
      seen.push(r);
      if (r.model?.resources.some((x) => x.kind === 'virtualNode')) grown();
    });
    await client.send(
      new CreateVirtualNodeCommand({
        meshName: 'shop',
        virtualNodeName: 'web',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      }),
    );
    await gotNode;
    await source.close();
    // Assess
    expect(seen[0]!.model?.resources.map((x) => `${x.kind}/${x.name}`)).toEqual(['mesh/shop']);
    expect(seen[0]!.issues).toEqual([]);
    expect(seen.at(-1)!.model?.resources.map((x) => `${x.kind}/${x.name}`)).toEqual([
      'mesh/shop',
      'virtualNode/web',
    ]);
  });

  it('a mesh the endpoint does not have, or an endpoint that is down, is an error issue', async () => {
    // Prepare
    const down = new AppMeshClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const missing: SourceReading[] = [];
    const failed: SourceReading[] = [];
    // Act
    const a = appMeshSource({ meshName: 'nope', appMesh: { client } });
    await a.start((r) => missing.push(r));
    await a.close();
    const b = appMeshSource({ meshName: 'shop', appMesh: { client: down } });
    await b.start((r) => failed.push(r));
    await b.close();
    down.destroy();
    // Assess
    expect(missing[0]!.issues).toEqual([
      {
        code: 'MESH_NOT_FOUND',
        path: 'meshes.nope',
        message: 'the endpoint has no mesh "nope"',
        severity: 'error',
      },
    ]);
    expect(failed[0]!.model).toBeUndefined();
    expect(failed[0]!.issues[0]).toMatchObject({ code: 'SOURCE_UNAVAILABLE', severity: 'error' });
  });

  it('refuses bad options all at once', () => {
    // Act
    let error: unknown;
    try {
      appMeshSource({ meshName: [], appMesh: { client, clientConfig: {} } as never, intervalMs: Number.NaN });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(XdsSourceError);
    expect((error as Error).message).toBe(
      'invalid App Mesh source options: meshName [] must be a mesh name or a non-empty list of them; appMesh must be { client } or { clientConfig } (exactly one); intervalMs NaN must be a number of milliseconds >= 100',
    );
  });
});
