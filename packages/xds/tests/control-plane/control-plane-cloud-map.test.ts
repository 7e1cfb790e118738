import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import {
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
  setInstanceHealth,
} from '@meshplane/core/cloudmap';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import { TYPE_URLS } from '../../src/contract.js';
import { type ControlPlane, createControlPlane } from '../../src/control-plane/control-plane.js';
import type { ControlPlaneEvent } from '../../src/control-plane/control-plane-status.js';
import { staticSource } from '../../src/sources/static-source.js';

// The control plane with Cloud Map (@meshplane/local): the EDS of the dj node follows
// registrations, deregistrations and health-only changes of the jazz instances.
const NS = 'prod.svc.cluster.local';
const DJ = 'mesh/dj-app/virtualNode/dj';
const JAZZ_V1 = 'cds_egress_dj-app_jazz-v1_http_9080';

describe('createControlPlane with Cloud Map', () => {
  let local: LocalEndpoint;
  let client: ServiceDiscoveryClient;
  let cp: ControlPlane;
  let jazzId = '';
  const events: ControlPlaneEvent[] = [];

  /** The endpoints of a cluster in the dj node's snapshot: `address:port health`. */
  const hosts = (cluster: string) => {
    const entry = cp.cache.get(DJ)?.resources[TYPE_URLS.clusterLoadAssignment].get(cluster);
    const cla = entry?.resource.resource as {
      endpoints?: {
        lb_endpoints?: {
          endpoint: { address: { socket_address: { address: string; port_value: number } } };
          health_status: string;
        }[];
      }[];
    };
    return (cla?.endpoints ?? []).flatMap((e) =>
      (e.lb_endpoints ?? []).map(
        (l) =>
          `${l.endpoint.address.socket_address.address}:${l.endpoint.address.socket_address.port_value} ${l.health_status}`,
      ),
    );
  };
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`${what} not reached; events: ${events.map((e) => e.message).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    local = await startLocalEndpoint({ port: 0 });
    client = new ServiceDiscoveryClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
      disableHostPrefix: true,
    });
    const ns = await ensureNamespace({ client }, { name: NS });
    jazzId = (await ensureService({ client }, { namespaceId: ns.id, name: 'jazz', customHealth: true })).id;
    await registerInstance(
      { client },
      {
        serviceId: jazzId,
        instanceId: 'j1',
        attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      },
    );
    cp = createControlPlane({
      source: staticSource(djAppMesh({ jazz: { v1: 90, v2: 10 } })),
      cloudMap: { client },
      polling: { revisionIntervalMs: 50, fullRefreshMs: 200 },
      listen: '127.0.0.1:0',
      logger: () => {},
      onEvent: (e) => events.push(e),
    });
    await cp.start();
  });

  afterAll(async () => {
    await cp?.close();
    client?.destroy();
    await local?.close();
  });

  it('serves the instances found at start, filtered by the target node attributes', () => {
    // Assess
    expect(hosts(JAZZ_V1)).toEqual(['10.0.0.1:9080 HEALTHY']);
    expect(hosts('cds_egress_dj-app_jazz-v2_http_9080')).toEqual([]);
    expect(cp.status().controlPlane.cloudMap.services.map((s) => s.service)).toEqual([
      `${NS}/jazz`,
      `${NS}/metal`,
    ]);
  });

  it('follows a registration, a health-only change and a deregistration', async () => {
    // Act
    await registerInstance(
      { client },
      {
        serviceId: jazzId,
        instanceId: 'j2',
        attributes: { AWS_INSTANCE_IPV4: '10.0.0.2', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      },
    );
    await until(() => hosts(JAZZ_V1).length === 2, 'the registration');
    await setInstanceHealth({ client }, { serviceId: jazzId, instanceId: 'j2', status: 'UNHEALTHY' });
    await until(() => hosts(JAZZ_V1).includes('10.0.0.2:9080 UNHEALTHY'), 'the health change');
    await deregisterInstance({ client }, { serviceId: jazzId, instanceId: 'j2' });
    await until(() => hosts(JAZZ_V1).length === 1, 'the deregistration');
    // Assess
    expect(hosts(JAZZ_V1)).toEqual(['10.0.0.1:9080 HEALTHY']);
    expect(
      events.filter((e) => e.type === 'endpoints-changed' && e.nodes.includes(DJ)).length,
    ).toBeGreaterThanOrEqual(3);
    // Only dj reaches jazz: no other node was re-translated into a new snapshot.
    expect(
      events
        .filter((e) => e.type === 'endpoints-changed')
        .every((e) => e.type === 'endpoints-changed' && e.nodes.every((n) => n === DJ)),
    ).toBe(true);
  });
});
