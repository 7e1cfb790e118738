import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerEnvoyBootstrap } from '../src/commands/envoy-bootstrap.js';
import { EXIT } from '../src/exit-codes.js';
import { runCommands } from './support/run-cli.js';

/** Runs `meshplane envoy bootstrap …` in-process. */
async function bootstrap(...args: string[]) {
  const run = await runCommands(['envoy', 'bootstrap', ...args], registerEnvoyBootstrap);
  return { stdout: run.out, stderr: run.err, code: run.code };
}

type Bootstrap = {
  node: { id: string; cluster: string };
  dynamicResources: { adsConfig: { apiType: string; grpcServices: { googleGrpc: { targetUri: string } }[] } };
};

describe('meshplane envoy bootstrap', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'envoy-bootstrap-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("prints the App Mesh agent's bootstrap for a Unix socket", async () => {
    // Act
    const { stdout, code } = await bootstrap(
      '--node',
      'mesh/dj-app/virtualNode/dj',
      '--socket',
      '/run/xds.sock',
    );
    const b = JSON.parse(stdout) as Bootstrap;
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(b.node.id).toBe('mesh/dj-app/virtualNode/dj');
    expect(b.dynamicResources.adsConfig.apiType).toBe('GRPC');
    expect(b.dynamicResources.adsConfig.grpcServices[0]!.googleGrpc.targetUri).toBe('unix:///run/xds.sock');
  });

  it('writes it to --out, with delta xDS and a TCP endpoint', async () => {
    // Prepare
    const file = join(dir, 'bootstrap.json');
    // Act
    const { stdout, stderr, code } = await bootstrap(
      '--node',
      'arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualGateway/ingress',
      '--xds-endpoint',
      'xds.internal:15010',
      '--region',
      'eu-west-1',
      '--delta',
      '--out',
      file,
    );
    const b = JSON.parse(await readFile(file, 'utf8')) as Bootstrap;
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wrote ${file}: set ENVOY_CONFIG_FILE=${file} in the Envoy container\n`);
    expect(b.node.id).toBe('arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualGateway/ingress');
    expect(b.dynamicResources.adsConfig.apiType).toBe('DELTA_GRPC');
    expect(b.dynamicResources.adsConfig.grpcServices[0]!.googleGrpc.targetUri).toBe('xds.internal:15010');
  });

  it('writes a TLS-only bootstrap for a current Envoy with --call-credentials none', async () => {
    // Act
    const { stdout, code } = await bootstrap(
      '--node',
      'mesh/dj-app/virtualNode/dj',
      '--xds-endpoint',
      'xds.internal:15010',
      '--call-credentials',
      'none',
      '--ca-cert-file',
      '/etc/ssl/certs/ca.pem',
    );
    const grpc = (JSON.parse(stdout) as Bootstrap).dynamicResources.adsConfig.grpcServices[0]!
      .googleGrpc as Record<string, unknown>;
    const bad = await bootstrap(
      '--node',
      'mesh/dj-app/virtualNode/dj',
      '--socket',
      '/s',
      '--call-credentials',
      'sigv5',
    );
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(grpc.callCredentials).toBeUndefined();
    expect(JSON.stringify(grpc)).toContain('/etc/ssl/certs/ca.pem');
    expect(bad.code).toBe(EXIT.INVALID_INPUT);
    expect(bad.stderr.split('\n').filter(Boolean)).toEqual([
      'error: --call-credentials "sigv5" must be aws_iam or none',
      'error: --call-credentials and --ca-cert-file are for --xds-endpoint (the Unix socket is plain gRPC)',
    ]);
  });

  it('exits 2 on bad flags, each named with its value and rule, all at once', async () => {
    // Act
    const both = await bootstrap(
      '--node',
      'dj',
      '--socket',
      '/s',
      '--xds-endpoint',
      'x:1',
      '--admin-port',
      '99999',
    );
    const neither = await bootstrap('--node', 'mesh/m/virtualNode/n', '--initial-fetch-timeout', '-1');
    // Assess
    expect(both.code).toBe(EXIT.INVALID_INPUT);
    expect(both.stdout).toBe('');
    expect(both.stderr.split('\n').filter(Boolean)).toEqual([
      'error: --node "dj" must be mesh/<mesh>/virtualNode/<node> or mesh/<mesh>/virtualGateway/<gateway> (or its ARN), as APPMESH_RESOURCE_ARN',
      'error: give exactly one of --socket PATH (plain gRPC over a Unix socket) and --xds-endpoint HOST:PORT (TLS + SigV4)',
      'error: --xds-endpoint needs --region: Envoy signs its ADS calls with SigV4 for that region (or --call-credentials none)',
      'error: --admin-port "99999" must be a whole number from 1 to 65535',
    ]);
    expect(neither.code).toBe(EXIT.INVALID_INPUT);
    expect(neither.stderr).toContain('error: give exactly one of --socket PATH');
    expect(neither.stderr).toContain(
      'error: --initial-fetch-timeout "-1" must be a whole number from 0 to 86400',
    );
  });
});
