import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  DeregisterInstanceCommand,
  GetInstanceCommand,
  GetInstancesHealthStatusCommand,
  ListInstancesCommand,
} from '@aws-sdk/client-servicediscovery';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instanceAttributes, instanceIdFromTaskArn } from '../src/agent/attributes.js';
import { agentOptionsFrom } from '../src/agent/command.js';
import { type AgentEvent, startAgent } from '../src/agent/index.js';
import { type ContainerMetadata, readTaskMetadata, type TaskMetadata } from '../src/agent/metadata.js';
import { EcsInputError, MeshplaneEcsError, meshTaskDefinition } from '../src/index.js';
import { appMesh } from './support/app-mesh-mode.js';
import { cloudMapClient, createService, credentials, eventually } from './support/cloud-map.js';
import { startHealthServer, startMetadataServer, taskDocument } from './support/metadata-server.js';

const TASK_ID = 'e9028f8d5d8e4f258373e7b93ce9a3c3';

describe('task metadata and attributes', () => {
  it('takes the instance id from both task ARN forms', () => {
    // Act / Assess
    expect(instanceIdFromTaskArn(`arn:aws:ecs:us-west-2:111122223333:task/dj-cluster/${TASK_ID}`)).toBe(
      TASK_ID,
    );
    expect(
      instanceIdFromTaskArn('arn:aws:ecs:us-east-2:012345678910:task/9781c248-0edd-4cdb-9a93-f63cb662a5d3'),
    ).toBe('9781c248-0edd-4cdb-9a93-f63cb662a5d3');
    expect(() => instanceIdFromTaskArn('arn:aws:ecs:us-east-2:012345678910:cluster/x')).toThrow(TypeError);
  });

  it('reads both v4 documents from the endpoint', async () => {
    // Prepare
    const metadata = await startMetadataServer();
    try {
      // Act
      const { task, self } = await readTaskMetadata({ uri: metadata.uri });
      // Assess
      expect(task.TaskARN).toContain(TASK_ID);
      expect(self.Name).toBe('registration-agent');
    } finally {
      await metadata.close();
    }
  });

  it('fails clearly when the endpoint is not set or answers 404', async () => {
    // Act / Assess
    await expect(readTaskMetadata({ uri: '' })).rejects.toMatchObject({ code: 'METADATA_UNAVAILABLE' });
    const metadata = await startMetadataServer();
    try {
      await expect(
        readTaskMetadata({ uri: `${metadata.uri}-other`, attempts: 2, retryDelayMs: 1 }),
      ).rejects.toThrow(/after 2 attempts: GET .* answered 404/);
    } finally {
      await metadata.close();
    }
  });

  it('rejects a task document without a valid TaskARN at once, without retrying', async () => {
    // Prepare
    const metadata = await startMetadataServer({ task: { ...taskDocument(), TaskARN: 'not-an-arn' } });
    try {
      // Act / Assess
      await expect(
        readTaskMetadata({ uri: metadata.uri, attempts: 5, retryDelayMs: 1_000 }),
      ).rejects.toMatchObject({
        code: 'METADATA_INVALID',
      });
      expect(metadata.requests()).toBe(2);
    } finally {
      await metadata.close();
    }
  });

  it('refuses a TaskARN without a task id, the one the instance is registered under', async () => {
    // Prepare
    const metadata = await startMetadataServer({
      task: { ...taskDocument(), TaskARN: 'arn:aws:ecs:us-west-2:111122223333:task/dj-cluster/' },
    });
    try {
      // Act / Assess
      await expect(readTaskMetadata({ uri: metadata.uri, attempts: 1 })).rejects.toMatchObject({
        code: 'METADATA_INVALID',
      });
    } finally {
      await metadata.close();
    }
  });

  it('reports a container without an address or port instead of crashing on odd metadata', () => {
    // Prepare
    const task = taskDocument() as unknown as TaskMetadata;
    // Act / Assess
    expect(() =>
      instanceAttributes(task, {
        container: { Name: 'odd', Networks: 'x', Ports: 5 } as unknown as ContainerMetadata,
      }),
    ).toThrow(/has no IPv4 address[\s\S]*instance port must be an integer/);
  });

  it('builds the attributes ECS service discovery uses, plus task ARN and image version', () => {
    // Prepare
    const task = taskDocument() as unknown as TaskMetadata;
    const app = task.Containers?.[0];
    // Act
    const attributes = instanceAttributes(task, {
      container: app!,
      attributes: { version: 'v1' },
      initialHealth: 'HEALTHY',
    });
    // Assess
    expect(attributes).toEqual({
      AVAILABILITY_ZONE: 'us-west-2b',
      AWS_INIT_HEALTH_STATUS: 'HEALTHY',
      AWS_INSTANCE_IPV4: '10.0.2.107',
      AWS_INSTANCE_PORT: '9080',
      ECS_CLUSTER_NAME: 'dj-cluster',
      ECS_SERVICE_NAME: 'jazz-v1',
      ECS_TASK_ARN: `arn:aws:ecs:us-west-2:111122223333:task/dj-cluster/${TASK_ID}`,
      ECS_TASK_DEFINITION_FAMILY: 'jazz-v1',
      ECS_TASK_DEFINITION_REVISION: '7',
      IMAGE: '111122223333.dkr.ecr.us-west-2.amazonaws.com/jazz:v1.4.2',
      IMAGE_DIGEST: 'sha256:8d8a0c5f2b0cf3c1b1e0e6a5ff1f9c9d2b7e0f3f9b7a3e2c6d1a0b9c8d7e6f5a',
      IMAGE_TAG: 'v1.4.2',
      REGION: 'us-west-2',
      version: 'v1',
    });
  });

  it('rejects reserved names, too many attributes and a missing port, all at once', () => {
    // Prepare
    const task = taskDocument() as unknown as TaskMetadata;
    const agentContainer = task.Containers?.[1];
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, 'v']));
    // Act
    let error: unknown;
    try {
      instanceAttributes(task, {
        container: agentContainer!,
        attributes: { AWS_INSTANCE_IPV4: '1.2.3.4', ...many },
      });
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(EcsInputError);
    expect((error as EcsInputError).issues.map((i) => i.code)).toEqual([
      'PORT_RANGE',
      'RESERVED_ATTRIBUTE',
      'ATTRIBUTE_COUNT',
    ]);
  });
});

describe('malformed agent input', () => {
  const codesOf = async (fn: () => unknown): Promise<string[]> => {
    try {
      await fn();
    } catch (error) {
      if (error instanceof EcsInputError) return error.issues.map((i) => `${i.code} ${i.path}`);
      throw error;
    }
    throw new Error('expected an EcsInputError');
  };

  it('names malformed attributes, documents and metadata settings instead of crashing or splitting a string', async () => {
    // Prepare
    const task = taskDocument() as unknown as TaskMetadata;
    const container = task.Containers?.[0] as ContainerMetadata;
    // Act / Assess
    expect(
      await codesOf(() =>
        instanceAttributes(task, { container, port: 9080, attributes: 'version=v1' as never }),
      ),
    ).toEqual(['TYPE attributes']);
    expect(await codesOf(() => instanceAttributes(null as never, null as never))).toEqual([
      'REQUIRED task',
      'REQUIRED container',
    ]);
    expect(await codesOf(() => readTaskMetadata({ uri: 'http://127.0.0.1:9/v4', attempts: 0 }))).toEqual([
      'RANGE metadata.attempts',
    ]);
  });

  it('rejects malformed startAgent attributes, container and health before any call', async () => {
    // Act / Assess: the metadata URI is unset, so any call would fail differently
    expect(
      await codesOf(() =>
        startAgent({
          clientConfig: {},
          service: { serviceId: 'srv-1' },
          attributes: { version: 1 } as never,
          containerName: 7 as never,
          health: 'http://127.0.0.1:9080/ping' as never,
          metadata: { uri: '' },
        }),
      ),
    ).toEqual(['TYPE attributes.version', 'TYPE containerName', 'TYPE health']);
  });
});

describe('agent options', () => {
  it('reads flags and environment variables, flags first', () => {
    // Act
    const options = agentOptionsFrom(
      ['--port', '9080', '--attribute', 'version=v2', '--endpoint', 'http://127.0.0.1:1'],
      {
        MESHPLANE_NAMESPACE: 'prod.svc.cluster.local',
        MESHPLANE_SERVICE: 'jazz',
        MESHPLANE_PORT: '1',
        MESHPLANE_HEALTH_URL: 'http://127.0.0.1:9080/ping',
        AWS_REGION: 'eu-west-1',
      },
    );
    // Assess
    expect(options).toMatchObject({
      service: { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' },
      port: 9080,
      attributes: { version: 'v2' },
      health: { url: 'http://127.0.0.1:9080/ping' },
      clientConfig: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:1', disableHostPrefix: true },
    });
  });

  it('understands the environment that meshTaskDefinition gives the agent sidecar', () => {
    // Prepare
    const { api } = meshTaskDefinition(
      appMesh({
        family: 'jazz-v1',
        mesh: 'dj-app',
        virtualNode: { name: 'jazz-v1', ports: [9080] },
        app: { image: 'jazz:v1' },
        region: 'us-east-1',
        agent: {
          image: 'agent:1',
          service: { serviceId: 'srv-0123456789abcdef' },
          attributes: { version: 'v1', track: 'a=b' },
          healthPath: '/ping',
          healthThreshold: 3,
        },
      }),
    );
    const container = api.containerDefinitions?.find((c) => c.name === 'registration-agent');
    const env = Object.fromEntries((container?.environment ?? []).map((e) => [e.name as string, e.value]));
    // Act
    const options = agentOptionsFrom([], env);
    // Assess
    expect(options).toMatchObject({
      service: { serviceId: 'srv-0123456789abcdef' },
      containerName: 'app',
      port: 9080,
      attributes: { version: 'v1', track: 'a=b' },
      health: { url: 'http://127.0.0.1:9080/ping', threshold: 3 },
      deregisterDeadlineMs: 25000,
    });
  });

  it('reports every bad flag at once', () => {
    // Act / Assess
    expect(() => agentOptionsFrom(['--port', 'x', '--attribute', 'novalue'], {})).toThrow(EcsInputError);
    try {
      agentOptionsFrom(['--port', 'x', '--attribute', 'novalue'], {});
    } catch (error) {
      expect((error as EcsInputError).issues.map((i) => i.path)).toEqual([
        '--service-id',
        '--attribute',
        '--port',
      ]);
    }
  });

  it('reports a flag without its value, an unknown flag and a positional argument as invalid input', () => {
    // Prepare
    const usage = (argv: string[]): { code?: string; path?: string; message?: string } => {
      try {
        agentOptionsFrom(argv, { MESHPLANE_SERVICE_ID: 'srv-1' });
      } catch (error) {
        if (error instanceof EcsInputError) return error.issues[0] ?? {};
        throw error;
      }
      throw new Error('expected an EcsInputError');
    };
    // Act / Assess: EcsInputError is what makes the command exit 2
    expect(usage(['--port'])).toMatchObject({
      code: 'USAGE',
      path: 'argv',
      message: expect.stringContaining("'--port"),
    });
    expect(usage(['--prot', '80'])).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--prot'),
    });
    expect(usage(['register'])).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('register'),
    });
  });

  it('rejects bad startAgent options before any call', async () => {
    // Act / Assess
    await expect(
      startAgent({
        clientConfig: {},
        service: { serviceId: '' },
        port: 70000,
        health: { url: 'ftp://x', threshold: 0 },
      }),
    ).rejects.toMatchObject({
      issues: [{ path: 'service' }, { path: 'port' }, { path: 'health.url' }, { path: 'health.threshold' }],
    });
  });
});

describe('registration against the local endpoint', () => {
  let endpoint: LocalEndpoint;
  let metadata: Awaited<ReturnType<typeof startMetadataServer>>;
  let health: Awaited<ReturnType<typeof startHealthServer>>;

  beforeEach(async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    metadata = await startMetadataServer();
    health = await startHealthServer();
  });

  afterEach(async () => {
    await Promise.all([endpoint.close(), metadata.close(), health.close()]);
  });

  it('registers the task, follows the health URL, and deregisters on stop', async () => {
    // Prepare
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'jazz');
    const events: string[] = [];
    // Act
    const agent = await startAgent({
      client,
      service: { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' },
      containerName: 'app',
      attributes: { version: 'v1' },
      metadata: { uri: metadata.uri },
      health: { url: health.url, intervalMs: 5, threshold: 2 },
      operationPollMs: 5,
      onEvent: (event) => events.push(event.type),
    });
    // Assess: registered with the metadata attributes
    expect(agent.serviceId).toBe(serviceId);
    expect(agent.instanceId).toBe(TASK_ID);
    const { Instance } = await client.send(
      new GetInstanceCommand({ ServiceId: serviceId, InstanceId: TASK_ID }),
    );
    expect(Instance?.Attributes).toMatchObject({
      AWS_INSTANCE_IPV4: '10.0.2.107',
      AWS_INSTANCE_PORT: '9080',
      AVAILABILITY_ZONE: 'us-west-2b',
      ECS_TASK_ARN: `arn:aws:ecs:us-west-2:111122223333:task/dj-cluster/${TASK_ID}`,
      IMAGE_TAG: 'v1.4.2',
      version: 'v1',
    });
    const healthOf = async () =>
      (await client.send(new GetInstancesHealthStatusCommand({ ServiceId: serviceId }))).Status?.[TASK_ID];
    expect(await healthOf()).toBe('HEALTHY');

    // Act: the app turns unhealthy, then healthy again
    health.setHealthy(false);
    await eventually(healthOf, (status) => status === 'UNHEALTHY');
    expect(agent.health()).toBe('UNHEALTHY');
    health.setHealthy(true);
    await eventually(healthOf, (status) => status === 'HEALTHY');

    // Act: stop
    await agent.stop();
    await agent.stop();
    // Assess
    const { Instances } = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
    expect(Instances).toEqual([]);
    expect(events).toEqual(
      expect.arrayContaining(['registering', 'registered', 'health', 'deregistering', 'deregistered']),
    );
  });

  it('takes the region from the task ARN when neither the configuration nor the environment gives one', async () => {
    // Prepare
    const serviceId = await createService(cloudMapClient(endpoint.url), 'prod.svc.cluster.local', 'jazz');
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const events: string[] = [];
    try {
      // Act
      const agent = await startAgent({
        clientConfig: { endpoint: endpoint.url, credentials, disableHostPrefix: true },
        service: { serviceId },
        containerName: 'app',
        metadata: { uri: metadata.uri },
        operationPollMs: 5,
        onEvent: (event) => events.push(event.type),
      });
      await agent.stop();
      // Assess: registered (the SDK would have failed with "Region is missing")
      expect(events).toEqual(['registering', 'registered', 'deregistering', 'deregistered']);
      expect(agent.attributes.REGION).toBe('us-west-2');
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    }
  });

  it('registers the agent container itself when no container is named, and fails for an unknown service', async () => {
    // Prepare
    const client = cloudMapClient(endpoint.url);
    await createService(client, 'prod.svc.cluster.local', 'dj');
    // Act / Assess
    await expect(
      startAgent({
        client,
        service: { namespaceName: 'prod.svc.cluster.local', serviceName: 'nope' },
        port: 9080,
        metadata: { uri: metadata.uri },
      }),
    ).rejects.toMatchObject({ code: 'SERVICE_NOT_FOUND' });
    const agent = await startAgent({
      client,
      service: { namespaceName: 'prod.svc.cluster.local', serviceName: 'dj' },
      port: 9080,
      metadata: { uri: metadata.uri },
      operationPollMs: 5,
    });
    expect(agent.attributes.IMAGE).toBe('public.ecr.aws/example/meshplane-ecs-agent:0.1.0');
    expect(agent.health()).toBeUndefined();
    await agent.stop();
  });

  it('refuses to follow a health URL when the service has no custom health configuration', async () => {
    // Prepare: a service created without HealthCheckCustomConfig
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'plain', { customHealth: false });
    // Act / Assess
    await expect(
      startAgent({
        client,
        service: { serviceId },
        port: 9080,
        metadata: { uri: metadata.uri },
        health: { url: health.url },
      }),
    ).rejects.toMatchObject({ issues: [{ code: 'NO_CUSTOM_HEALTH', path: 'health' }] });
    const { Instances } = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
    expect(Instances).toEqual([]);
  });

  it('treats an instance already gone, or being deregistered, as deregistered', async () => {
    // Prepare
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'metal');
    const agent = await startAgent({
      client,
      service: { serviceId },
      port: 9080,
      metadata: { uri: metadata.uri },
      operationPollMs: 5,
    });
    await client.send(new DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: agent.instanceId }));
    // Act / Assess: a deregistration is in progress (DuplicateRequest) or done (InstanceNotFound)
    await expect(agent.stop()).resolves.toBeUndefined();
    const { Instances } = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
    expect(Instances).toEqual([]);
  });

  it('fails with a clear error when the deadline passes before deregistration completes', async () => {
    // Prepare: a Cloud Map that stops answering after registration
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'slow');
    const agent = await startAgent({
      client,
      service: { serviceId },
      port: 9080,
      metadata: { uri: metadata.uri },
      operationPollMs: 5,
      deregisterDeadlineMs: 50,
    });
    endpoint.setFaults({ latencyMs: 2000 });
    // Act / Assess
    await expect(agent.stop()).rejects.toSatisfy(
      (error: unknown) => error instanceof MeshplaneEcsError && error.code === 'OPERATION_TIMEOUT',
    );
  });
});

describe('deregistration while Cloud Map fails (issue 13 item 2)', () => {
  let endpoint: LocalEndpoint;
  let metadata: Awaited<ReturnType<typeof startMetadataServer>>;

  beforeEach(async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    metadata = await startMetadataServer();
  });

  afterEach(async () => {
    await Promise.all([endpoint.close(), metadata.close()]);
  });

  it('keeps retrying with the SDK backoff until Cloud Map recovers, well within the deadline', async () => {
    // Prepare: registered, then every DeregisterInstance answers 5xx
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'jazz');
    const retries: number[] = [];
    const agent = await startAgent({
      client,
      service: { serviceId },
      port: 9080,
      metadata: { uri: metadata.uri },
      operationPollMs: 5,
      deregisterDeadlineMs: 60_000,
      onEvent: (event) => {
        if (event.type !== 'deregister-retry') return;
        retries.push(event.attempt);
        // Cloud Map recovers only after the SDK's own five attempts have failed twice over.
        if (event.attempt === 2) endpoint.setFaults(undefined);
      },
    });
    endpoint.setFaults({ errorRate: 1, operations: ['DeregisterInstance'] });
    // Act
    await agent.stop();
    // Assess: retried, then deregistered
    expect(retries).toEqual([1, 2]);
    const { Instances } = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
    expect(Instances).toEqual([]);
  });

  it('says loudly what is left registered when Cloud Map is still failing at the deadline', async () => {
    // Prepare
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'metal');
    const events: AgentEvent[] = [];
    const agent = await startAgent({
      client,
      service: { serviceId },
      port: 9080,
      metadata: { uri: metadata.uri },
      operationPollMs: 5,
      deregisterDeadlineMs: 1_500,
      onEvent: (event) => events.push(event),
    });
    endpoint.setFaults({ errorRate: 1, operations: ['DeregisterInstance'] });
    // Act
    const error = await agent.stop().then(
      () => undefined,
      (e: unknown) => e,
    );
    // Assess: more than the SDK's own attempts, and an error naming the instance, service and address
    expect(error).toBeInstanceOf(MeshplaneEcsError);
    expect((error as MeshplaneEcsError).code).toBe('OPERATION_TIMEOUT');
    expect((error as Error).message).toContain(
      `instance ${TASK_ID} is still registered in Cloud Map service ${serviceId}`,
    );
    expect((error as Error).message).toContain('10.0.2.107:9080');
    expect((error as Error).message).toContain(
      `aws servicediscovery deregister-instance --service-id ${serviceId} --instance-id ${TASK_ID}`,
    );
    const left = events.find((event) => event.type === 'left-registered');
    expect(left).toMatchObject({ type: 'left-registered', serviceId, instanceId: TASK_ID });
    expect(events.filter((event) => event.type === 'deregister-retry').length).toBeGreaterThan(0);
    endpoint.setFaults(undefined);
    const { Instances } = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
    expect(Instances?.map((i) => i.Id)).toEqual([TASK_ID]);
  });

  it('does not retry an error that retrying cannot fix', async () => {
    // Prepare: an access error (a task role without servicediscovery:DeregisterInstance)
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'rock');
    const events: AgentEvent[] = [];
    const agent = await startAgent({
      client,
      service: { serviceId },
      port: 9080,
      metadata: { uri: metadata.uri },
      operationPollMs: 5,
      deregisterDeadlineMs: 60_000,
      onEvent: (event) => events.push(event),
    });
    client.middlewareStack.add(
      () => async () => {
        throw Object.assign(
          new Error('User is not authorized to perform: servicediscovery:DeregisterInstance'),
          {
            name: 'AccessDeniedException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          },
        );
      },
      { step: 'initialize', name: 'denyAll' },
    );
    // Act / Assess: fails at once (no retry), still loud about what is left
    await expect(agent.stop()).rejects.toMatchObject({
      code: 'DEREGISTRATION_FAILED',
      message: expect.stringContaining(`instance ${TASK_ID} is still registered`),
    });
    expect(events.filter((event) => event.type === 'deregister-retry')).toEqual([]);
    expect(events.some((event) => event.type === 'left-registered')).toBe(true);
  });
});

function spawnAgent(metadataUri: string, endpointUrl: string, serviceId: string, extraArgs: string[] = []) {
  const bin = resolve(import.meta.dirname, '../src/agent/bin.ts');
  return spawn(
    process.execPath,
    ['--conditions=@meshplane/source', '--import', 'tsx', bin, '--container', 'app', ...extraArgs],
    {
      env: {
        ...process.env,
        ECS_CONTAINER_METADATA_URI_V4: metadataUri,
        MESHPLANE_SERVICE_ID: serviceId,
        MESHPLANE_CLOUDMAP_ENDPOINT: endpointUrl,
        MESHPLANE_ATTRIBUTES: 'version=v1',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

describe('meshplane-ecs-agent process', () => {
  it('registers, then deregisters on SIGTERM and exits 0', async () => {
    // Prepare
    const endpoint = await startLocalEndpoint({ port: 0 });
    const metadata = await startMetadataServer();
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'jazz');
    const bin = resolve(import.meta.dirname, '../src/agent/bin.ts');
    const child = spawn(
      process.execPath,
      ['--conditions=@meshplane/source', '--import', 'tsx', bin, '--container', 'app'],
      {
        env: {
          ...process.env,
          ECS_CONTAINER_METADATA_URI_V4: metadata.uri,
          MESHPLANE_SERVICE_ID: serviceId,
          MESHPLANE_CLOUDMAP_ENDPOINT: endpoint.url,
          MESHPLANE_ATTRIBUTES: 'version=v1',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // Act: wait until registered, then send SIGTERM
      await eventually(
        async () => output,
        (text) => text.includes('"type":"registered"') || child.exitCode !== null,
      );
      expect(output).toContain('"type":"registered"');
      const listed = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
      expect(listed.Instances?.map((i) => i.Id)).toEqual([TASK_ID]);
      child.kill('SIGTERM');
      const code = await exited;
      // Assess
      expect(code, output).toBe(0);
      expect(output).toContain('"type":"deregistered"');
      const after = await client.send(new ListInstancesCommand({ ServiceId: serviceId }));
      expect(after.Instances).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([endpoint.close(), metadata.close()]);
    }
  });

  it('honours a SIGTERM that arrives while it is still registering', async () => {
    // Prepare: the metadata endpoint holds its answers until the signal has been sent
    const endpoint = await startLocalEndpoint({ port: 0 });
    const metadata = await startMetadataServer({ held: true });
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'jazz');
    const child = spawnAgent(metadata.uri, endpoint.url, serviceId);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // Act
      await eventually(
        async () => metadata.requests(),
        (n) => n > 0,
      );
      child.kill('SIGTERM');
      metadata.release();
      const code = await exited;
      // Assess: it registered, then deregistered, then exited 0
      expect(code, output).toBe(0);
      expect(output.indexOf('"type":"registered"')).toBeLessThan(output.indexOf('"type":"deregistered"'));
      expect((await client.send(new ListInstancesCommand({ ServiceId: serviceId }))).Instances).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([endpoint.close(), metadata.close()]);
    }
  });

  it('counts the deregistration deadline from the SIGTERM: exits 1 when registration outlasts it', async () => {
    // Prepare: the metadata endpoint never answers, so registration cannot finish
    const metadata = await startMetadataServer({ held: true });
    const child = spawnAgent(metadata.uri, 'http://127.0.0.1:9', 'srv-0123456789abcdef', [
      '--deadline-ms',
      '300',
    ]);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // Act
      await eventually(
        async () => metadata.requests(),
        (n) => n > 0,
      );
      child.kill('SIGTERM');
      const code = await exited;
      // Assess: it left on its own deadline, not after the metadata retries gave up
      expect(code, output).toBe(1);
      expect(output).toContain('"type":"deadline"');
      expect(output).toContain('still registering 300 ms after SIGTERM');
      expect(output).not.toContain('could not read the task metadata');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      metadata.release();
      await metadata.close();
    }
  });

  it('on SIGTERM with Cloud Map failing, keeps retrying within its deadline and exits 0 once it recovers', async () => {
    // Prepare
    const endpoint = await startLocalEndpoint({ port: 0 });
    const metadata = await startMetadataServer();
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'jazz');
    const child = spawnAgent(metadata.uri, endpoint.url, serviceId);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await eventually(
        async () => output,
        (text) => text.includes('"type":"registered"') || child.exitCode !== null,
      );
      endpoint.setFaults({ errorRate: 1, operations: ['DeregisterInstance'] });
      // Act: SIGTERM while every DeregisterInstance fails; Cloud Map recovers after two retries
      child.kill('SIGTERM');
      await eventually(
        async () => output,
        (text) => text.includes('"attempt":2') || child.exitCode !== null,
      );
      endpoint.setFaults(undefined);
      const code = await exited;
      // Assess
      expect(code, output).toBe(0);
      expect(output).toContain('"type":"deregister-retry"');
      expect(output).toContain('"type":"deregistered"');
      expect((await client.send(new ListInstancesCommand({ ServiceId: serviceId }))).Instances).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([endpoint.close(), metadata.close()]);
    }
  });

  it('logs an error naming what is left registered when Cloud Map still fails at the deadline, and exits 1', async () => {
    // Prepare
    const endpoint = await startLocalEndpoint({ port: 0 });
    const metadata = await startMetadataServer();
    const client = cloudMapClient(endpoint.url);
    const serviceId = await createService(client, 'prod.svc.cluster.local', 'jazz');
    const child = spawnAgent(metadata.uri, endpoint.url, serviceId, ['--deadline-ms', '1500']);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await eventually(
        async () => output,
        (text) => text.includes('"type":"registered"') || child.exitCode !== null,
      );
      endpoint.setFaults({ errorRate: 1, operations: ['DeregisterInstance'] });
      // Act
      child.kill('SIGTERM');
      const code = await exited;
      // Assess
      expect(code, output).toBe(1);
      const left = output
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((record) => record.type === 'left-registered');
      expect(left).toMatchObject({
        level: 'error',
        serviceId,
        instanceId: TASK_ID,
        address: '10.0.2.107:9080',
      });
      expect(String(left?.message)).toContain(
        `instance ${TASK_ID} is still registered in Cloud Map service ${serviceId}`,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([endpoint.close(), metadata.close()]);
    }
  });

  it('exits 2 with a clear message on bad flags, before any call', async () => {
    // Prepare
    const bin = resolve(import.meta.dirname, '../src/agent/bin.ts');
    const child = spawn(
      process.execPath,
      ['--conditions=@meshplane/source', '--import', 'tsx', bin, '--port', 'eighty'],
      {
        env: { ...process.env, ECS_CONTAINER_METADATA_URI_V4: 'http://127.0.0.1:9/v4/x' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Act
    const code = await new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)));
    // Assess
    expect(code).toBe(2);
    expect(output).toContain('--port must be a whole number, got \\"eighty\\"');
    expect(output).toContain('give --service-id, or --namespace and --service');
  });
});
