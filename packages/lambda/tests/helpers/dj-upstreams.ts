import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';

/** What an upstream saw of one request. */
export interface SeenRequest {
  node: string;
  method: string;
  path: string;
  host: string | undefined;
  traceHeader: string | undefined;
}

export interface DjUpstreams {
  seen: SeenRequest[];
  ports: Record<string, number>;
  close(): Promise<void>;
}

const NODES = [
  ['jazz', 'v1'],
  ['jazz', 'v2'],
  ['metal', 'v1'],
  ['metal', 'v2'],
] as const;

/**
 * Starts one loopback HTTP server per DJ app backend version (jazz-v1, jazz-v2, metal-v1,
 * metal-v2), each answering `{ node }`, and registers them in Cloud Map the way the DJ app model
 * expects: namespace `prod.svc.cluster.local`, services `jazz` and `metal`, attribute `version`.
 */
export async function startDjUpstreams(cloudMap: ServiceDiscoveryClient): Promise<DjUpstreams> {
  const seen: SeenRequest[] = [];
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  const namespace = await ensureNamespace(
    { client: cloudMap },
    { name: 'prod.svc.cluster.local', type: 'HTTP' },
  );
  for (const [genre, version] of NODES) {
    const node = `${genre}-${version}`;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const traceHeader = req.headers['x-amzn-trace-id'];
      seen.push({
        node,
        method: req.method ?? '',
        path: req.url ?? '',
        host: req.headers.host,
        traceHeader: Array.isArray(traceHeader) ? traceHeader[0] : traceHeader,
      });
      const body = JSON.stringify({ node });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports[node] = (server.address() as AddressInfo).port;
    const service = await ensureService({ client: cloudMap }, { namespaceId: namespace.id, name: genre });
    await registerInstance(
      { client: cloudMap },
      {
        serviceId: service.id,
        instanceId: node,
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(ports[node]), version },
        pollIntervalMs: 5,
      },
    );
  }
  return {
    seen,
    ports,
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
