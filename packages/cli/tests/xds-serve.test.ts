import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppMeshClient, CreateMeshCommand, CreateVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import type { ControlPlane, ControlPlaneAddresses } from '@meshplane/xds';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMoto } from '../../../scripts/moto-server.js';
import { registerXds } from '../src/commands/xds.js';
import { EXIT } from '../src/exit-codes.js';

const mesh = (port: number) =>
  JSON.stringify([
    { meshName: 'shop', spec: {} },
    {
      meshName: 'shop',
      virtualNodeName: 'web',
      spec: {
        listeners: [{ portMapping: { port, protocol: 'http' } }],
        serviceDiscovery: { dns: { hostname: 'web.shop.local' } },
        backends: [{ virtualService: { virtualServiceName: 'api.shop.local' } }],
      },
    },
    {
      meshName: 'shop',
      virtualNodeName: 'api',
      spec: {
        listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
        serviceDiscovery: { awsCloudMap: { namespaceName: 'shop.local', serviceName: 'api' } },
      },
    },
    {
      meshName: 'shop',
      virtualServiceName: 'api.shop.local',
      spec: { provider: { virtualNode: { virtualNodeName: 'api' } } },
    },
  ]);

/** `meshplane xds serve …` in-process, stopped by the test. */
function serve(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let ready!: (v: { cp: ControlPlane; addresses: ControlPlaneAddresses }) => void;
  const readyPromise = new Promise<{ cp: ControlPlane; addresses: ControlPlaneAddresses }>((resolve) => {
    ready = resolve;
  });
  const program = new Command('meshplane').exitOverride();
  program.configureOutput({ writeOut: (t) => out.push(t), writeErr: (t) => err.push(t) });
  registerXds(program, {
    output: { out: (t) => out.push(t), err: (t) => err.push(t) },
    waitForStop: () => stopped,
    onReady: (cp, addresses) => ready({ cp, addresses }),
  });
  process.exitCode = undefined;
  const run = program.parseAsync(['node', 'meshplane', 'xds', 'serve', ...args]).then(() => {
    const code = process.exitCode ?? EXIT.OK;
    process.exitCode = undefined;
    return code;
  });
  return { run, stop, ready: readyPromise, out, err };
}

describe('meshplane xds serve', () => {
  let dir = '';
  let local: LocalEndpoint;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xds-serve-'));
    local = await startLocalEndpoint({ port: 0 });
  });
  afterAll(async () => {
    await local?.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('serves a watched model on a socket with status, follows an edit, and stops cleanly with exit 0', async () => {
    // Prepare
    const file = join(dir, 'mesh.json');
    await writeFile(file, mesh(8080));
    const socket = join(dir, 'xds.sock');
    const s = serve([file, '--socket', socket, '--status', '127.0.0.1:0', '--endpoint', local.url]);
    const { cp, addresses } = await s.ready;
    const first = (await (await fetch(`${addresses.statusUrl}/status`)).json()) as ReturnType<
      ControlPlane['status']
    >;
    // Act
    await writeFile(file, mesh(9090));
    const deadline = Date.now() + 5_000;
    while (
      cp.status().controlPlane.model.version === first.controlPlane.model.version &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = cp.status().controlPlane.model.version;
    s.stop();
    const code = await s.run;
    // Assess
    expect(addresses.socket).toBe(socket);
    expect(first.controlPlane.source).toBe(`file ${file}`);
    expect(first.nodes.map((n) => n.nodeId)).toEqual([
      'mesh/shop/virtualNode/api',
      'mesh/shop/virtualNode/web',
    ]);
    expect(second).not.toBe(first.controlPlane.model.version);
    expect(code).toBe(EXIT.OK);
    expect(s.out.join('')).toMatch(
      /info: serving model version [0-9a-f]{16} from .*mesh\.json: 2 node\(s\), 2 changed/,
    );
    // Cloud Map was asked (the service does not exist in the local endpoint: a logged problem, not a crash).
    expect(s.err.join('')).toContain(
      'warn: shop.local/api: Cloud Map call failed, keeping the last endpoints',
    );
  });

  it('logs JSON lines with --json', async () => {
    // Prepare
    const file = join(dir, 'json.json');
    await writeFile(file, mesh(8080));
    const s = serve([file, '--listen', '127.0.0.1:0', '--json', '--endpoint', local.url]);
    // Act
    await s.ready;
    s.stop();
    await s.run;
    const lines = s.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; msg: string; type?: string });
    // Assess
    expect(lines.find((l) => l.type === 'model-applied')?.level).toBe('info');
    expect(lines.some((l) => l.msg.startsWith('xDS control plane listening'))).toBe(true);
  });

  it('exits 2 when the first model does not validate, printing its issues', async () => {
    // Prepare
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        meshName: 'shop',
        virtualNodeName: 'web',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      }),
    );
    const s = serve([file, '--listen', '127.0.0.1:0', '--endpoint', local.url]);
    // Act
    const code = await s.run;
    // Assess
    expect(code).toBe(EXIT.INVALID_INPUT);
    expect(s.err.join('')).toContain('[MISSING_SERVICE_DISCOVERY]');
    expect(s.err.join('')).toContain('error: the model cannot be served; fix it and start again');
  });

  it('serves a mesh read from an App Mesh endpoint (appmesh://<mesh>)', async () => {
    // Prepare
    const client = new AppMeshClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    await client.send(new CreateMeshCommand({ meshName: 'remote' }));
    await client.send(
      new CreateVirtualNodeCommand({
        meshName: 'remote',
        virtualNodeName: 'web',
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
          serviceDiscovery: { dns: { hostname: 'web.local' } },
        },
      }),
    );
    client.destroy();
    const s = serve(['appmesh://remote', '--listen', '127.0.0.1:0', '--endpoint', local.url]);
    // Act
    const { cp } = await s.ready;
    const status = cp.status();
    s.stop();
    const code = await s.run;
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(status.controlPlane.source).toBe('App Mesh meshes remote');
    expect(status.nodes.map((n) => n.nodeId)).toEqual(['mesh/remote/virtualNode/web']);
  });

  it('serves a model from an S3 object (s3://<bucket>/<key>, moto) and keeps its last good copy in --cache-file', async () => {
    // Prepare
    const moto = await startMoto();
    const s3 = new S3Client({
      endpoint: moto.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'meshes' }));
      await s3.send(new PutObjectCommand({ Bucket: 'meshes', Key: 'shop.json', Body: mesh(8080) }));
      const cacheFile = join(dir, 'shop-cache.json');
      const s = serve([
        's3://meshes/shop.json',
        '--listen',
        '127.0.0.1:0',
        '--s3-endpoint',
        moto.url,
        '--cache-file',
        cacheFile,
        '--endpoint',
        local.url,
      ]);
      // Act
      const { cp } = await s.ready;
      const status = cp.status();
      s.stop();
      const code = await s.run;
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(status.controlPlane.source).toBe('s3://meshes/shop.json');
      expect(status.controlPlane.model.origin).toMatch(/^s3:\/\/meshes\/shop\.json ETag "/);
      expect(status.nodes.map((n) => n.nodeId)).toEqual([
        'mesh/shop/virtualNode/api',
        'mesh/shop/virtualNode/web',
      ]);
      expect(await readFile(cacheFile, 'utf8')).toBe(mesh(8080));
    } finally {
      s3.destroy();
      await moto.close();
    }
  }, 60_000);

  it('exits 2 on bad model arguments for remote sources', async () => {
    // Act
    const mixed = serve(['s3://b/k', 'local.json', '--listen', '127.0.0.1:0', '--cache-file', 'x']);
    const mixedCode = await mixed.run;
    const bad = serve([
      'appmesh://no/such',
      '--listen',
      '127.0.0.1:0',
      '--s3-endpoint',
      'http://127.0.0.1:1',
    ]);
    const badCode = await bad.run;
    // Assess
    expect(mixedCode).toBe(EXIT.INVALID_INPUT);
    expect(mixed.err.join('')).toBe(
      'error: s3://b/k must be the only model argument (got 2): one source per control plane\n',
    );
    expect(badCode).toBe(EXIT.INVALID_INPUT);
    expect(bad.err.join('').split('\n').filter(Boolean)).toEqual([
      'error: --s3-endpoint is for an s3://<bucket>/<key> model',
      'error: appmesh://no/such must be appmesh://<mesh name>',
    ]);
  });

  it('exits 2 on bad flags, each named with its value and rule, all at once', async () => {
    // Act
    const none = serve(['m.json']);
    const noneCode = await none.run;
    const bad = serve([
      'm.json',
      '--listen',
      'nowhere',
      '--status',
      '1.2.3.4:70000',
      '--tls-cert',
      join(dir, 'missing.crt'),
      '--endpoint',
      'ftp://x',
      '--region',
      'Mars',
    ]);
    const badCode = await bad.run;
    // Assess
    expect(noneCode).toBe(EXIT.INVALID_INPUT);
    expect(none.err.join('')).toBe(
      'error: give --socket PATH, --listen HOST:PORT or both: where Envoys connect\n',
    );
    expect(badCode).toBe(EXIT.INVALID_INPUT);
    expect(bad.err.join('').split('\n').filter(Boolean)).toEqual([
      'error: --listen "nowhere" must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:15010',
      'error: --status "1.2.3.4:70000" must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:15010',
      'error: --tls-cert and --tls-key go together: give both or neither',
      `error: --tls-cert ${join(dir, 'missing.crt')}: no such file`,
      'error: --endpoint "ftp://x" must be an http:// or https:// URL',
      'error: --region "Mars" is not a region name like us-east-1',
    ]);
  });
});
