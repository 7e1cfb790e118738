import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { ARTISTS } from '../../dj-app/src/artists.js';

// The backends answer exactly what the DJ app example's services answer (the walkthrough's lists).
export { ARTISTS };

/** A local DJ app: the local App Mesh + Cloud Map endpoint and the four backends registered in it. */
export interface LocalDjApp {
  endpoint: LocalEndpoint;
  /** Environment for the function: SDK endpoints and dummy credentials. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the local endpoint and the jazz/metal v1/v2 backends on 127.0.0.1, registered in the
 * `prod.svc.cluster.local` namespace with a `version` attribute, as the DJ app mesh expects.
 *
 * @example
 * ```ts
 * import { startLocalDjApp } from './local-dj-app.js';
 * const app = await startLocalDjApp();
 * Object.assign(process.env, app.env); // AWS_ENDPOINT_URL_SERVICEDISCOVERY etc. for the handler
 * await app.close();
 * ```
 */
export async function startLocalDjApp(): Promise<LocalDjApp> {
  const endpoint = await startLocalEndpoint({ port: 0 });
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const cloudMap = new ServiceDiscoveryClient({ endpoint: endpoint.url, region: 'us-east-1', credentials });
  const sd = { client: cloudMap };
  const namespace = await ensureNamespace(sd, { name: 'prod.svc.cluster.local', type: 'HTTP' });
  const servers: Server[] = [];
  for (const genre of ['jazz', 'metal'] as const) {
    const service = await ensureService(sd, { namespaceId: namespace.id, name: genre });
    for (const version of ['v1', 'v2'] as const) {
      const body = JSON.stringify(ARTISTS[genre][version]);
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      await registerInstance(sd, {
        serviceId: service.id,
        instanceId: `${genre}-${version}`,
        attributes: {
          AWS_INSTANCE_IPV4: '127.0.0.1',
          AWS_INSTANCE_PORT: String((server.address() as AddressInfo).port),
          version,
        },
        pollIntervalMs: 5,
      });
    }
  }
  cloudMap.destroy();
  return {
    endpoint,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_SERVICEDISCOVERY: endpoint.url,
      AWS_ENDPOINT_URL_APP_MESH: endpoint.url,
    },
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await endpoint.close();
    },
  };
}
