import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import type { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { type AppMeshClientOptions, createAppMeshClient } from '@meshplane/core/appmesh';
import { type CloudMapClientOptions, createCloudMapClient } from '@meshplane/core/cloudmap';

/** The AWS clients the built-in providers use, created on first use and then reused. */
export interface ProviderClients {
  appMesh(): AppMeshClient;
  serviceDiscovery(): ServiceDiscoveryClient;
}

/** Client options of the built-in providers. */
export interface ProviderClientOptions {
  /**
   * App Mesh client or its config. Default: the SDK's standard configuration (region, credentials
   * and `AWS_ENDPOINT_URL_APP_MESH` / `AWS_ENDPOINT_URL` from the environment).
   */
  appMesh?: AppMeshClientOptions;
  /** Cloud Map client or its config; `AWS_ENDPOINT_URL_SERVICEDISCOVERY` applies by default. */
  serviceDiscovery?: CloudMapClientOptions;
}

/**
 * Builds lazily created, cached clients.
 *
 * @example
 * ```ts
 * import { lazyProviderClients } from '@meshplane/lambda/custom-resource';
 * const clients = lazyProviderClients({ appMesh: { clientConfig: { region: 'us-east-1' } } });
 * const appMesh = clients.appMesh(); // built now, reused afterwards
 * ```
 */
export function lazyProviderClients(options: ProviderClientOptions = {}): ProviderClients {
  let appMesh: AppMeshClient | undefined;
  let serviceDiscovery: ServiceDiscoveryClient | undefined;
  return {
    appMesh() {
      appMesh ??= createAppMeshClient(options.appMesh ?? {});
      return appMesh;
    },
    serviceDiscovery() {
      serviceDiscovery ??= createCloudMapClient(options.serviceDiscovery ?? { clientConfig: {} });
      return serviceDiscovery;
    },
  };
}
