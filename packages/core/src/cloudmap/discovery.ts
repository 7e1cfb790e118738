import { DiscoverInstancesCommand, DiscoverInstancesRevisionCommand } from '@aws-sdk/client-servicediscovery';
import { checkOptions, defineOptions, optionRule } from '../options/option-schema.js';
import { showValue } from '../options/show-value.js';
import { type CloudMapClientOptions, lazyCloudMapClient } from './client.js';
import { awsErrorName, CloudMapDiscoveryError, CloudMapError, describeAwsError } from './errors.js';

/**
 * Cloud Map's DiscoverInstances health filters.
 *
 * @example
 * ```ts
 * import type { HealthStatusFilter } from '@meshplane/core/cloudmap';
 * const failOpen: HealthStatusFilter = 'HEALTHY_OR_ELSE_ALL';
 * ```
 */
export type HealthStatusFilter = 'HEALTHY' | 'UNHEALTHY' | 'ALL' | 'HEALTHY_OR_ELSE_ALL';

/**
 * One lookup: a service in a namespace (its HttpName), optionally filtered. A discovery plans a
 * query object once (validation, cache keys) and remembers the plan: reuse query objects on hot
 * paths, and do not mutate one after it has been used.
 *
 * @example
 * ```ts
 * import type { DiscoveryQuery } from '@meshplane/core/cloudmap';
 * const query: DiscoveryQuery = {
 *   namespaceName: 'prod.svc.cluster.local',
 *   serviceName: 'jazz',
 *   queryParameters: { version: 'v2' },
 *   healthStatus: 'HEALTHY',
 * };
 * ```
 */
export interface DiscoveryQuery {
  namespaceName: string;
  serviceName: string;
  /** Only instances whose attributes equal all of these (Cloud Map's QueryParameters). */
  queryParameters?: Record<string, string>;
  /** Default: the discovery's `healthStatus` option (itself `HEALTHY` by default, like Cloud Map). */
  healthStatus?: HealthStatusFilter;
}

/**
 * An instance in Cloud Map's `HttpInstanceSummary` shape. Shared by callers: do not mutate.
 *
 * @example
 * ```ts
 * import type { DiscoveredInstance } from '@meshplane/core/cloudmap';
 * const address = (i: DiscoveredInstance) => `${i.Attributes.AWS_INSTANCE_IPV4}:${i.Attributes.AWS_INSTANCE_PORT}`;
 * ```
 */
export interface DiscoveredInstance {
  readonly InstanceId: string;
  readonly NamespaceName: string;
  readonly ServiceName: string;
  readonly HealthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  readonly Attributes: Readonly<Record<string, string>>;
}

/**
 * Options of {@link createDiscovery}.
 *
 * @example
 * ```ts
 * import { createDiscovery, type DiscoveryOptions } from '@meshplane/core/cloudmap';
 * const options: DiscoveryOptions = { ttlMs: 5_000, maxStaleMs: 60_000, fullRefreshMs: 30_000 };
 * const discovery = createDiscovery({ clientConfig: { region: 'us-east-1' } }, options);
 * ```
 */
export interface DiscoveryOptions {
  /** How long fetched instances are fresh, in ms (default 5,000). */
  ttlMs?: number;
  /**
   * How long instances may be served after the last successful refresh while Cloud Map fails
   * or throttles, in ms (default 300,000). Past it, lookups fail with `DISCOVERY_STALE`.
   */
  maxStaleMs?: number;
  /**
   * Interval of the full refresh of every cached service, in ms (default 30,000; 0 disables
   * it). Needed because the instances revision does not change when only health changes.
   */
  fullRefreshMs?: number;
  /**
   * On TTL expiry, ask DiscoverInstancesRevision (3,000 TPS quota) first and refetch only if the
   * revision moved (default true). With false every expiry refetches the instances.
   */
  revisionCheck?: boolean;
  /** After a failed background refresh, wait this long before the next one, in ms (default 1,000). */
  errorBackoffMs?: number;
  /** Drop services nobody looked up for this long, in ms (default 600,000). */
  maxIdleMs?: number;
  /** The default health filter (default `HEALTHY`). */
  healthStatus?: HealthStatusFilter;
  /** Clock in ms, for tests. */
  now?: () => number;
}

/**
 * Counters of one discovery instance.
 *
 * @example
 * ```ts
 * import { createDiscovery } from '@meshplane/core/cloudmap';
 * const discovery = createDiscovery({ clientConfig: { region: 'us-east-1' } });
 * const { discoverCalls, hits, staleHits } = discovery.stats();
 * ```
 */
export interface DiscoveryStats {
  /** DiscoverInstances calls made (successful or not). */
  discoverCalls: number;
  /** DiscoverInstancesRevision calls made. */
  revisionCalls: number;
  /** Failed Cloud Map calls. */
  errors: number;
  /** Lookups answered from fresh cache. */
  hits: number;
  /** Lookups answered from stale cache (while a refresh runs or Cloud Map fails). */
  staleHits: number;
  /** Lookups that had to wait for Cloud Map. */
  misses: number;
  /** Services cached. */
  services: number;
}

/**
 * A discovery client with one cache: see {@link createDiscovery}.
 *
 * @example
 * ```ts
 * import { createDiscovery, type Discovery } from '@meshplane/core/cloudmap';
 * const discovery: Discovery = createDiscovery({ clientConfig: { region: 'us-east-1' } });
 * const cached = discovery.peek({ namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' });
 * ```
 */
export interface Discovery {
  /** Instances of a service, from the cache when fresh enough, else from Cloud Map. */
  discover(query: DiscoveryQuery): Promise<readonly DiscoveredInstance[]>;
  /** The cached instances, synchronously, or undefined when none (or older than `maxStaleMs`). */
  peek(query: DiscoveryQuery): readonly DiscoveredInstance[] | undefined;
  /** Looks all queries up (in parallel), filling the cache; rejects if one fails. */
  warm(queries: readonly DiscoveryQuery[]): Promise<void>;
  /** Refetches every cached service now (what the full-refresh timer does). */
  refreshAll(): Promise<void>;
  /** Counters. */
  stats(): DiscoveryStats;
  /** Stops the timer, drops the cache and destroys a client it built itself. */
  close(): void;
}

interface Entry {
  namespaceName: string;
  serviceName: string;
  /** Every instance of the service (fetched with HealthStatus ALL), frozen. */
  instances?: readonly DiscoveredInstance[];
  revision?: number;
  /** When the instances were last confirmed current (fetch or unchanged revision). */
  validatedAt: number;
  lastErrorAt?: number;
  lastError?: unknown;
  lastUsedAt: number;
  inflight?: Promise<void>;
  /** Filtered views of `instances`, by filter key; cleared when `instances` changes. */
  views: Map<string, readonly DiscoveredInstance[]>;
}

const HEALTH_FILTERS: readonly HealthStatusFilter[] = ['HEALTHY', 'UNHEALTHY', 'ALL', 'HEALTHY_OR_ELSE_ALL'];

/** A duration option: `null` or absent takes the default; else a number of ms, positive or not negative. */
const durationMs = (allowZero: boolean) =>
  optionRule(
    `must be a ${allowZero ? 'non-negative' : 'positive'} number of ms`,
    (v) => v === null || (typeof v === 'number' && !Number.isNaN(v) && v >= 0 && (allowZero || v > 0)),
  );

/** The declared schema of {@link DiscoveryOptions}, in the order problems are reported. */
const DISCOVERY_OPTIONS = defineOptions<DiscoveryOptions>({
  ttlMs: durationMs(false),
  maxStaleMs: durationMs(true),
  fullRefreshMs: durationMs(true),
  errorBackoffMs: durationMs(true),
  maxIdleMs: durationMs(false),
  revisionCheck: optionRule('must be true or false', (v) => v === null || typeof v === 'boolean'),
  healthStatus: optionRule(
    `must be one of ${HEALTH_FILTERS.join(', ')}`,
    (v) => v === null || HEALTH_FILTERS.includes(v as HealthStatusFilter),
  ),
  now: optionRule('must be a function returning epoch milliseconds', (v) => typeof v === 'function'),
});

/**
 * Applies a health filter the way Cloud Map does: ignored when no instance has a health status
 * (a service without health check reports UNKNOWN for all); HEALTHY_OR_ELSE_ALL fails open.
 *
 * @example
 * ```ts
 * import { filterByHealth } from '@meshplane/core/cloudmap';
 * const instances = [
 *   { InstanceId: 'a', NamespaceName: 'prod', ServiceName: 'jazz', HealthStatus: 'UNHEALTHY' as const, Attributes: {} },
 * ];
 * filterByHealth(instances, 'HEALTHY'); // []
 * filterByHealth(instances, 'HEALTHY_OR_ELSE_ALL'); // [a]: fails open
 * ```
 */
export function filterByHealth(
  instances: readonly DiscoveredInstance[],
  filter: HealthStatusFilter,
): readonly DiscoveredInstance[] {
  if (filter === 'ALL' || instances.every((i) => i.HealthStatus === 'UNKNOWN')) return instances;
  if (filter === 'UNHEALTHY') return instances.filter((i) => i.HealthStatus === 'UNHEALTHY');
  const healthy = instances.filter((i) => i.HealthStatus === 'HEALTHY');
  return filter === 'HEALTHY_OR_ELSE_ALL' && healthy.length === 0 ? instances : healthy;
}

/**
 * Creates a discovery client with its own cache (nothing is shared between two discoveries):
 *
 * - one DiscoverInstances call per service fetches all its instances; health and attribute
 *   filters are applied locally with Cloud Map's semantics, so every filter of a service
 *   shares that one call (the cache is keyed by namespace/service, with views per filter);
 * - single-flight: concurrent lookups of a cold service wait for one call;
 * - fresh for `ttlMs`; after that the cached instances are served at once while one background
 *   refresh checks DiscoverInstancesRevision and refetches only when it moved;
 * - a full refresh of all cached services every `fullRefreshMs` (an `unref`'d timer), because
 *   the revision ignores health changes;
 * - while Cloud Map fails or throttles, cached instances are served up to `maxStaleMs` after the
 *   last success; then lookups fail with `DISCOVERY_STALE`.
 *
 * Retries of each call are the SDK client's (its retry strategy); the cache never loops.
 *
 * @example
 * ```ts
 * import { createDiscovery } from '@meshplane/core/cloudmap';
 * const discovery = createDiscovery(
 *   // the endpoint from AWS_ENDPOINT_URL_SERVICEDISCOVERY (meshplane local: http://127.0.0.1:6374), where
 *   // DiscoverInstances' data- host prefix cannot resolve
 *   { clientConfig: { region: 'us-east-1', disableHostPrefix: true } },
 *   { ttlMs: 5_000, maxStaleMs: 60_000 },
 * );
 * const instances = await discovery.discover({
 *   namespaceName: 'prod.svc.cluster.local',
 *   serviceName: 'jazz',
 *   queryParameters: { version: 'v2' },
 * });
 * console.log(instances.map((i) => `${i.Attributes.AWS_INSTANCE_IPV4}:${i.Attributes.AWS_INSTANCE_PORT}`));
 * discovery.close();
 * ```
 */
export function createDiscovery(
  clientOptions: CloudMapClientOptions,
  options: DiscoveryOptions = {},
): Discovery {
  // Every bad option is reported at once, before the client is built.
  if (options === null || typeof options !== 'object') {
    throw new CloudMapError('INVALID_ARGUMENT', `options ${String(options)} must be an object or undefined`);
  }
  const problems = checkOptions(DISCOVERY_OPTIONS, options);
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.field} ${showValue(p.value)} ${p.rule}`);
    throw new CloudMapError('INVALID_ARGUMENT', `invalid discovery options: ${lines.join('; ')}`);
  }
  const ttlMs = options.ttlMs ?? 5_000;
  const maxStaleMs = options.maxStaleMs ?? 300_000;
  const fullRefreshMs = options.fullRefreshMs ?? 30_000;
  const errorBackoffMs = options.errorBackoffMs ?? 1_000;
  const maxIdleMs = options.maxIdleMs ?? 600_000;
  const revisionCheck = options.revisionCheck ?? true;
  const defaultHealth = options.healthStatus ?? 'HEALTHY';
  const client = lazyCloudMapClient(clientOptions);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const counters = { discoverCalls: 0, revisionCalls: 0, errors: 0, hits: 0, staleHits: 0, misses: 0 };
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  /** A query checked once and turned into its cache keys. */
  interface QueryPlan {
    entryKey: string;
    viewKey: string;
    health: HealthStatusFilter;
    params: [string, string][];
  }
  // Callers (the router above all) pass the same query objects again and again: plan each once,
  // so a cache hit is a WeakMap and two Map look-ups. Queries are taken as immutable once used.
  const plans = new WeakMap<DiscoveryQuery, QueryPlan>();

  function planFor(query: DiscoveryQuery): QueryPlan {
    if (closed) throw new CloudMapDiscoveryError('DISCOVERY_CLOSED', 'this discovery was closed', '');
    const known = query && typeof query === 'object' ? plans.get(query) : undefined;
    if (known) return known;
    const problems: string[] = [];
    if (typeof query?.namespaceName !== 'string' || query.namespaceName === '') {
      problems.push(`namespaceName ${JSON.stringify(query?.namespaceName)} must be a non-empty string`);
    }
    if (typeof query?.serviceName !== 'string' || query.serviceName === '') {
      problems.push(`serviceName ${JSON.stringify(query?.serviceName)} must be a non-empty string`);
    }
    if (query?.healthStatus !== undefined && !HEALTH_FILTERS.includes(query.healthStatus)) {
      problems.push(`healthStatus "${query.healthStatus}" must be one of ${HEALTH_FILTERS.join(', ')}`);
    }
    for (const [k, v] of Object.entries(query?.queryParameters ?? {})) {
      if (typeof v !== 'string') problems.push(`queryParameters.${k} ${JSON.stringify(v)} must be a string`);
    }
    if (problems.length > 0)
      throw new CloudMapError('INVALID_ARGUMENT', `invalid discovery query: ${problems.join('; ')}`);
    const health = query.healthStatus ?? defaultHealth;
    const params = Object.entries(query.queryParameters ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    const plan: QueryPlan = {
      entryKey: `${query.namespaceName}\u0000${query.serviceName}`,
      viewKey: `${health}\u0000${JSON.stringify(params)}`,
      health,
      params,
    };
    plans.set(query, plan);
    return plan;
  }

  function entryFor(query: DiscoveryQuery, plan: QueryPlan): Entry {
    let entry = entries.get(plan.entryKey);
    if (!entry) {
      entry = {
        namespaceName: query.namespaceName,
        serviceName: query.serviceName,
        validatedAt: 0,
        lastUsedAt: now(),
        views: new Map(),
      };
      entries.set(plan.entryKey, entry);
      startTimer();
    }
    return entry;
  }

  function view(entry: Entry, plan: QueryPlan): readonly DiscoveredInstance[] {
    let cached = entry.views.get(plan.viewKey);
    if (!cached) {
      const { params } = plan;
      const matching =
        params.length === 0
          ? entry.instances!
          : entry.instances!.filter((i) => params.every(([k, v]) => i.Attributes[k] === v));
      cached = Object.freeze([...filterByHealth(matching, plan.health)]);
      entry.views.set(plan.viewKey, cached);
    }
    return cached;
  }

  async function fetchInstances(entry: Entry): Promise<void> {
    counters.discoverCalls++;
    const out = await client.get().send(
      new DiscoverInstancesCommand({
        NamespaceName: entry.namespaceName,
        ServiceName: entry.serviceName,
        HealthStatus: 'ALL',
        MaxResults: 1000,
      }),
    );
    entry.instances = Object.freeze(
      (out.Instances ?? []).map((i) =>
        Object.freeze({
          InstanceId: i.InstanceId ?? '',
          NamespaceName: i.NamespaceName ?? entry.namespaceName,
          ServiceName: i.ServiceName ?? entry.serviceName,
          HealthStatus: (i.HealthStatus ?? 'UNKNOWN') as DiscoveredInstance['HealthStatus'],
          Attributes: Object.freeze({ ...(i.Attributes ?? {}) }),
        }),
      ),
    );
    entry.revision = out.InstancesRevision;
    entry.views.clear();
  }

  /** One refresh at a time per service; `full` skips the revision shortcut. */
  function refresh(entry: Entry, full: boolean): Promise<void> {
    if (entry.inflight) return entry.inflight;
    const run = async () => {
      try {
        if (!full && revisionCheck && entry.instances && entry.revision !== undefined) {
          counters.revisionCalls++;
          const { InstancesRevision } = await client.get().send(
            new DiscoverInstancesRevisionCommand({
              NamespaceName: entry.namespaceName,
              ServiceName: entry.serviceName,
            }),
          );
          if (InstancesRevision !== entry.revision) await fetchInstances(entry);
        } else {
          await fetchInstances(entry);
        }
        entry.validatedAt = now();
        entry.lastError = undefined;
        entry.lastErrorAt = undefined;
      } catch (error) {
        counters.errors++;
        entry.lastError = error;
        entry.lastErrorAt = now();
        throw error;
      } finally {
        entry.inflight = undefined;
      }
    };
    entry.inflight = run();
    return entry.inflight;
  }

  function revalidateInBackground(entry: Entry): void {
    if (entry.inflight) return;
    if (entry.lastErrorAt !== undefined && now() - entry.lastErrorAt < errorBackoffMs) return;
    refresh(entry, false).catch(() => {
      // Recorded on the entry; callers keep getting cached instances up to maxStaleMs.
    });
  }

  function label(entry: Entry): string {
    return `${entry.namespaceName}/${entry.serviceName}`;
  }

  function failure(entry: Entry, error: unknown): CloudMapDiscoveryError {
    const name = awsErrorName(error);
    if (entry.instances) {
      const age = now() - entry.validatedAt;
      return new CloudMapDiscoveryError(
        'DISCOVERY_STALE',
        `cached instances of ${label(entry)} are ${Math.round(age)} ms old, older than maxStaleMs ${maxStaleMs}, and refreshing failed: ${describeAwsError(error)}`,
        label(entry),
        { cause: error },
      );
    }
    const code =
      name === 'NamespaceNotFound'
        ? 'NAMESPACE_NOT_FOUND'
        : name === 'ServiceNotFound'
          ? 'SERVICE_NOT_FOUND'
          : 'DISCOVERY_UNAVAILABLE';
    return new CloudMapDiscoveryError(
      code,
      `cannot discover instances of ${label(entry)}: ${describeAwsError(error)}`,
      label(entry),
      { cause: error },
    );
  }

  async function discover(query: DiscoveryQuery): Promise<readonly DiscoveredInstance[]> {
    const plan = planFor(query);
    const entry = entryFor(query, plan);
    const t = now();
    entry.lastUsedAt = t;
    if (entry.instances) {
      const age = t - entry.validatedAt;
      if (age < ttlMs) {
        counters.hits++;
        return view(entry, plan);
      }
      if (age <= maxStaleMs) {
        counters.staleHits++;
        revalidateInBackground(entry);
        return view(entry, plan);
      }
    }
    counters.misses++;
    try {
      await refresh(entry, false);
    } catch (error) {
      throw failure(entry, error);
    }
    if (closed)
      throw new CloudMapDiscoveryError('DISCOVERY_CLOSED', 'this discovery was closed', label(entry));
    return view(entry, plan);
  }

  function peek(query: DiscoveryQuery): readonly DiscoveredInstance[] | undefined {
    const plan = planFor(query);
    const entry = entries.get(plan.entryKey);
    if (!entry?.instances) return undefined;
    const t = now();
    entry.lastUsedAt = t;
    const age = t - entry.validatedAt;
    // Even past the bound, a peek starts a refresh: a router that only peeks must recover.
    if (age >= ttlMs) revalidateInBackground(entry);
    if (age > maxStaleMs) return undefined;
    return view(entry, plan);
  }

  async function refreshAll(): Promise<void> {
    const t = now();
    const work: Promise<void>[] = [];
    for (const [key, entry] of entries) {
      if (t - entry.lastUsedAt > maxIdleMs) {
        entries.delete(key);
        continue;
      }
      // Never fetched successfully (e.g. a service that does not exist yet): the next lookup
      // fetches it; the timer does not poll for it.
      if (entry.inflight || !entry.instances) continue;
      // Full refetch: the revision would not reveal health changes.
      work.push(refresh(entry, true).catch(() => undefined));
    }
    await Promise.all(work);
  }

  function startTimer(): void {
    if (timer || fullRefreshMs === 0 || closed) return;
    timer = setInterval(() => {
      void refreshAll();
    }, fullRefreshMs);
    // Discovery must never keep a process (or a Lambda environment's event loop) alive.
    timer.unref?.();
  }

  return {
    discover,
    peek,
    async warm(queries) {
      await Promise.all(queries.map((q) => discover(q)));
    },
    refreshAll,
    stats: () => ({ ...counters, services: entries.size }),
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      entries.clear();
      client.destroy();
    },
  };
}
