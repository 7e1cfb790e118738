import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClientDuplexStream,
  credentials,
  makeGenericClientConstructor,
  ServerCredentials,
} from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnapshotCache } from '../../src/cache/index.js';
import { TYPE_URLS } from '../../src/contract.js';
import {
  type AdsServer,
  adsClientDefinition,
  createAdsServer,
  encodeSotwRequest,
  type StatusEndpoint,
  startStatusEndpoint,
} from '../../src/server/index.js';
import { adsClient, type SotwResponse } from '../support/ads-client.js';
import { smallSnapshot } from '../support/resources.js';

const NODE = 'mesh/m/virtualNode/a';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function serverWithNode(): AdsServer {
  const cache = createSnapshotCache();
  cache.set(NODE, smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001] } }));
  const server = createAdsServer({ cache, logger: () => {} });
  cleanups.push(() => server.close());
  return server;
}

describe('listening', () => {
  it('serves on a Unix socket and TCP at once, replacing a stale socket file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshplane-xds-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const socket = join(dir, 'xds.sock');
    // A socket file left by a crashed run: a process killed while listening does not unlink it.
    const crashed = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    await new Promise((r) => crashed.once('exit', r));
    expect(lstatSync(socket).isSocket()).toBe(true);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const server = serverWithNode();
    const bound = await server.listen({ socket, address: '127.0.0.1:0' });
    expect(bound.socket).toBe(socket);
    expect(bound.port).toBeGreaterThan(0);
    for (const target of [`unix://${socket}`, `127.0.0.1:${bound.port}`]) {
      const client = adsClient(target);
      const stream = client.sotw();
      stream.send({ node: { id: NODE, cluster: '', userAgent: '' }, typeUrl: TYPE_URLS.listener });
      expect((await stream.next()).resources).toHaveLength(1);
      stream.close();
      client.close();
    }
    expect(existsSync(join(dir, 'keep.txt'))).toBe(true);
  });

  it('serves TLS on TCP with ServerCredentials', async () => {
    const server = serverWithNode();
    const creds = ServerCredentials.createSsl(
      null,
      [{ private_key: fixture('server.key'), cert_chain: fixture('server.crt') }],
      false,
    );
    const { port } = await server.listen({ address: '127.0.0.1:0', credentials: creds });
    const Client = makeGenericClientConstructor(adsClientDefinition, 'Ads');
    const client = new Client(`localhost:${port}`, credentials.createSsl(fixture('server.crt')));
    cleanups.push(() => client.close());
    const call = (client as unknown as Record<string, () => ClientDuplexStream<Buffer, SotwResponse>>)
      .StreamAggregatedResources!();
    call.on('error', () => {}); // the cancel below ends the call with CANCELLED
    const first = new Promise<SotwResponse>((resolve) => call.once('data', resolve));
    call.write(
      encodeSotwRequest({ node: { id: NODE, cluster: '', userAgent: '' }, typeUrl: TYPE_URLS.cluster }),
    );
    expect((await first).resources).toHaveLength(1);
    call.cancel();
  });

  it('refuses bad listen options with the value and the rule', async () => {
    const server = serverWithNode();
    await expect(server.listen({})).rejects.toThrow(
      'listen needs a socket path, an address (host:port), or both',
    );
    await expect(server.listen({ address: 'nope' })).rejects.toThrow('address must be host:port, got "nope"');
    expect(() => createAdsServer({ cache: createSnapshotCache(), maxReceiveMessageBytes: 10 })).toThrow(
      'maxReceiveMessageBytes must be an integer >= 1024, got 10',
    );
  });
});

describe('status endpoint', () => {
  it('serves counters and per-node, per-type status as JSON; 404 and 405 say why', async () => {
    const server = serverWithNode();
    const { port } = await server.listen({ address: '127.0.0.1:0' });
    const endpoint: StatusEndpoint = await startStatusEndpoint(() => server.status(), { port: 0 });
    cleanups.push(() => endpoint.close());
    const client = adsClient(`127.0.0.1:${port}`);
    cleanups.push(() => client.close());
    const stream = client.sotw();
    stream.send({ node: { id: NODE, cluster: '', userAgent: '' }, typeUrl: TYPE_URLS.cluster });
    const res = await stream.next();
    stream.send({
      typeUrl: TYPE_URLS.cluster,
      responseNonce: res.nonce,
      errorDetail: { code: 3, message: 'cluster a: bad' },
    });
    await expect.poll(() => server.status().counters.nacks).toBe(1);
    const all = (await (await fetch(`${endpoint.url}/status`)).json()) as {
      counters: Record<string, number>;
      nodes: { nodeId: string }[];
    };
    expect(all.counters).toMatchObject({ streamsOpened: 1, activeStreams: 1, responses: 1, nacks: 1 });
    const one = (await (await fetch(`${endpoint.url}/status/${encodeURIComponent(NODE)}`)).json()) as {
      types: Record<
        string,
        { lastNack: { message: string; resourceNames: string[] }; lastSentVersion: string }
      >;
    };
    expect(one.types[TYPE_URLS.cluster]!.lastNack).toMatchObject({
      message: 'cluster a: bad',
      resourceNames: ['a'],
    });
    expect(one.types[TYPE_URLS.cluster]!.lastSentVersion).toBe(res.versionInfo);
    const missing = await fetch(`${endpoint.url}/status/nobody`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no status for node "nobody"', known: [NODE] });
    expect((await fetch(`${endpoint.url}/status`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${endpoint.url}/other`)).status).toBe(404);
    stream.close();
  });
});
