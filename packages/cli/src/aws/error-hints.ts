import { DEFAULT_LOCAL_PORT } from '@meshplane/local';

/** What a command tried to reach, for error messages that say so. */
export interface TriedTarget {
  /** The endpoint URL given (`--endpoint`) or started (`--local`); undefined for AWS itself. */
  endpointUrl?: string;
  region?: string;
  profile?: string;
}

// The SDK nests the network error under `cause` (smithy's NodeHttpHandler rethrows it), so the
// code may sit one or two levels down.
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hostOf(error: unknown, tried: TriedTarget): string {
  const hostname = (error as { hostname?: unknown } | null)?.hostname;
  if (typeof hostname === 'string') return hostname;
  if (tried.endpointUrl) return tried.endpointUrl;
  return tried.region ? `appmesh.${tried.region}.amazonaws.com` : 'the App Mesh endpoint';
}

function triedWhere(tried: TriedTarget): string {
  const where = tried.endpointUrl ?? (tried.region ? `https://appmesh.${tried.region}.amazonaws.com` : 'AWS');
  const parts = [where];
  if (tried.region) parts.push(`region ${tried.region}`);
  if (tried.profile) parts.push(`profile ${tried.profile}`);
  return parts.join(', ');
}

const LOCAL_HINT = `for a local mesh use --local (embedded endpoint) or --endpoint http://127.0.0.1:${DEFAULT_LOCAL_PORT} with \`meshplane local\` running`;

/**
 * A hint for the errors a first run meets before any App Mesh answer: no region, no credentials,
 * a refused connection, an unknown host. Says what was tried and what to do; undefined for any
 * other error (the API's own message is then clear enough).
 *
 * @example
 * ```ts
 * import { targetErrorHint } from './aws/error-hints.js'; // inside packages/cli/src
 * const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6374'), { code: 'ECONNREFUSED' });
 * targetErrorHint(refused, { endpointUrl: 'http://127.0.0.1:6374' })?.startsWith('nothing answers at http://127.0.0.1:6374'); // true
 * ```
 */
export function targetErrorHint(error: unknown, tried: TriedTarget): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (/region is missing|region not accepted/i.test(message)) {
    return `no AWS region: none given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile${tried.profile ? ` ${tried.profile}` : ''}. Pass --region (e.g. --region us-east-1) or set AWS_REGION; ${LOCAL_HINT}`;
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return `no AWS credentials for ${triedWhere(tried)}: ${message}. Pass --profile NAME (a profile of ~/.aws/config), set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or ${LOCAL_HINT}`;
  }
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') {
    const local = tried.endpointUrl ? ' Is `meshplane local` (or the endpoint you meant) running there?' : '';
    return `nothing answers at ${tried.endpointUrl ?? triedWhere(tried)} (connection refused).${local} Start it with \`meshplane local --port ${DEFAULT_LOCAL_PORT}\`, fix --endpoint, or use --local for an embedded endpoint`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot resolve ${hostOf(error, tried)} (tried ${triedWhere(tried)}): check --region (a region name like us-east-1) and the network, or --endpoint; ${LOCAL_HINT}`;
  }
  if (code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return `the connection to ${triedWhere(tried)} failed (${code}): check the network, --endpoint and --region; ${LOCAL_HINT}`;
  }
  return undefined;
}
