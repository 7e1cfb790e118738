import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CloudMapClientOptions,
  createDiscovery,
  type DiscoveredInstance,
  type DiscoveryQuery,
} from '../../src/cloudmap/index.js';
import type { RouterDiscovery } from '../../src/router/index.js';

describe('cloudmap types', () => {
  it('accepts a client or a configuration, never both', () => {
    const client = new ServiceDiscoveryClient({ region: 'us-east-1' });
    expectTypeOf({ client }).toExtend<CloudMapClientOptions>();
    expectTypeOf({ clientConfig: { region: 'us-east-1' } }).toExtend<CloudMapClientOptions>();
    expectTypeOf({ client, clientConfig: { region: 'us-east-1' } }).not.toExtend<CloudMapClientOptions>();
  });

  it('returns read-only instances in the HttpInstanceSummary shape', () => {
    const discovery = createDiscovery({ clientConfig: { region: 'us-east-1' } });
    expectTypeOf(discovery.discover).returns.resolves.toEqualTypeOf<readonly DiscoveredInstance[]>();
    expectTypeOf(discovery.peek).returns.toEqualTypeOf<readonly DiscoveredInstance[] | undefined>();
    expectTypeOf<DiscoveredInstance['HealthStatus']>().toEqualTypeOf<'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'>();
    // @ts-expect-error the cache's arrays are shared: no mutation
    discovery.peek({ namespaceName: 'ns', serviceName: 's' })?.push({} as DiscoveredInstance);
  });

  it('satisfies the router discovery contract', () => {
    const discovery = createDiscovery({ clientConfig: { region: 'us-east-1' } });
    expectTypeOf(discovery).toExtend<RouterDiscovery>();
    expectTypeOf<DiscoveryQuery['healthStatus']>().toEqualTypeOf<
      'HEALTHY' | 'UNHEALTHY' | 'ALL' | 'HEALTHY_OR_ELSE_ALL' | undefined
    >();
  });
});
