import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appMeshBootstrap } from '../../src/bootstrap/index.js';
import { lookupMessageType } from '../../src/protos/index.js';
import { type JsonProblem, messageFromJson } from '../../src/protos/json-to-proto.js';
import { envoyPath } from '../support/envoy.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk deep into the bootstrap JSON
type Json = Record<string, any>;
const run = promisify(execFile);

/** Checks a bootstrap against envoy.config.bootstrap.v3.Bootstrap (every field known, every type right). */
function protoProblems(bootstrap: Json): JsonProblem[] {
  const problems: JsonProblem[] = [];
  messageFromJson(lookupMessageType('envoy.config.bootstrap.v3.Bootstrap')!, bootstrap, '$', problems);
  return problems;
}

/** `envoy --mode validate`: the real Envoy parses the bootstrap and builds its config objects. */
async function envoyValidates(bootstrap: Json): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'meshplane-bootstrap-'));
  try {
    const path = join(dir, 'bootstrap.json');
    const b = structuredClone(bootstrap);
    b.clusterManager.outlierDetection.eventLogPath = join(dir, 'outlier.log');
    b.admin.accessLog[0].typedConfig.path = join(dir, 'admin.log');
    writeFileSync(path, JSON.stringify(b));
    const { stdout, stderr } = await run(envoyPath(), [
      '--mode',
      'validate',
      '-c',
      path,
      '--disable-hot-restart',
      '-l',
      'error',
    ]);
    return `${stdout}${stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('appMeshBootstrap', () => {
  it('APPMESH_XDS_ENDPOINT=unix://…: plain gRPC ADS over the socket, node from APPMESH_RESOURCE_ARN, the agent defaults', async () => {
    const b = appMeshBootstrap({
      resourceArn: 'mesh/dj-app/virtualNode/dj',
      xdsEndpoint: 'unix:///var/run/xds.sock',
    }) as Json;
    expect(b.node).toMatchObject({ id: 'mesh/dj-app/virtualNode/dj', cluster: 'mesh/dj-app/virtualNode/dj' });
    expect(b.admin.address).toEqual({ socketAddress: { address: '0.0.0.0', portValue: 9901 } });
    expect(b.dynamicResources).toEqual({
      adsConfig: {
        apiType: 'GRPC',
        transportApiVersion: 'V3',
        grpcServices: [
          {
            googleGrpc: {
              targetUri: 'unix:///var/run/xds.sock',
              statPrefix: 'ads',
              channelArgs: {
                args: {
                  'grpc.http2.max_pings_without_data': { intValue: '0' },
                  'grpc.keepalive_time_ms': { intValue: '10000' },
                  'grpc.keepalive_timeout_ms': { intValue: '20000' },
                  'grpc.initial_reconnect_backoff_ms': { intValue: '10000' },
                  'grpc.max_connection_age_ms': { intValue: '2400000' },
                  'grpc.max_connection_age_grace_ms': { intValue: '5000' },
                },
              },
            },
          },
        ],
      },
      ldsConfig: { initialFetchTimeout: '0s', ads: {}, resourceApiVersion: 'V3' },
      cdsConfig: { initialFetchTimeout: '0s', ads: {}, resourceApiVersion: 'V3' },
    });
    expect(b.staticResources.clusters[0]).toMatchObject({ name: 'local_cluster', type: 'EDS' });
    expect(b.clusterManager.localClusterName).toBe('local_cluster');
    expect(b.statsConfig.statsTags.map((t: Json) => t.tagName)).toEqual([
      'appmesh.listener_protocol',
      'appmesh.listener_port',
      'envoy_rds_route_config',
    ]);
    expect(protoProblems(b)).toEqual([]);
    expect(await envoyValidates(b)).toContain('OK');
  });

  it('APPMESH_XDS_ENDPOINT=host:port: TLS with the CA bundle and SigV4 call credentials (signing name appmesh)', async () => {
    const b = appMeshBootstrap({
      resourceArn: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualGateway/gw',
      xdsEndpoint: 'xds.internal:443',
      region: 'eu-west-1',
      apiType: 'DELTA_GRPC',
      initialFetchTimeoutSeconds: 30,
      enableStatsTags: true,
      caCertFile: fileURLToPath(new URL('../server/fixtures/server.crt', import.meta.url)),
    }) as Json;
    const grpc = b.dynamicResources.adsConfig.grpcServices[0].googleGrpc;
    expect(b.dynamicResources.adsConfig.apiType).toBe('DELTA_GRPC');
    expect(grpc.targetUri).toBe('xds.internal:443');
    expect(grpc.channelCredentials.sslCredentials.rootCerts.filename).toMatch(/server\.crt$/);
    expect(grpc.credentialsFactoryName).toBe('envoy.grpc_credentials.aws_iam');
    expect(grpc.callCredentials).toEqual([
      {
        fromPlugin: {
          name: 'envoy.grpc_credentials.aws_iam',
          typedConfig: {
            '@type': 'type.googleapis.com/envoy.config.grpc_credential.v3.AwsIamConfig',
            serviceName: 'appmesh',
            region: 'eu-west-1',
          },
        },
      },
    ]);
    expect(b.dynamicResources.ldsConfig.initialFetchTimeout).toBe('30s');
    expect(b.staticResources).toBeUndefined();
    expect(b.statsConfig.statsTags.slice(0, 2)).toEqual([
      { tagName: 'appmesh.mesh', fixedValue: 'dj-app' },
      { tagName: 'appmesh.virtual_gateway', fixedValue: 'gw' },
    ]);
    expect(protoProblems(b)).toEqual([]);
    // The aws_iam gRPC credentials extension left upstream Envoy in 1.35 (deprecated in 1.33):
    // Envoy 1.40 refuses this bootstrap; App Mesh's own Envoy images carried it.
    await expect(envoyValidates(b)).rejects.toThrow(
      /could not find @type 'type\.googleapis\.com\/envoy\.config\.grpc_credential\.v3\.AwsIamConfig'/,
    );
    const tlsOnly = appMeshBootstrap({
      resourceArn: 'mesh/dj-app/virtualNode/dj',
      xdsEndpoint: 'xds.internal:443',
      callCredentials: 'none',
      caCertFile: fileURLToPath(new URL('../server/fixtures/server.crt', import.meta.url)),
    }) as Json;
    const tlsGrpc = tlsOnly.dynamicResources.adsConfig.grpcServices[0].googleGrpc;
    expect(tlsGrpc.channelCredentials.sslCredentials.rootCerts.filename).toMatch(/server\.crt$/);
    expect(tlsGrpc.callCredentials).toBeUndefined();
    expect(await envoyValidates(tlsOnly)).toContain('OK');
  });

  it('an admin Unix socket (ENVOY_ADMIN_MODE=uds) and a custom signing name', () => {
    const b = appMeshBootstrap({
      resourceArn: 'mesh/m/virtualNode/n',
      xdsEndpoint: '10.0.0.1:15000',
      region: 'us-east-1',
      signingName: 'appmesh-preview',
      admin: { socketPath: '/tmp/envoy_admin.sock' },
      cluster: 'blue',
    }) as Json;
    expect(b.admin.address).toEqual({ pipe: { path: '/tmp/envoy_admin.sock', mode: 0o600 } });
    expect(b.node.cluster).toBe('blue');
    expect(
      b.dynamicResources.adsConfig.grpcServices[0].googleGrpc.callCredentials[0].fromPlugin.typedConfig
        .serviceName,
    ).toBe('appmesh-preview');
    expect(protoProblems(b)).toEqual([]);
  });

  it('reports every bad option at once, each with its value and rule', () => {
    expect(() =>
      appMeshBootstrap({
        resourceArn: 'virtualNode/dj',
        xdsEndpoint: 'xds.internal',
        apiType: 'REST' as never,
        initialFetchTimeoutSeconds: -1,
        admin: { port: 70000 },
      }),
    ).toThrow(
      'invalid bootstrap options: resourceArn "virtualNode/dj": must be mesh/<mesh>/virtualNode/<node>, mesh/<mesh>/virtualGateway/<gateway>, or the full App Mesh ARN; ' +
        'xdsEndpoint "xds.internal": must be unix:///absolute/path.sock or host:port; ' +
        'region undefined: a host:port endpoint signs with SigV4 and needs an AWS region such as eu-west-1; ' +
        'apiType "REST": must be GRPC or DELTA_GRPC; ' +
        'initialFetchTimeoutSeconds -1: must be an integer >= 0 (0 waits forever); ' +
        'admin.port 70000: must be an integer 0-65535 (0: Envoy picks a free port)',
    );
    expect(() => appMeshBootstrap({ resourceArn: 'mesh/m/virtualNode/n', xdsEndpoint: 'xds:443' })).toThrow(
      'region undefined: a host:port endpoint signs with SigV4 and needs an AWS region such as eu-west-1',
    );
    expect(() =>
      appMeshBootstrap({ resourceArn: 'mesh/m/virtualNode/n', xdsEndpoint: 'unix://relative.sock' }),
    ).toThrow('xdsEndpoint "unix://relative.sock": must be unix:///absolute/path.sock or host:port');
  });
});
