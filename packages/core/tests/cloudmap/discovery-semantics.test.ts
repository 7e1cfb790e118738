import {
  CreateServiceCommand,
  DiscoverInstancesCommand,
  RegisterInstanceCommand,
  type ServiceDiscoveryClient,
  UpdateInstanceCustomHealthStatusCommand,
} from '@aws-sdk/client-servicediscovery';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscovery, ensureNamespace, type HealthStatusFilter } from '../../src/cloudmap/index.js';
import { type LocalCloudMap, startLocalCloudMap } from './local-cloud-map.js';

let local: LocalCloudMap;
let client: ServiceDiscoveryClient;
let namespaceId: string;

beforeAll(async () => {
  local = await startLocalCloudMap();
  client = local.client;
  namespaceId = (await ensureNamespace({ client }, { name: 'semantics.local' })).id;
});

afterAll(async () => {
  await local.close();
});

const instanceArb = fc.record({
  version: fc.constantFrom('v1', 'v2'),
  zone: fc.constantFrom('a', 'b'),
  healthy: fc.boolean(),
});

describe('discovery filters locally with Cloud Map semantics', () => {
  let run = 0;
  it('returns the same instances as DiscoverInstances for any health filter and attribute filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(instanceArb, { maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom<HealthStatusFilter>('HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL'),
        fc.option(fc.record({ version: fc.constantFrom('v1', 'v2') }, { requiredKeys: [] }), {
          nil: undefined,
        }),
        async (instances, customHealth, healthStatus, queryParameters) => {
          // Prepare
          const name = `svc-${++run}`;
          const { Service } = await client.send(
            new CreateServiceCommand({
              Name: name,
              NamespaceId: namespaceId,
              HealthCheckCustomConfig: customHealth ? {} : undefined,
            }),
          );
          for (const [i, inst] of instances.entries()) {
            await client.send(
              new RegisterInstanceCommand({
                ServiceId: Service!.Id,
                InstanceId: `i-${i}`,
                Attributes: { version: inst.version, zone: inst.zone },
              }),
            );
            if (customHealth && !inst.healthy) {
              await client.send(
                new UpdateInstanceCustomHealthStatusCommand({
                  ServiceId: Service!.Id,
                  InstanceId: `i-${i}`,
                  Status: 'UNHEALTHY',
                }),
              );
            }
          }
          const discovery = createDiscovery({ client }, { fullRefreshMs: 0 });
          // Act
          const local = await discovery.discover({
            namespaceName: 'semantics.local',
            serviceName: name,
            healthStatus,
            queryParameters,
          });
          const remote = await client.send(
            new DiscoverInstancesCommand({
              NamespaceName: 'semantics.local',
              ServiceName: name,
              HealthStatus: healthStatus,
              QueryParameters: queryParameters,
              MaxResults: 1000,
            }),
          );
          discovery.close();
          // Assess
          const byId = (a: { InstanceId?: string }, b: { InstanceId?: string }) =>
            (a.InstanceId ?? '').localeCompare(b.InstanceId ?? '');
          expect([...local].sort(byId)).toEqual([...(remote.Instances ?? [])].sort(byId));
        },
      ),
      { numRuns: 40 },
    );
  });
});
