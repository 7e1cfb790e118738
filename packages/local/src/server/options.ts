import { checkOptions, defineOptions, optionRule } from '@meshplane/core';
import type { FaultOptions } from '../faults/fault-injector.js';
import type { LocalService } from '../service.js';

/** Options of {@link startLocalEndpoint}. */
export interface LocalEndpointOptions {
  /** TCP port; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind; `127.0.0.1` unless another host is asked for explicitly. */
  host?: string;
  /** Region used when a request carries no SigV4 credential scope (default `us-east-1`). */
  region?: string;
  /** 12-digit account of every caller whose access key id is not itself 12 digits (default `000000000000`). */
  accountId?: string;
  /** JSON file the state is loaded from at start and written to (atomically) after each change. */
  stateFile?: string;
  /** Fault injection; see {@link FaultOptions}. */
  faults?: FaultOptions;
  /** Largest accepted request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** The server clock (default `() => new Date()`), injectable for tests. */
  now?: () => Date;
  /** Replaces the Cloud Map service (e.g. a custom one in tests). */
  cloudMapService?: LocalService<unknown>;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The declared schema of {@link LocalEndpointOptions} (fault options are checked apart). */
const ENDPOINT_OPTIONS = defineOptions<LocalEndpointOptions>({
  port: optionRule(
    'must be an integer from 0 to 65535',
    (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535,
  ),
  host: optionRule('must be a non-empty host name or address', (v) => isString(v) && v !== ''),
  accountId: optionRule('must be a string of exactly 12 digits', (v) => isString(v) && /^\d{12}$/.test(v)),
  region: optionRule(
    'is not a region name like us-east-1',
    (v) => isString(v) && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(v),
  ),
  stateFile: optionRule('must be a non-empty file path', (v) => isString(v) && v !== ''),
  faults: optionRule('is checked with the fault options', () => true),
  maxBodyBytes: optionRule('must be a positive integer', (v) => Number.isInteger(v) && (v as number) > 0),
  now: optionRule('must be a function returning a Date', (v) => typeof v === 'function'),
  cloudMapService: optionRule('must be a local service object', (v) => typeof v === 'object' && v !== null),
});

/** Every problem of the endpoint options at once (empty when valid); fault options are checked apart. */
export function endpointOptionProblems(options: LocalEndpointOptions): string[] {
  return checkOptions(ENDPOINT_OPTIONS, options).map((problem) => problem.message);
}
