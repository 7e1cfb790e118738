import type { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';

/** An instance as the fake Cloud Map stores it. */
export interface FakeInstance {
  InstanceId: string;
  HealthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  Attributes: Record<string, string>;
}

/**
 * A tiny in-process stand-in for the Cloud Map client, for pure cache behaviour: it answers
 * DiscoverInstances / DiscoverInstancesRevision from a table, counts calls, can fail on demand
 * and can hold answers until released (to make concurrency observable).
 */
export class FakeCloudMap {
  services = new Map<string, { revision: number; instances: FakeInstance[] }>();
  calls = { DiscoverInstancesCommand: 0, DiscoverInstancesRevisionCommand: 0, GetOperationCommand: 0 };
  failWith: Error | undefined;
  operationStatus: 'PENDING' | 'SUCCESS' | 'FAIL' = 'PENDING';
  private held: (() => void)[] | undefined;

  set(namespace: string, service: string, instances: FakeInstance[], revision?: number): void {
    const key = `${namespace}/${service}`;
    const previous = this.services.get(key);
    this.services.set(key, { revision: revision ?? (previous?.revision ?? 0) + 1, instances });
  }

  /** Changes health in place without touching the revision (as Cloud Map does). */
  setHealth(
    namespace: string,
    service: string,
    instanceId: string,
    health: FakeInstance['HealthStatus'],
  ): void {
    const svc = this.services.get(`${namespace}/${service}`)!;
    svc.instances = svc.instances.map((i) =>
      i.InstanceId === instanceId ? { ...i, HealthStatus: health } : i,
    );
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const resume of waiting) resume();
  }

  readonly client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name as keyof FakeCloudMap['calls'];
      this.calls[name] = (this.calls[name] ?? 0) + 1;
      if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
      if (this.failWith) throw this.failWith;
      if (name === 'GetOperationCommand') {
        return {
          Operation: {
            Id: command.input.OperationId,
            Status: this.operationStatus,
            ErrorCode: 'X',
            ErrorMessage: 'failed',
          },
        };
      }
      const key = `${command.input.NamespaceName}/${command.input.ServiceName}`;
      const svc = this.services.get(key);
      if (!svc) {
        const error = new Error(`Service ${String(command.input.ServiceName)} not found.`);
        error.name = 'ServiceNotFound';
        throw error;
      }
      if (name === 'DiscoverInstancesRevisionCommand') return { InstancesRevision: svc.revision };
      return {
        InstancesRevision: svc.revision,
        Instances: svc.instances.map((i) => ({
          ...i,
          NamespaceName: command.input.NamespaceName,
          ServiceName: command.input.ServiceName,
        })),
      };
    },
    destroy: () => undefined,
  } as unknown as ServiceDiscoveryClient;
}

/** An error shaped like the SDK's throttling error. */
export function throttled(): Error {
  const error = new Error('Rate exceeded');
  error.name = 'RequestLimitExceeded';
  return error;
}

/** A controllable clock in ms. */
export function manualClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}
