import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineMesh, dns, http } from '@meshplane/core';
import { afterAll, describe, expect, it } from 'vitest';
import { appMeshBootstrap } from '../../src/bootstrap/index.js';
import { type ControlPlane, createControlPlane } from '../../src/control-plane/control-plane.js';
import { staticSource } from '../../src/sources/static-source.js';
import { freePort, startEnvoy, stopAllEnvoys, waitForLive } from '../support/envoy.js';

// The central form (APPMESH_XDS_ENDPOINT=host:port): a real Envoy reaches the control plane over
// TCP with TLS, verifying the server certificate against a CA file (call credentials none: the
// aws_iam extension is gone from upstream Envoy 1.40).
const fixtures = join(import.meta.dirname, '../control-plane/fixtures');

describe('a real Envoy over TLS to the control plane', () => {
  let cp: ControlPlane | undefined;
  afterAll(async () => {
    await stopAllEnvoys();
    await cp?.close();
  });

  it('reaches LIVE with nothing rejected', async () => {
    // Prepare
    const model = defineMesh({
      name: 'shop',
      nodes: { web: { listeners: [http(8080)], discovery: dns('localhost') } },
    });
    cp = createControlPlane({
      source: staticSource(model),
      listen: '127.0.0.1:0',
      tls: { cert: readFileSync(join(fixtures, 'tls.crt')), key: readFileSync(join(fixtures, 'tls.key')) },
      translate: {
        ingressPort: await freePort(),
        egressPort: await freePort(),
        listenerAddress: '127.0.0.1',
      },
      logger: () => {},
    });
    const { port } = await cp.start();
    // Act
    const envoy = await startEnvoy(
      appMeshBootstrap({
        resourceArn: 'mesh/shop/virtualNode/web',
        xdsEndpoint: `127.0.0.1:${port}`,
        callCredentials: 'none',
        caCertFile: join(fixtures, 'tls.crt'),
      }),
    );
    await waitForLive(envoy);
    const rejected = await envoy.updatesRejected();
    const node = cp.status().nodes.find((n) => n.nodeId === 'mesh/shop/virtualNode/web');
    // Assess
    expect(rejected).toBe(0);
    expect(node?.activeStreams).toBe(1);
    expect(cp.status().counters.nacks).toBe(0);
  }, 30_000);
});
