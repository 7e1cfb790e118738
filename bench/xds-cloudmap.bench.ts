import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
import { startLocalEndpoint } from '@meshplane/local';
import { createControlPlane, staticSource, TYPE_URLS } from '@meshplane/xds';
import { djAppMesh } from '../examples/dj-app/src/mesh.js';
import { adsClient } from '../packages/xds/tests/support/ads-client.js';
import { type BenchResult, type BenchSuite, result } from './lib.js';

// Cloud Map calls of the xDS control plane do not grow with the number of Envoy streams: the
// poller runs one loop per Cloud Map service, never one per stream. The same control plane setup
// (the DJ app: Cloud Map services dj, jazz, metal; its routes reach jazz and metal) serves 10, then 1,000 simulated ADS streams (SotW, CDS
// requested and ACKed, spread over the five node ids); the Cloud Map calls @meshplane/local
// answers during a window of WINDOW_MS are counted. The ratio 1,000 vs 10 streams must be ~1.
const SUITE = 'xds-cloudmap';
const NAMESPACE = 'prod.svc.cluster.local';
const WINDOW_MS = 3_000;
const REVISION_MS = 100;
const FULL_MS = 1_000;
const NODES = ['dj', 'jazz-v1', 'jazz-v2', 'metal-v1', 'metal-v2'].map((n) => `mesh/dj-app/virtualNode/${n}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function callsPerSecond(
  endpoint: Awaited<ReturnType<typeof startLocalEndpoint>>,
  client: ServiceDiscoveryClient,
  streams: number,
): Promise<{ perSecond: number; acked: number }> {
  const cp = createControlPlane({
    source: staticSource(djAppMesh({ namespace: NAMESPACE })),
    cloudMap: { client },
    polling: { revisionIntervalMs: REVISION_MS, fullRefreshMs: FULL_MS },
    listen: '127.0.0.1:0',
    logger: () => {},
  });
  const { port } = await cp.start();
  const ads = adsClient(`127.0.0.1:${port}`);
  const open = Array.from({ length: streams }, () => ads.sotw());
  let acked = 0;
  await Promise.all(
    open.map(async (stream, i) => {
      const node = { id: NODES[i % NODES.length]!, cluster: 'bench', userAgent: 'bench' };
      stream.send({ node, typeUrl: TYPE_URLS.cluster, resourceNames: [] });
      const response = await stream.next();
      stream.send({
        node,
        typeUrl: TYPE_URLS.cluster,
        versionInfo: response.versionInfo,
        responseNonce: response.nonce,
      });
      acked++;
    }),
  );
  const count = () => {
    const by = endpoint.stats().byOperation;
    return (by.DiscoverInstances ?? 0) + (by.DiscoverInstancesRevision ?? 0);
  };
  const before = count();
  await sleep(WINDOW_MS);
  const calls = count() - before;
  for (const s of open) s.close();
  ads.close();
  await cp.close();
  return { perSecond: calls / (WINDOW_MS / 1000), acked };
}

const suite: BenchSuite = {
  suite: SUITE,
  async run(): Promise<BenchResult[]> {
    const endpoint = await startLocalEndpoint({ port: 0 });
    const client = new ServiceDiscoveryClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      disableHostPrefix: true,
      maxAttempts: 2,
    });
    try {
      const ns = await ensureNamespace({ client }, { name: NAMESPACE });
      for (const service of ['dj', 'jazz', 'metal']) {
        const { id } = await ensureService({ client }, { namespaceId: ns.id, name: service });
        for (const version of ['v1', 'v2']) {
          await registerInstance(
            { client },
            {
              serviceId: id,
              instanceId: `${service}-${version}`,
              attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: '9080', version },
            },
          );
        }
      }
      const few = await callsPerSecond(endpoint, client, 10);
      const many = await callsPerSecond(endpoint, client, 1_000);
      // The polled services are those some node's routes reach: jazz and metal (nothing calls dj).
      // Each polls once per tick (a revision call, or the full fetch instead every FULL_MS), and a
      // tick is REVISION_MS after the previous call returned: at most 1000 / REVISION_MS per second.
      const expected = 2 * (1000 / REVISION_MS);
      const ratio = many.perSecond / few.perSecond;
      return [
        result({
          suite: SUITE,
          name: `Cloud Map calls per second, 1,000 vs 10 ADS streams (2 services polled, a tick every ${REVISION_MS} ms, full fetch every ${FULL_MS} ms)`,
          unit: 'calls/s',
          value: Math.round(many.perSecond * 10) / 10,
          baseline: Math.round(few.perSecond * 10) / 10,
          ratio,
          target: `ratio <= 1.1 (calls do not grow with streams; at most ${expected} calls/s for 2 services); all streams ACKed`,
          pass: ratio <= 1.1 && many.acked === 1_000 && few.acked === 10 && many.perSecond <= expected,
        }),
      ];
    } finally {
      client.destroy();
      await endpoint.close();
    }
  },
};

export default suite;
