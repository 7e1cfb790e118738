import { AppMeshClient, type AppMeshClientConfig } from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient, type ServiceDiscoveryClientConfig } from '@aws-sdk/client-servicediscovery';
import { type LocalClientOptions, localClientConfig } from './client-config.js';

export {
  DEFAULT_LOCAL_PORT,
  type LocalClientConfig,
  type LocalClientOptions,
  localClientConfig,
} from './client-config.js';

/** An App Mesh and a Cloud Map client configured for a local endpoint. */
export interface LocalClients {
  appMesh: AppMeshClient;
  cloudMap: ServiceDiscoveryClient;
  /** Closes both clients' connections (`client.destroy()`). */
  destroy(): void;
}

/**
 * The AWS SDK clients for a `@meshplane/local` endpoint in one line: the endpoint URL, a region,
 * dummy credentials (the endpoint accepts any; without credentials the SDK's default chain throws
 * `CredentialsProviderError` on a machine with no AWS setup) and, for Cloud Map,
 * `disableHostPrefix: true` (AWS serves DiscoverInstances from a `data-` host, which the SDK would
 * otherwise prepend to `127.0.0.1`). Accepts the endpoint handle or its URL.
 *
 * @example
 * ```ts
 * import { ListMeshesCommand } from '@aws-sdk/client-app-mesh';
 * import { DiscoverInstancesCommand } from '@aws-sdk/client-servicediscovery';
 * import { startLocalEndpoint } from '@meshplane/local';
 * import { localClients } from '@meshplane/local/clients';
 *
 * const endpoint = await startLocalEndpoint({ port: 0 });
 * const { appMesh, cloudMap, destroy } = localClients(endpoint);
 * console.log((await appMesh.send(new ListMeshesCommand({}))).meshes); // []
 * const error = await cloudMap.send(new DiscoverInstancesCommand({ NamespaceName: 'none', ServiceName: 's' })).catch((e) => e);
 * console.log(error.name); // 'NamespaceNotFound'
 * destroy();
 * await endpoint.close();
 * ```
 */
export function localClients(
  endpoint: string | { url: string },
  options: LocalClientOptions = {},
): LocalClients {
  const config = localClientConfig(endpoint, options);
  const appMesh = new AppMeshClient(config as AppMeshClientConfig);
  const cloudMap = new ServiceDiscoveryClient({
    ...config,
    disableHostPrefix: true,
  } as ServiceDiscoveryClientConfig);
  return {
    appMesh,
    cloudMap,
    destroy() {
      appMesh.destroy();
      cloudMap.destroy();
    },
  };
}
