import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto } from '../../../../scripts/moto-server.js';
import type { SourceReading } from '../../src/sources/model-source.js';
import { XdsSourceError } from '../../src/sources/model-source.js';
import { s3Source } from '../../src/sources/s3-source.js';

const mesh = (type: string) => JSON.stringify({ meshName: 'shop', spec: { egressFilter: { type } } });
const egress = (r: SourceReading | undefined) =>
  (r?.model?.resources[0]?.spec as { egressFilter?: { type?: string } } | undefined)?.egressFilter?.type;

describe('s3Source against moto', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let client: S3Client;
  let dir = '';
  // Counts GETs and their answers at the client (moto has no per-call stats).
  const answers: number[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    client = new S3Client({
      endpoint: moto.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          const out = await next(args);
          answers.push((out.response as { statusCode: number }).statusCode);
          return out;
        } catch (error) {
          answers.push((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0);
          throw error;
        }
      },
      { step: 'deserialize', name: 'countAnswers' },
    );
    await client.send(new CreateBucketCommand({ Bucket: 'meshes' }));
    dir = await mkdtemp(join(tmpdir(), 'xds-s3-'));
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await moto?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GETs once, then answers 304 while unchanged, and delivers a new version after a put', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'meshes', Key: 'a/mesh.json', Body: mesh('DROP_ALL') }));
    const seen: SourceReading[] = [];
    let changed!: () => void;
    const gotChange = new Promise<void>((resolve) => {
      changed = resolve;
    });
    const cacheFile = join(dir, 'a.json');
    const source = s3Source({
      bucket: 'meshes',
      key: 'a/mesh.json',
      s3: { client },
      intervalMs: 100,
      cacheFile,
    });
    answers.length = 0;
    // Act
    await source.start((r) => {
      seen.push(r);
      if (egress(r) === 'ALLOW_ALL') changed();
    });
    await new Promise((r) => setTimeout(r, 450));
    const beforePut = [...answers];
    await client.send(
      new PutObjectCommand({ Bucket: 'meshes', Key: 'a/mesh.json', Body: mesh('ALLOW_ALL') }),
    );
    await gotChange;
    await source.close();
    // Assess
    expect(egress(seen[0])).toBe('DROP_ALL');
    expect(seen[0]!.origin).toMatch(/^s3:\/\/meshes\/a\/mesh\.json ETag "/);
    expect(beforePut[0]).toBe(200);
    expect(beforePut.length).toBeGreaterThanOrEqual(3);
    expect(beforePut.slice(1).every((s) => s === 304)).toBe(true);
    // Unchanged polls deliver nothing: one reading at start, one after the put.
    expect(seen.map(egress)).toEqual(['DROP_ALL', 'ALLOW_ALL']);
    expect(await readFile(cacheFile, 'utf8')).toBe(mesh('ALLOW_ALL'));
  });

  it('delivers a broken object as parse issues and keeps polling from its ETag', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'meshes', Key: 'b.json', Body: '{ "meshName": ' }));
    const seen: SourceReading[] = [];
    const source = s3Source({ bucket: 'meshes', key: 'b.json', s3: { client }, intervalMs: 100 });
    // Act
    await source.start((r) => seen.push(r));
    await new Promise((r) => setTimeout(r, 300));
    await source.close();
    // Assess
    expect(seen).toHaveLength(1);
    expect(seen[0]!.model?.resources ?? []).toEqual([]);
    expect(seen[0]!.issues[0]).toMatchObject({
      code: 'PARSE_ERROR',
      severity: 'error',
      file: 's3://meshes/b.json',
    });
  });

  it('a missing object is SOURCE_UNAVAILABLE; with a cache file the last good copy is read instead', async () => {
    // Prepare
    const cacheFile = join(dir, 'a.json');
    const plain: SourceReading[] = [];
    const cached: SourceReading[] = [];
    // Act
    const a = s3Source({ bucket: 'meshes', key: 'missing.json', s3: { client } });
    await a.start((r) => plain.push(r));
    await a.close();
    const b = s3Source({ bucket: 'meshes', key: 'missing.json', s3: { client }, cacheFile });
    await b.start((r) => cached.push(r));
    await b.close();
    // Assess
    expect(plain[0]!.model).toBeUndefined();
    expect(plain[0]!.issues[0]).toMatchObject({ code: 'SOURCE_UNAVAILABLE', severity: 'error' });
    expect(plain[0]!.issues[0]!.message).toContain('NoSuchKey');
    expect(egress(cached[0])).toBe('ALLOW_ALL');
    expect(cached[0]!.origin).toContain('last good copy');
    expect(cached[0]!.issues).toMatchObject([{ code: 'SOURCE_UNAVAILABLE', severity: 'warning' }]);
  });

  it('refuses bad options all at once', () => {
    // Act
    let error: unknown;
    try {
      s3Source({ bucket: '', key: 'k', s3: {} as never, intervalMs: 5 });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(XdsSourceError);
    expect((error as Error).message).toBe(
      'invalid S3 source options: bucket "" must be a non-empty string; s3 must be { client } or { clientConfig } (exactly one); intervalMs 5 must be a number of milliseconds >= 100',
    );
  });
});
