import { CreateMeshCommand } from '@aws-sdk/client-app-mesh';
import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  DiscoverInstancesCommand,
  GetOperationCommand,
  RegisterInstanceCommand,
} from '@aws-sdk/client-servicediscovery';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_PORT, localClientConfig, localClients } from '../src/clients/index.js';
import { LocalEndpointError, startLocalEndpoint } from '../src/index.js';

describe('localClients: the SDK against the local endpoint in one line (issue 14 item 4)', () => {
  it('works without any AWS configuration: dummy credentials, region, and DiscoverInstances without the data- host prefix', async () => {
    // Prepare: nothing of the SDK's default chain is available.
    const saved = { ...process.env };
    for (const key of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_PROFILE',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
    ])
      delete process.env[key];
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    const endpoint = await startLocalEndpoint({ port: 0 });
    const { appMesh, cloudMap, destroy } = localClients(endpoint, { maxAttempts: 1 });
    try {
      // Act
      const mesh = await appMesh.send(new CreateMeshCommand({ meshName: 'one-line' }));
      const created = await cloudMap.send(new CreateHttpNamespaceCommand({ Name: 'ns' }));
      const op = await cloudMap.send(new GetOperationCommand({ OperationId: created.OperationId! }));
      const service = await cloudMap.send(
        new CreateServiceCommand({ Name: 'svc', NamespaceId: op.Operation!.Targets!.NAMESPACE! }),
      );
      await cloudMap.send(
        new RegisterInstanceCommand({
          ServiceId: service.Service!.Id!,
          InstanceId: 'i-1',
          Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '80' },
        }),
      );
      const found = await cloudMap.send(
        new DiscoverInstancesCommand({ NamespaceName: 'ns', ServiceName: 'svc' }),
      );
      // Assess
      expect(mesh.mesh?.metadata?.arn).toBe('arn:aws:appmesh:us-east-1:000000000000:mesh/one-line');
      expect(found.Instances?.map((i) => i.InstanceId)).toEqual(['i-1']);
    } finally {
      destroy();
      await endpoint.close();
      process.env = saved;
    }
  });

  it('takes a URL, a region and a 12-digit access key id acting as the account', async () => {
    // Prepare
    const endpoint = await startLocalEndpoint({ port: 0 });
    const { appMesh, destroy } = localClients(`${endpoint.url}/`, {
      region: 'eu-west-1',
      accessKeyId: '111122223333',
    });
    // Act
    const mesh = await appMesh.send(new CreateMeshCommand({ meshName: 'm' }));
    destroy();
    await endpoint.close();
    // Assess
    expect(mesh.mesh?.metadata?.arn).toBe('arn:aws:appmesh:eu-west-1:111122223333:mesh/m');
  });

  it('refuses a bad endpoint or bad options naming each, all at once', () => {
    // Act
    const badUrl = (() => {
      try {
        localClientConfig('localhost:6374');
      } catch (error) {
        return error as LocalEndpointError;
      }
    })();
    const badOptions = (() => {
      try {
        localClientConfig('http://127.0.0.1:1', { region: 'Mars', accessKeyId: '', maxAttempts: 0 });
      } catch (error) {
        return error as LocalEndpointError;
      }
    })();
    // Assess
    expect(badUrl).toBeInstanceOf(LocalEndpointError);
    expect(badUrl?.message).toContain(
      'endpoint: "localhost:6374" must be the endpoint handle or its http:// URL',
    );
    expect(badOptions?.code).toBe('INVALID_OPTIONS');
    expect(badOptions?.message).toBe(
      'invalid local client options: region: "Mars" is not a region name like us-east-1; accessKeyId: "" must be a non-empty string; maxAttempts: 0 must be a whole number of at least 1',
    );
  });

  it("has a default port that is not LocalStack's 4566", () => {
    // Assess
    expect(DEFAULT_LOCAL_PORT).not.toBe(4566);
    expect(DEFAULT_LOCAL_PORT).toBe(6374);
  });
});
