import { LocalEndpointError } from '../errors.js';

/**
 * The default port of `meshplane local`: 6374, "MESH" on a phone keypad. It collides with no
 * common development tool's default: not LocalStack (4566, and 4510-4597 for its services),
 * moto_server (5000), DynamoDB Local (8000), Envoy (9901 admin, 15000/15001 App Mesh proxy
 * ports), the X-Ray daemon (2000), Redis (6379), Consul (8500), Vault (8200), Prometheus (9090)
 * or the usual web dev servers (3000, 5173, 8080); it is not in `/etc/services`.
 *
 * @example
 * ```ts
 * import { DEFAULT_LOCAL_PORT } from '@meshplane/local/clients';
 * console.log(DEFAULT_LOCAL_PORT); // 6374
 * ```
 */
export const DEFAULT_LOCAL_PORT = 6374;

/** Options of {@link localClientConfig} and `localClients`. */
export interface LocalClientOptions {
  /** Region of the clients (default `us-east-1`); it becomes the partition the requests land in. */
  region?: string;
  /**
   * Access key id of the dummy credentials (default `local`). An id of exactly 12 digits makes
   * the endpoint treat the caller as that account (see the README's _Region and account_).
   */
  accessKeyId?: string;
  /** SDK attempts per call (default: the SDK's own, 3). Tests often want 1 to see every answer. */
  maxAttempts?: number;
}

/** The client configuration both SDK clients share for a local endpoint. */
export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

function endpointUrl(endpoint: unknown): string {
  const raw =
    typeof endpoint === 'object' && endpoint !== null ? (endpoint as { url?: unknown }).url : endpoint;
  if (typeof raw === 'string') {
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
    } catch {}
  }
  throw new LocalEndpointError(
    'INVALID_OPTIONS',
    `endpoint: ${typeof raw === 'string' ? JSON.stringify(raw) : typeof raw} must be the endpoint handle or its http:// URL, e.g. "http://127.0.0.1:${DEFAULT_LOCAL_PORT}"`,
  );
}

/**
 * The configuration to give `new AppMeshClient(…)` and `new ServiceDiscoveryClient(…)` for a
 * local endpoint (add `disableHostPrefix: true` for Cloud Map's DiscoverInstances), for code that
 * builds its own clients, e.g. a `clientConfig` option.
 *
 * @example
 * ```ts
 * import { localClientConfig } from '@meshplane/local/clients';
 * const config = localClientConfig('http://127.0.0.1:6374/', { maxAttempts: 1 });
 * console.log(config.endpoint, config.region, config.credentials.accessKeyId, config.maxAttempts); // 'http://127.0.0.1:6374' 'us-east-1' 'local' 1
 * ```
 */
export function localClientConfig(
  endpoint: string | { url: string },
  options: LocalClientOptions = {},
): LocalClientConfig {
  const url = endpointUrl(endpoint);
  const problems: string[] = [];
  const { region = 'us-east-1', accessKeyId = 'local', maxAttempts } = options ?? {};
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    problems.push(`region: ${JSON.stringify(region)} is not a region name like us-east-1`);
  if (typeof accessKeyId !== 'string' || accessKeyId === '')
    problems.push(`accessKeyId: ${JSON.stringify(accessKeyId)} must be a non-empty string`);
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1))
    problems.push(`maxAttempts: ${JSON.stringify(maxAttempts)} must be a whole number of at least 1`);
  if (problems.length > 0)
    throw new LocalEndpointError('INVALID_OPTIONS', `invalid local client options: ${problems.join('; ')}`);
  return {
    endpoint: url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'local' },
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  };
}
