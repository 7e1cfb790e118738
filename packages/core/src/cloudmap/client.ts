import { ServiceDiscoveryClient, type ServiceDiscoveryClientConfig } from '@aws-sdk/client-servicediscovery';
import { CloudMapError } from './errors.js';

/**
 * How a Cloud Map function gets its client: an existing `ServiceDiscoveryClient` (used as is) or
 * a configuration to build one from (built lazily, on first call).
 *
 * @example
 * ```ts
 * import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
 * import type { CloudMapClientOptions } from '@meshplane/core/cloudmap';
 * const given: CloudMapClientOptions = { client: new ServiceDiscoveryClient({ region: 'us-east-1' }) };
 * const built: CloudMapClientOptions = { clientConfig: { region: 'us-east-1' } };
 * ```
 */
export type CloudMapClientOptions =
  | { client: ServiceDiscoveryClient; clientConfig?: never }
  | { client?: never; clientConfig: ServiceDiscoveryClientConfig };

/**
 * Attempts per call when meshplane builds the client; the SDK's adaptive retry mode backs off
 * and rate-limits itself after throttling, so no meshplane code retries around it.
 *
 * @example
 * ```ts
 * import { DEFAULT_CLOUD_MAP_MAX_ATTEMPTS } from '@meshplane/core/cloudmap';
 * console.log(DEFAULT_CLOUD_MAP_MAX_ATTEMPTS); // 5
 * ```
 */
export const DEFAULT_CLOUD_MAP_MAX_ATTEMPTS = 5;

/**
 * Returns the given client, or builds one from `clientConfig` with the SDK's adaptive retry
 * mode. For a local endpoint set `endpoint` and `disableHostPrefix: true` (DiscoverInstances
 * otherwise goes to a `data-` host).
 *
 * @example
 * ```ts
 * import { createCloudMapClient } from '@meshplane/core/cloudmap';
 * const client = createCloudMapClient({
 *   clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:6374', disableHostPrefix: true },
 * });
 * ```
 */
export function createCloudMapClient(options: CloudMapClientOptions): ServiceDiscoveryClient {
  if (!options || (options.client && options.clientConfig)) {
    throw new CloudMapError('INVALID_CLIENT_OPTIONS', 'pass either { client } or { clientConfig }, not both');
  }
  if (options.client) return options.client;
  if (!options.clientConfig) {
    throw new CloudMapError(
      'INVALID_CLIENT_OPTIONS',
      'pass { client } or { clientConfig }: neither was given',
    );
  }
  return new ServiceDiscoveryClient({
    retryMode: 'adaptive',
    maxAttempts: DEFAULT_CLOUD_MAP_MAX_ATTEMPTS,
    ...options.clientConfig,
  });
}

/**
 * A getter that builds the client on first use; `owned` says whether we built it (and may destroy it).
 *
 * @example
 * ```ts
 * import { lazyCloudMapClient } from './client.js';
 * const lazy = lazyCloudMapClient({ clientConfig: { region: 'us-east-1' } });
 * const client = lazy.get(); // built now, reused by later calls
 * lazy.destroy(); // destroys it because it was built here (lazy.owned)
 * ```
 */
export function lazyCloudMapClient(options: CloudMapClientOptions): {
  get(): ServiceDiscoveryClient;
  owned: boolean;
  destroy(): void;
} {
  if (!options || (options.client && options.clientConfig)) {
    throw new CloudMapError('INVALID_CLIENT_OPTIONS', 'pass either { client } or { clientConfig }, not both');
  }
  let client: ServiceDiscoveryClient | undefined = options.client;
  const owned = !options.client;
  return {
    owned,
    get() {
      client ??= createCloudMapClient(options);
      return client;
    },
    destroy() {
      if (owned) client?.destroy();
      if (owned) client = undefined;
    },
  };
}

/**
 * Destroys a client that a one-shot call built from `clientConfig` (a given `client` is left
 * alone), so such calls leave no sockets behind.
 *
 * @example
 * ```ts
 * import { createCloudMapClient, releaseCloudMapClient } from './client.js';
 * const options = { clientConfig: { region: 'us-east-1' } };
 * const client = createCloudMapClient(options);
 * try {
 *   // one call with client…
 * } finally {
 *   releaseCloudMapClient(options, client); // destroyed: it was built from clientConfig
 * }
 * ```
 */
export function releaseCloudMapClient(options: CloudMapClientOptions, client: ServiceDiscoveryClient): void {
  if (!options.client) client.destroy();
}
