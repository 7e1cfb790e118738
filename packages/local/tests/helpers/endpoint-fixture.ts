import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from '../../src/index.js';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A running endpoint with real SDK clients pointed at it (no retries: tests see every answer). */
export interface EndpointFixture {
  endpoint: LocalEndpoint;
  appMesh: AppMeshClient;
  cloudMap: ServiceDiscoveryClient;
  close(): Promise<void>;
}

export async function startFixture(
  options: LocalEndpointOptions = {},
  region = 'us-east-1',
): Promise<EndpointFixture> {
  const endpoint = await startLocalEndpoint({ port: 0, ...options });
  const appMesh = new AppMeshClient({ endpoint: endpoint.url, region, credentials, maxAttempts: 1 });
  const cloudMap = new ServiceDiscoveryClient({
    endpoint: endpoint.url,
    region,
    credentials,
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  return {
    endpoint,
    appMesh,
    cloudMap,
    async close() {
      appMesh.destroy();
      cloudMap.destroy();
      await endpoint.close();
    },
  };
}

/** Runs a call that must fail and returns the SDK error for assertions. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, it succeeded');
}
