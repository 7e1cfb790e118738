import { LocalEndpointError } from '../errors.js';
import { createSeededRandom } from './seeded-random.js';
import { TokenBucket, type TokenBucketConfig } from './token-bucket.js';

/** Token buckets per operation class; each side defaults to AWS's App Mesh controller client. */
export interface ThrottleOptions {
  reads?: TokenBucketConfig;
  writes?: TokenBucketConfig;
}

/**
 * Faults the endpoint injects before an operation runs. Every random choice comes from one
 * generator seeded with `seed`, drawn in a fixed order per request, so the same seed and the
 * same request sequence give the same faults.
 */
export interface FaultOptions {
  /** Seed of the fault generator (default: derived from the clock, see `faultSeed` on the handle). */
  seed?: number;
  /** Fixed latency added to every call, in milliseconds. */
  latencyMs?: number;
  /** Extra uniformly random latency in `[0, jitterMs)` milliseconds. */
  jitterMs?: number;
  /** `true` = reads 40/s burst 40, writes 8/s burst 5 (AWS's App Mesh controller client). */
  throttle?: boolean | ThrottleOptions;
  /** Share of calls answered with the service's 5xx error (`0`–`1`). */
  errorRate?: number;
  /** Share of calls whose connection is destroyed without an answer (`0`–`1`). */
  dropRate?: number;
  /** Restricts the faults to these operation names (e.g. `['DiscoverInstances']`). */
  operations?: readonly string[];
}

/** Read operations describe, list, get or discover; everything else is a write. */
export type OperationClass = 'read' | 'write';

/** What the injector decided for one call. */
export interface FaultDecision {
  delayMs: number;
  drop: boolean;
  throttle: boolean;
  serverError: boolean;
}

/**
 * AWS's App Mesh controller throttles its own client at these rates; `throttle: true` uses them.
 *
 * @example
 * ```ts
 * import { DEFAULT_THROTTLE } from '@meshplane/local';
 * console.log(DEFAULT_THROTTLE.writes); // { rate: 8, burst: 5 }
 * ```
 */
export const DEFAULT_THROTTLE: Required<ThrottleOptions> = {
  reads: { rate: 40, burst: 40 },
  writes: { rate: 8, burst: 5 },
};

const READ_PREFIXES = /^(Describe|List|Get|Discover)/;

/**
 * Classifies an operation name as a read or a write, the way the throttling buckets and the
 * endpoint's `stats()` count them.
 *
 * @example
 * ```ts
 * import { classifyOperation } from '@meshplane/local/internals';
 * console.log(classifyOperation('ListMeshes'), classifyOperation('CreateMesh')); // 'read' 'write'
 * ```
 */
export function classifyOperation(operation: string): OperationClass {
  return READ_PREFIXES.test(operation) ? 'read' : 'write';
}

/** Decides the faults of each call; created once per endpoint (or per `setFaults`). */
export interface FaultInjector {
  readonly seed: number;
  readonly active: boolean;
  decide(operation: string): FaultDecision;
}

const NO_FAULT: FaultDecision = { delayMs: 0, drop: false, throttle: false, serverError: false };

/**
 * Checks fault options and returns every problem at once (empty when valid).
 *
 * @example
 * ```ts
 * import { checkFaultOptions } from '@meshplane/local/internals';
 * console.log(checkFaultOptions({ errorRate: 2 })); // [ 'faults.errorRate: 2 is not between 0 and 1' ]
 * ```
 */
export function checkFaultOptions(options: FaultOptions): string[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return [
      `faults: ${options === null ? 'null' : Array.isArray(options) ? 'a list' : typeof options} must be an object of fault options`,
    ];
  const problems: string[] = [];
  const rate = (name: 'errorRate' | 'dropRate') => {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1))
      problems.push(`faults.${name}: ${value} is not between 0 and 1`);
  };
  const nonNegative = (name: 'latencyMs' | 'jitterMs') => {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      problems.push(`faults.${name}: ${value} must be a number >= 0`);
  };
  rate('errorRate');
  rate('dropRate');
  nonNegative('latencyMs');
  nonNegative('jitterMs');
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    problems.push(`faults.seed: ${options.seed} must be an integer`);
  if (typeof options.throttle === 'object') {
    for (const side of ['reads', 'writes'] as const) {
      const bucket = options.throttle[side];
      if (!bucket) continue;
      if (!(Number.isFinite(bucket.rate) && bucket.rate > 0))
        problems.push(`faults.throttle.${side}.rate: ${bucket.rate} must be a number > 0`);
      if (!(Number.isFinite(bucket.burst) && bucket.burst >= 1))
        problems.push(`faults.throttle.${side}.burst: ${bucket.burst} must be a number >= 1`);
    }
  }
  return problems;
}

/**
 * Builds the fault injector of an endpoint. Throws `LocalEndpointError` (`INVALID_OPTIONS`)
 * listing every bad option.
 *
 * @example
 * ```ts
 * import { createFaultInjector } from '@meshplane/local/internals';
 * const first = createFaultInjector({ seed: 7, errorRate: 0.5 });
 * const again = createFaultInjector({ seed: 7, errorRate: 0.5 });
 * const draws = (f: typeof first) => Array.from({ length: 20 }, () => f.decide('ListMeshes').serverError);
 * // The same seed replays the same faults.
 * console.log(JSON.stringify(draws(first)) === JSON.stringify(draws(again))); // true
 * ```
 */
export function createFaultInjector(options: FaultOptions = {}, clock?: () => number): FaultInjector {
  const problems = checkFaultOptions(options);
  if (problems.length > 0)
    throw new LocalEndpointError('INVALID_OPTIONS', `invalid fault options: ${problems.join('; ')}`);
  const seed = options.seed ?? Date.now() % 2_147_483_647;
  const random = createSeededRandom(seed);
  const latency = options.latencyMs ?? 0;
  const jitter = options.jitterMs ?? 0;
  const errorRate = options.errorRate ?? 0;
  const dropRate = options.dropRate ?? 0;
  const only = options.operations ? new Set(options.operations) : undefined;
  const throttle = options.throttle === true ? DEFAULT_THROTTLE : options.throttle || undefined;
  const buckets = throttle
    ? {
        read: new TokenBucket(throttle.reads ?? DEFAULT_THROTTLE.reads, clock),
        write: new TokenBucket(throttle.writes ?? DEFAULT_THROTTLE.writes, clock),
      }
    : undefined;
  const active = latency > 0 || jitter > 0 || errorRate > 0 || dropRate > 0 || buckets !== undefined;
  return {
    seed,
    active,
    decide(operation) {
      if (!active || (only && !only.has(operation))) return NO_FAULT;
      // Always draw the three numbers in the same order so one fault never shifts the others.
      const jitterDraw = random();
      const dropDraw = random();
      const errorDraw = random();
      return {
        delayMs: latency + Math.floor(jitterDraw * jitter),
        drop: dropDraw < dropRate,
        throttle: buckets ? !buckets[classifyOperation(operation)].tryTake() : false,
        serverError: errorDraw < errorRate,
      };
    },
  };
}
