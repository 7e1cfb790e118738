import { MeshplaneLambdaError } from '../errors.js';
import { shown } from '../value-text.js';

/**
 * Which ResponseURLs the custom-resource handler is willing to PUT its answer to.
 *
 * By default only the pre-signed URLs CloudFormation itself hands out are accepted: `https` on
 * the S3 bucket CloudFormation answers through in each region,
 * `cloudformation-custom-resource-response-<region without dashes>`, addressed virtual-hosted
 * (`<bucket>.s3.amazonaws.com`, `<bucket>.s3.<region>.amazonaws.com`,
 * `<bucket>.s3-<region>.amazonaws.com`) or path-style (`s3.<region>.amazonaws.com/<bucket>/…`),
 * in the commercial, China (`.amazonaws.com.cn`) and GovCloud partitions, dual-stack and FIPS
 * endpoints included. Any other host, even another `*.amazonaws.com` one (an S3 bucket or an API
 * Gateway anyone can create), is refused: the URL comes from the event, and a handler that PUTs
 * wherever an event says would let anyone who can invoke the function send its answer (resource
 * ids, `Data`) to a host of their choosing.
 */
export interface ResponseUrlPolicy {
  /**
   * Also accept `http`/`https` URLs on a loopback host (`127.0.0.1`, `::1`, `localhost`), for
   * local tests. Defaults to the environment variable `MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL`
   * being `true`/`1`.
   */
  allowLoopback?: boolean;
  /**
   * The override: more hosts accepted over https, each an exact host name
   * (`cfn-responses.example.internal`) or a suffix starting with a dot (`.c2s.ic.gov` for an ISO
   * partition, whose endpoints meshplane does not list). Use it only for hosts you control.
   */
  extraHostSuffixes?: readonly string[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The bucket CloudFormation answers through: its name ends with the region without dashes. */
const RESPONSE_BUCKET = /^cloudformation-custom-resource-response-([a-z0-9]+)$/;
/**
 * The S3 endpoints of the AWS partitions: `s3` (the global us-east-1 endpoint), `s3.<region>`,
 * the legacy `s3-<region>`, `s3.dualstack.<region>` and the FIPS `s3-fips.<region>` /
 * `s3-fips.dualstack.<region>`; `.amazonaws.com.cn` only for the `cn-` regions.
 */
const S3_ENDPOINT =
  /^s3(?:(?:[.-]|-fips\.|\.dualstack\.|-fips\.dualstack\.)([a-z]{2,4}(?:-gov)?-[a-z]+-\d+))?\.amazonaws\.com(\.cn)?$/;

/**
 * True when a URL is one CloudFormation hands out for answers: the response bucket on an S3
 * endpoint of the partition, virtual-hosted or path-style, and the region in the bucket name the
 * same as the endpoint's.
 */
function isCloudFormationResponseUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  const firstDot = host.indexOf('.');
  const hosted = RESPONSE_BUCKET.exec(host.slice(0, firstDot));
  const endpointHost = hosted ? host.slice(firstDot + 1) : host;
  const bucket = hosted ?? RESPONSE_BUCKET.exec(url.pathname.split('/')[1] ?? '');
  const endpoint = S3_ENDPOINT.exec(endpointHost);
  if (!bucket || !endpoint) return false;
  const [, region, china] = endpoint;
  if ((region?.startsWith('cn-') ?? false) !== (china !== undefined)) return false;
  // The bucket of region us-west-2 is ...-uswest2; the global endpoint serves us-east-1's.
  return region === undefined ? china === undefined : bucket[1] === region.replace(/-/g, '');
}

/**
 * Reads the loopback switch from the environment, as the default handler does.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
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
 * // internal: not exported from the package
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
  if (isCloudFormationResponseUrl(url)) return url;
  const extra = (policy.extraHostSuffixes ?? []).map((suffix) => suffix.toLowerCase());
  if (extra.some((suffix) => (suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix))) return url;
  throw new MeshplaneLambdaError(
    'RESPONSE_URL_REJECTED',
    `ResponseURL ${shown} is not an AWS host of CloudFormation responses (expected the S3 bucket cloudformation-custom-resource-response-<region> on an S3 endpoint of an AWS partition${extra.length > 0 ? `, or a host matching ${extra.join(', ')}` : ''}); add trusted hosts with responseUrl.extraHostSuffixes`,
  );
}

/**
 * The URL without its query string and fragment: what logs and error messages may show of a
 * pre-signed ResponseURL.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * redactUrl('https://bucket.s3.amazonaws.com/key?X-Amz-Signature=abc'); // 'https://bucket.s3.amazonaws.com/key?<redacted>'
 * ```
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = url instanceof URL ? url : new URL(url);
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
 * // internal: not exported from the package
 * const url = 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc';
 * scrubUrl(`connect ETIMEDOUT ${url}`, url); // 'connect ETIMEDOUT https://b.s3.amazonaws.com/k?<redacted>'
 * ```
 */
export function scrubUrl(text: string, url: string): string {
  if (typeof text !== 'string') return scrubUrl(shown(text), url);
  if (!url || typeof url !== 'string') return text;
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
