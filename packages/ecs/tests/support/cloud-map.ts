import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  GetOperationCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function cloudMapClient(url: string): ServiceDiscoveryClient {
  return new ServiceDiscoveryClient({
    endpoint: url,
    region: 'us-east-1',
    credentials,
    disableHostPrefix: true,
  });
}

/** Creates an HTTP namespace and a service with a custom health check config; returns the service id. */
export async function createService(
  client: ServiceDiscoveryClient,
  namespace: string,
  service: string,
  { customHealth = true }: { customHealth?: boolean } = {},
): Promise<string> {
  const { OperationId } = await client.send(new CreateHttpNamespaceCommand({ Name: namespace }));
  let namespaceId: string | undefined;
  for (let i = 0; i < 200 && !namespaceId; i++) {
    const { Operation } = await client.send(new GetOperationCommand({ OperationId }));
    if (Operation?.Status === 'SUCCESS') namespaceId = Operation.Targets?.NAMESPACE;
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!namespaceId) throw new Error('namespace creation did not finish');
  const { Service } = await client.send(
    new CreateServiceCommand({
      Name: service,
      NamespaceId: namespaceId,
      ...(customHealth ? { HealthCheckCustomConfig: {} } : {}),
    }),
  );
  return Service?.Id as string;
}

/** Polls `read` until `accept` holds (no timed assertion: the test timeout bounds it). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
