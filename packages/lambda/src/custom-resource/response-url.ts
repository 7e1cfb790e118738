import { MeshplaneLambdaError } from '../errors.js';

/**
 * Which ResponseURLs the custom-resource handler is willing to PUT its answer to.
 *
 * By default only `https` URLs on an AWS host (`*.amazonaws.com`, `*.amazonaws.com.cn`) are
 * accepted: the URL comes from the event, and a handler that PUTs wherever an event says would
 * let anyone who can invoke the function make it send data to an arbitrary host.
 */
export interface ResponseUrlPolicy {
  /**
   * Also accept `http`/`https` URLs on a loopback host (`127.0.0.1`, `::1`, `localhost`), for
   * local tests. Defaults to the environment variable `MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL`
   * being `true`/`1`.
   */
  allowLoopback?: boolean;
  /** Extra host suffixes accepted over https (e.g. `.c2s.ic.gov` for an ISO partition). */
  extraHostSuffixes?: readonly string[];
}

const AWS_HOST_SUFFIXES = ['.amazonaws.com', '.amazonaws.com.cn'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Reads the loopback switch from the environment, as the default handler does.
 *
 * @example
 * ```ts
 * import { loopbackAllowedByEnvironment } from '@meshplane/lambda/custom-resource';
 * loopbackAllowedByEnvironment({ MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL: 'true' }); // true
 * ```
 */
export function loopbackAllowedByEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL?.toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * Checks a CloudFormation ResponseURL against the policy and returns it parsed. Throws a
 * `MeshplaneLambdaError` with code `RESPONSE_URL_REJECTED` naming the rule; the message never
 * contains the URL's query string (it carries the pre-signed signature).
 *
 * @example
 * ```ts
 * import { checkResponseUrl } from '@meshplane/lambda/custom-resource';
 * const url = checkResponseUrl(
 *   'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/abc?X-Amz-Signature=x',
 * );
 * console.log(url.hostname);
 * ```
 */
export function checkResponseUrl(responseUrl: unknown, policy: ResponseUrlPolicy = {}): URL {
  if (typeof responseUrl !== 'string' || responseUrl.length === 0) {
    throw new MeshplaneLambdaError(
      'RESPONSE_URL_REJECTED',
      `ResponseURL must be a non-empty string, got ${typeof responseUrl}`,
    );
  }
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    throw new MeshplaneLambdaError('RESPONSE_URL_REJECTED', 'ResponseURL is not a valid absolute URL');
  }
  const shown = redactUrl(url);
  if (url.username || url.password) {
    throw new MeshplaneLambdaError(
      'RESPONSE_URL_REJECTED',
      `ResponseURL ${shown} must not carry credentials`,
    );
  }
  const host = url.hostname.toLowerCase();
  const allowLoopback = policy.allowLoopback ?? loopbackAllowedByEnvironment();
  if (LOOPBACK_HOSTS.has(host)) {
    if (allowLoopback && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
    throw new MeshplaneLambdaError(
      'RESPONSE_URL_REJECTED',
      `ResponseURL ${shown} is on a loopback host; allowed only for local tests (allowLoopback / MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL=true)`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new MeshplaneLambdaError(
      'RESPONSE_URL_REJECTED',
      `ResponseURL ${shown} must use https, got ${url.protocol.replace(':', '')}`,
    );
  }
  const suffixes = [...AWS_HOST_SUFFIXES, ...(policy.extraHostSuffixes ?? [])];
  if (!suffixes.some((suffix) => host.endsWith(suffix.toLowerCase()))) {
    throw new MeshplaneLambdaError(
      'RESPONSE_URL_REJECTED',
      `ResponseURL host "${host}" is not an AWS host (expected a name ending in ${suffixes.join(', ')})`,
    );
  }
  return url;
}

/**
 * The URL without its query string and fragment: what logs and error messages may show of a
 * pre-signed ResponseURL.
 *
 * @example
 * ```ts
 * import { redactUrl } from '@meshplane/lambda/custom-resource';
 * redactUrl('https://bucket.s3.amazonaws.com/key?X-Amz-Signature=abc'); // 'https://bucket.s3.amazonaws.com/key?<redacted>'
 * ```
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return '<unparseable url>';
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?<redacted>' : ''}`;
}

/**
 * Removes every occurrence of a secret URL (whole, or its query string alone) from a text, so
 * that error messages from the HTTP stack cannot leak the signature into logs.
 *
 * @example
 * ```ts
 * import { scrubUrl } from '@meshplane/lambda/custom-resource';
 * const url = 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc';
 * scrubUrl(`connect ETIMEDOUT ${url}`, url); // 'connect ETIMEDOUT https://b.s3.amazonaws.com/k?<redacted>'
 * ```
 */
export function scrubUrl(text: string, url: string): string {
  if (!url) return text;
  let out = text.split(url).join(redactUrl(url));
  try {
    const { search } = new URL(url);
    if (search.length > 1) {
      out = out.split(search).join('?<redacted>');
      out = out.split(search.slice(1)).join('<redacted>');
    }
  } catch {
    // not a URL: nothing more to scrub
  }
  return out;
}
