import { AppMeshClient, type AppMeshClientConfig } from '@aws-sdk/client-app-mesh';
import { ReconcileError } from './errors.js';

/**
 * How the reconciler gets its App Mesh client: an existing one (used as is) or a configuration
 * to build one from (created lazily, with adaptive retry).
 */
export type AppMeshClientOptions =
  | { client: AppMeshClient; clientConfig?: never }
  | {
      client?: never;
      clientConfig?: AppMeshClientConfig;
    };

/**
 * Attempts per call when meshplane builds the client. App Mesh applies are bursts of writes
 * against an 8/s-class quota: with 20 % throttling plus 5xx and dropped connections the
 * probability that 10 attempts all fail is below 1e-6 per call.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_ATTEMPTS } from '@meshplane/core/appmesh';
 * console.log(DEFAULT_MAX_ATTEMPTS); // 10
 * ```
 */
export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Builds (or passes through) the App Mesh client the reconciler uses. A built client uses the
 * SDK's own `retryMode: 'adaptive'` (client-side rate limiting after throttling, exponential
 * backoff with jitter) and {@link DEFAULT_MAX_ATTEMPTS} attempts, unless `clientConfig`
 * overrides them. A given client is returned untouched: configure its retries yourself.
 *
 * @example
 * ```ts
 * import { createAppMeshClient } from '@meshplane/core/appmesh';
 * const client = createAppMeshClient({ clientConfig: { region: 'us-east-1' } });
 * ```
 */
export function createAppMeshClient(options: AppMeshClientOptions = {}): AppMeshClient {
  if (options.client && options.clientConfig) {
    throw new ReconcileError('INVALID_CLIENT_OPTIONS', 'pass either client or clientConfig, not both');
  }
  if (options.client) return options.client;
  return new AppMeshClient({
    retryMode: 'adaptive',
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    ...options.clientConfig,
  });
}

/**
 * Lazily creates the client on first use, so building a reconciler costs nothing until it calls.
 *
 * @example
 * ```ts
 * import { lazyClient } from '@meshplane/core/appmesh';
 * const getClient = lazyClient({ clientConfig: { region: 'us-east-1' } });
 * const client = getClient(); // built now, the same object on every later call
 * ```
 */
export function lazyClient(options: AppMeshClientOptions): () => AppMeshClient {
  let client: AppMeshClient | undefined;
  return () => {
    client ??= createAppMeshClient(options);
    return client;
  };
}
