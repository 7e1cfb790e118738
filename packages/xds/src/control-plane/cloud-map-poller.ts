import {
  DiscoverInstancesCommand,
  DiscoverInstancesRevisionCommand,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { checkOptions } from '@meshplane/core';
import {
  type CloudMapClientOptions,
  createCloudMapClient,
  type DiscoveredInstance,
} from '@meshplane/core/cloudmap';
import { type EndpointQuery, endpointKey, type ServiceEndpoints } from '../contract.js';
import { describeError } from '../sources/model-source.js';
import { POLLER_CLIENT_OPTIONS, POLLER_OPTIONS, POLLING_DEFAULTS } from './cloud-map-options.js';
import { ControlPlaneError } from './control-plane-error.js';
import { toServiceEndpoints } from './instance-endpoints.js';

/**
 * Options of {@link createCloudMapPoller}. The defaults cost, per polled service, 2
 * DiscoverInstancesRevision calls per second (3,000 TPS account quota) and 0.1 DiscoverInstances
 * calls per second plus one per actual change (1,000 TPS account quota), whatever the number of
 * Envoys connected.
 *
 * @example
 * ```ts
 * import type { CloudMapPollerOptions } from '@meshplane/xds';
 * const options: CloudMapPollerOptions = { revisionIntervalMs: 500, fullRefreshMs: 10_000 };
 * ```
 */
export interface CloudMapPollerOptions {
  /**
   * How often each service's DiscoverInstancesRevision is asked, in ms (default 500): a
   * registration or deregistration is seen within this interval plus one call.
   */
  revisionIntervalMs?: number;
  /**
   * How often each service's instances are fetched in full regardless of the revision, in ms
   * (default 10,000): Cloud Map's revision does not change when only health changes, so this
   * bounds how late a health change is seen. Must be at least `revisionIntervalMs`.
   */
  fullRefreshMs?: number;
  /** Called with the new endpoints of a service whose instances (or their health) changed. */
  onChange?: (key: string, endpoints: ServiceEndpoints) => void;
  /** Called when a call for a service fails (the last endpoints are kept) or instances were skipped. */
  onProblem?: (key: string, message: string) => void;
}

/**
 * Counters of a poller; calls are counted once per command sent (the SDK's own retries inside a
 * command are not counted again).
 *
 * @example
 * ```ts
 * import type { CloudMapPollerStats } from '@meshplane/xds';
 * const perService = (s: CloudMapPollerStats) => (s.discoverCalls + s.revisionCalls) / Math.max(1, s.services);
 * ```
 */
export interface CloudMapPollerStats {
  discoverCalls: number;
  revisionCalls: number;
  errors: number;
  /** Services polled now. */
  services: number;
}

/**
 * Polls the Cloud Map services that translation needs, once per service for all Envoys.
 *
 * @example
 * ```ts
 * import { createCloudMapPoller, type CloudMapPoller } from '@meshplane/xds/internals';
 * const poller: CloudMapPoller = createCloudMapPoller({ clientConfig: { region: 'us-east-1' } });
 * console.log(poller.endpoints().size); // 0
 * poller.close();
 * ```
 */
export interface CloudMapPoller {
  /**
   * Sets the services to poll (by {@link endpointKey}; attribute filters are applied per cluster
   * by translation, so two queries of one service share one poll). New services are fetched at
   * once and the promise resolves when they have been (successfully or not); services no longer
   * needed stop being polled and leave {@link CloudMapPoller.endpoints}.
   */
  track(queries: readonly EndpointQuery[]): Promise<void>;
  /** The endpoints read so far, by {@link endpointKey}: a service never read successfully is absent. */
  endpoints(): ReadonlyMap<string, ServiceEndpoints>;
  /** The last problem of each service that has one (a failed call, skipped instances). */
  problems(): ReadonlyMap<string, string>;
  stats(): CloudMapPollerStats;
  /** Stops every timer and destroys a client it built itself. */
  close(): void;
}

interface Polled {
  namespaceName: string;
  serviceName: string;
  revision?: number;
  lastFullAt: number;
  /** JSON of the last endpoints, to tell a change from a refresh that found the same. */
  fingerprint?: string;
  timer?: ReturnType<typeof setTimeout>;
  stopped: boolean;
}

/**
 * Creates the Cloud Map poller of a control plane. Every tracked service has one poll loop (never
 * one per Envoy stream): every `revisionIntervalMs` it asks DiscoverInstancesRevision and fetches
 * the instances (DiscoverInstances, `HealthStatus: ALL`, up to Cloud Map's 1,000 instances per
 * service) only when the revision moved, or when `fullRefreshMs` has passed since the last full
 * fetch (the revision ignores health-only changes). A change calls `onChange`; a failed call keeps
 * the last endpoints and calls `onProblem`. Throttling and retries are the SDK client's (adaptive
 * retry when the client is built from `clientConfig`).
 *
 * @example
 * ```ts
 * import { createCloudMapPoller } from '@meshplane/xds/internals';
 * const poller = createCloudMapPoller(
 *   { clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:6374', disableHostPrefix: true } },
 *   { onChange: (key, endpoints) => console.log(key, endpoints.instances.length) },
 * );
 * // await poller.track([{ namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' }]);
 * poller.close();
 * ```
 */
export function createCloudMapPoller(
  clientOptions: CloudMapClientOptions,
  options: CloudMapPollerOptions = {},
): CloudMapPoller {
  const problems = [
    ...checkOptions(POLLER_OPTIONS, options, 'options'),
    ...checkOptions(POLLER_CLIENT_OPTIONS, { cloudMap: clientOptions }),
  ];
  if (problems.length > 0) {
    throw new ControlPlaneError(
      'INVALID_OPTIONS',
      `invalid Cloud Map poller options: ${problems.map((p) => `${p.field} ${p.shown} ${p.rule}`).join('; ')}`,
    );
  }
  const revisionIntervalMs = options.revisionIntervalMs ?? POLLING_DEFAULTS.revisionIntervalMs;
  const fullRefreshMs = options.fullRefreshMs ?? POLLING_DEFAULTS.fullRefreshMs;
  let client: ServiceDiscoveryClient | undefined;
  const getClient = () => {
    client ??= createCloudMapClient(clientOptions);
    return client;
  };
  const polled = new Map<string, Polled>();
  const current = new Map<string, ServiceEndpoints>();
  // Two kinds of problem per service: the last failed call, and instances that were skipped.
  const callProblems = new Map<string, string>();
  const skipProblems = new Map<string, string>();
  const counters = { discoverCalls: 0, revisionCalls: 0, errors: 0 };
  let closed = false;

  /** Records (or clears) a problem, telling `onProblem` only when it is new: no log floods. */
  function problem(kind: Map<string, string>, key: string, message: string | undefined): void {
    if (message === undefined) {
      kind.delete(key);
      return;
    }
    if (kind.get(key) === message) return;
    kind.set(key, message);
    options.onProblem?.(key, message);
  }

  async function fetchAll(key: string, p: Polled): Promise<void> {
    counters.discoverCalls++;
    const out = await getClient().send(
      new DiscoverInstancesCommand({
        NamespaceName: p.namespaceName,
        ServiceName: p.serviceName,
        HealthStatus: 'ALL',
        MaxResults: 1000,
      }),
    );
    p.revision = out.InstancesRevision;
    p.lastFullAt = Date.now();
    if (p.stopped) return;
    const instances = (out.Instances ?? []).map(
      (i): DiscoveredInstance => ({
        InstanceId: i.InstanceId ?? '',
        NamespaceName: i.NamespaceName ?? p.namespaceName,
        ServiceName: i.ServiceName ?? p.serviceName,
        HealthStatus: (i.HealthStatus ?? 'UNKNOWN') as DiscoveredInstance['HealthStatus'],
        Attributes: { ...(i.Attributes ?? {}) },
      }),
    );
    const { endpoints, skipped } = toServiceEndpoints(p.namespaceName, p.serviceName, instances);
    problem(
      skipProblems,
      key,
      skipped.length > 0 ? `${key}: ${skipped.length} instance(s) skipped: ${skipped.join('; ')}` : undefined,
    );
    const fingerprint = JSON.stringify(endpoints.instances);
    if (fingerprint === p.fingerprint) return;
    p.fingerprint = fingerprint;
    current.set(key, endpoints);
    options.onChange?.(key, endpoints);
  }

  async function tick(key: string, p: Polled): Promise<void> {
    try {
      if (p.revision === undefined || Date.now() - p.lastFullAt >= fullRefreshMs) {
        await fetchAll(key, p);
      } else {
        counters.revisionCalls++;
        const { InstancesRevision } = await getClient().send(
          new DiscoverInstancesRevisionCommand({
            NamespaceName: p.namespaceName,
            ServiceName: p.serviceName,
          }),
        );
        if (InstancesRevision !== p.revision) await fetchAll(key, p);
      }
      problem(callProblems, key, undefined);
    } catch (error) {
      counters.errors++;
      problem(
        callProblems,
        key,
        `${key}: Cloud Map call failed, keeping the last endpoints: ${describeError(error)}`,
      );
    }
  }

  function arm(key: string, p: Polled): void {
    if (p.stopped || closed) return;
    p.timer = setTimeout(() => {
      void tick(key, p).finally(() => arm(key, p));
    }, revisionIntervalMs);
    p.timer.unref?.();
  }

  return {
    async track(queries) {
      if (closed) throw new ControlPlaneError('CLOSED', 'this Cloud Map poller was closed');
      const wanted = new Map<string, EndpointQuery>();
      for (const q of queries) wanted.set(endpointKey(q), q);
      for (const [key, p] of polled) {
        if (wanted.has(key)) continue;
        p.stopped = true;
        if (p.timer) clearTimeout(p.timer);
        polled.delete(key);
        current.delete(key);
        callProblems.delete(key);
        skipProblems.delete(key);
      }
      const fresh: Promise<void>[] = [];
      for (const [key, q] of wanted) {
        if (polled.has(key)) continue;
        const p: Polled = {
          namespaceName: q.namespaceName,
          serviceName: q.serviceName,
          lastFullAt: 0,
          stopped: false,
        };
        polled.set(key, p);
        fresh.push(tick(key, p).finally(() => arm(key, p)));
      }
      await Promise.all(fresh);
    },
    endpoints: () => current,
    problems() {
      const all = new Map<string, string>();
      for (const key of polled.keys()) {
        const text = [callProblems.get(key), skipProblems.get(key)].filter(Boolean).join('; ');
        if (text) all.set(key, text);
      }
      return all;
    },
    stats: () => ({ ...counters, services: polled.size }),
    close() {
      closed = true;
      for (const p of polled.values()) {
        p.stopped = true;
        if (p.timer) clearTimeout(p.timer);
      }
      polled.clear();
      if (!(clientOptions as { client?: unknown }).client) client?.destroy();
    },
  };
}
