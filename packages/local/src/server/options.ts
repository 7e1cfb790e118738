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

// A bad option value as the caller wrote it: strings quoted, and bigints, symbols or cycles
// shown instead of making JSON.stringify throw.
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

/** Every problem of the endpoint options at once (empty when valid); fault options are checked apart. */
export function endpointOptionProblems(options: LocalEndpointOptions): string[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return [`options: ${shown(options)} must be an object`];
  const problems: string[] = [];
  const { port, host, accountId, region, stateFile, maxBodyBytes } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    problems.push(`port: ${shown(port)} must be an integer from 0 to 65535`);
  if (host !== undefined && (typeof host !== 'string' || host === ''))
    problems.push(`host: ${shown(host)} must be a non-empty host name or address`);
  if (accountId !== undefined && !(typeof accountId === 'string' && /^\d{12}$/.test(accountId)))
    problems.push(`accountId: ${shown(accountId)} must be a string of exactly 12 digits`);
  if (region !== undefined && !(typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)))
    problems.push(`region: ${shown(region)} is not a region name like us-east-1`);
  if (stateFile !== undefined && (typeof stateFile !== 'string' || stateFile === ''))
    problems.push(`stateFile: ${shown(stateFile)} must be a non-empty file path`);
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0))
    problems.push(`maxBodyBytes: ${shown(maxBodyBytes)} must be a positive integer`);
  return problems;
}
