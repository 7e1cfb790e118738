import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';

/** The local endpoint on a free loopback port and a Cloud Map client for it (dummy credentials). */
export interface LocalCloudMap {
  endpoint: LocalEndpoint;
  client: ServiceDiscoveryClient;
  close(): Promise<void>;
}

/**
 * Starts `@meshplane/local` in-process and builds the SDK client the way users point it at an
 * endpoint (`disableHostPrefix` for DiscoverInstances).
 *
 * @example
 * ```ts
 * const local = await startLocalCloudMap();
 * await local.client.send(new ListNamespacesCommand({}));
 * await local.close();
 * ```
 */
export async function startLocalCloudMap(): Promise<LocalCloudMap> {
  const endpoint = await startLocalEndpoint({ port: 0 });
  const client = new ServiceDiscoveryClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    disableHostPrefix: true,
  });
  return {
    endpoint,
    client,
    async close() {
      client.destroy();
      await endpoint.close();
    },
  };
}
