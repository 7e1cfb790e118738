import { isIP } from 'node:net';
import type { CloudMapClientOptions } from '@meshplane/core/cloudmap';

/** The host of an endpoint given as a string or URL, or undefined. */
function hostOf(endpoint: unknown): string | undefined {
  const text = endpoint instanceof URL ? endpoint.href : endpoint;
  if (typeof text !== 'string' || !URL.canParse(text)) return undefined;
  return new URL(text).hostname.replace(/^\[|\]$/g, '');
}

/**
 * The Cloud Map client options the middleware builds its discovery with. DiscoverInstances is
 * sent to a `data-` host prefix (`data-servicediscovery.<region>.amazonaws.com`); in front of an
 * endpoint that is an IP address or `localhost` (`meshplane local`, a test endpoint) the prefix
 * can never resolve (`ENOTFOUND data-127.0.0.1`), so it is turned off there, whether the
 * endpoint comes from `clientConfig.endpoint` or from the SDK's standard environment
 * (`AWS_ENDPOINT_URL_SERVICEDISCOVERY`, `AWS_ENDPOINT_URL`). A given client, or an explicit
 * `disableHostPrefix`, is left as it is.
 *
 * @example
 * ```ts
 * discoveryClientOptions({ clientConfig: { endpoint: 'http://127.0.0.1:6374' } });
 * // { clientConfig: { endpoint: 'http://127.0.0.1:6374', disableHostPrefix: true } }
 * ```
 */
export function discoveryClientOptions(
  given: CloudMapClientOptions | undefined,
  env: NodeJS.ProcessEnv = process.env,
): CloudMapClientOptions {
  if (given?.client) return given;
  const clientConfig = given?.clientConfig ?? {};
  if (clientConfig.disableHostPrefix !== undefined) return { clientConfig };
  const fromEnv =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : (env.AWS_ENDPOINT_URL_SERVICEDISCOVERY ?? env.AWS_ENDPOINT_URL);
  const host = hostOf(clientConfig.endpoint ?? fromEnv);
  const local = host !== undefined && (isIP(host) !== 0 || host === 'localhost');
  return { clientConfig: local ? { ...clientConfig, disableHostPrefix: true } : clientConfig };
}
