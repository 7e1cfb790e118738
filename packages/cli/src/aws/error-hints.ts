import { DEFAULT_LOCAL_PORT } from '@meshplane/local';
import type { Command } from 'commander';

/** What a command tried to reach, for error messages that say so. */
export interface TriedTarget {
  /** The endpoint URL given (`--endpoint`, `--s3-endpoint`) or started (`--local`); undefined for AWS itself. */
  endpointUrl?: string;
  region?: string;
  profile?: string;
  /**
   * The AWS service called: its host is `<service>.<region>.amazonaws.com` when no endpoint URL
   * is given, and S3 is set with `--s3-endpoint` and is not served by `meshplane local`.
   * Default `appmesh`.
   */
  service?: 'appmesh' | 'servicediscovery' | 's3';
}

/**
 * The long names of a command's own options (`--region`, `--local`, …): a hint suggests only
 * flags the command has (`xds serve` has no `--local`, `local` no `--profile`).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { flagNamesOf } from './aws/error-hints.js'; // inside packages/cli/src
 * flagNamesOf(new Command('x').option('--region <region>').option('--json')); // Set { '--region', '--json' }
 * ```
 */
export function flagNamesOf(command: Command): ReadonlySet<string> {
  return new Set(command.options.flatMap((option) => (option.long ? [option.long] : [])));
}

// The SDK nests the network error under `cause` (smithy's NodeHttpHandler rethrows it), so the
// code may sit one or two levels down; the errno error also carries the address and port.
function networkError(error: unknown): { code: string; address?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, address, port } = current as { code?: unknown; address?: unknown; port?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
      const at =
        typeof address === 'string' ? `${address}${typeof port === 'number' ? `:${port}` : ''}` : undefined;
      return { code, ...(at ? { address: at } : {}) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function serviceOf(tried: TriedTarget) {
  return tried.service ?? 'appmesh';
}

function hostOf(error: unknown, tried: TriedTarget): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const hostname = (current as { hostname?: unknown }).hostname;
    if (typeof hostname === 'string') return hostname;
    current = (current as { cause?: unknown }).cause;
  }
  if (tried.endpointUrl) return tried.endpointUrl;
  return tried.region
    ? `${serviceOf(tried)}.${tried.region}.amazonaws.com`
    : `the ${serviceOf(tried)} endpoint`;
}

function triedWhere(tried: TriedTarget): string {
  const where =
    tried.endpointUrl ?? (tried.region ? `https://${serviceOf(tried)}.${tried.region}.amazonaws.com` : 'AWS');
  const parts = [where];
  if (tried.region) parts.push(`region ${tried.region}`);
  if (tried.profile) parts.push(`profile ${tried.profile}`);
  return parts.join(', ');
}

/** The flag that sets the endpoint of the service tried. */
function endpointFlag(tried: TriedTarget): string {
  return serviceOf(tried) === 's3' ? '--s3-endpoint' : '--endpoint';
}

// `meshplane local` serves App Mesh and Cloud Map (not S3): offered with the flags that reach it.
function localAdvice(tried: TriedTarget, flags: ReadonlySet<string>): string | undefined {
  if (serviceOf(tried) === 's3') return undefined;
  const endpoint = `--endpoint http://127.0.0.1:${DEFAULT_LOCAL_PORT} with \`meshplane local\` running`;
  if (flags.has('--local') && flags.has('--endpoint'))
    return `for a local mesh use --local (an embedded endpoint) or ${endpoint}`;
  if (flags.has('--endpoint')) return `for a local mesh use ${endpoint}`;
  return undefined;
}

function sentence(parts: ReadonlyArray<string | undefined | false>, last = 'or'): string {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  if (kept.length <= 1) return kept.join('');
  return `${kept.slice(0, -1).join(', ')} ${last} ${kept.at(-1)}`;
}

function regionHint(tried: TriedTarget, flags: ReadonlySet<string>): string {
  const todo = sentence([
    flags.has('--region') ? 'pass --region (e.g. --region us-east-1)' : undefined,
    'set AWS_REGION (e.g. AWS_REGION=us-east-1)',
    flags.has('--profile') && !tried.profile
      ? 'pass --profile NAME of a profile that sets region'
      : undefined,
  ]);
  const local = localAdvice(tried, flags);
  return `no AWS region: none given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile${tried.profile ? ` ${tried.profile}` : ''}. To reach AWS ${todo}${local ? `; ${local}` : ''}`;
}

function credentialsHint(tried: TriedTarget, flags: ReadonlySet<string>): string {
  const todo = sentence([
    flags.has('--profile') ? 'pass --profile NAME (a profile of ~/.aws/config)' : 'set AWS_PROFILE',
    'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  ]);
  const local = localAdvice(tried, flags);
  return `no AWS credentials for ${triedWhere(tried)} (the SDK's default chain found none). To reach AWS ${todo}${local ? `; ${local}` : ''}`;
}

function refusedHint(address: string | undefined, tried: TriedTarget, flags: ReadonlySet<string>): string {
  const where = tried.endpointUrl ?? address ?? triedWhere(tried);
  const flag = endpointFlag(tried);
  if (serviceOf(tried) === 's3') {
    return `nothing answers at ${where} (connection refused): is the S3 endpoint running there? ${flags.has(flag) ? `Fix ${flag}` : 'Check the S3 endpoint'}`;
  }
  let port = DEFAULT_LOCAL_PORT;
  if (tried.endpointUrl) {
    const given = Number(new URL(tried.endpointUrl).port);
    if (given > 0) port = given;
  }
  const todo = sentence([
    `start it with \`meshplane local --port ${port}\``,
    flags.has(flag) ? `fix ${flag}` : undefined,
    flags.has('--local') ? 'use --local for an embedded endpoint' : undefined,
  ]);
  return `nothing answers at ${where} (connection refused). Is \`meshplane local\` (or the endpoint you meant) running there? To fix, ${todo}`;
}

function unreachableHint(
  what: string,
  tried: TriedTarget,
  flags: ReadonlySet<string>,
  checkRegion: boolean,
): string {
  const flag = endpointFlag(tried);
  const todo = sentence(
    [
      checkRegion && flags.has('--region') && !tried.endpointUrl
        ? '--region (a region name like us-east-1)'
        : undefined,
      'the network',
      flags.has(flag) ? flag : undefined,
    ],
    'and',
  );
  const local = localAdvice(tried, flags);
  return `${what} (tried ${triedWhere(tried)}): check ${todo}${local ? `; ${local}` : ''}`;
}

/**
 * A hint for the errors a first run meets before any AWS answer: no region, no credentials, a
 * refused connection, an unknown host. Says what was tried and what to do, naming only flags in
 * `flags` (the command's own, from {@link flagNamesOf}); undefined for any other error (the
 * API's own message is then clear enough).
 *
 * @example
 * ```ts
 * import { targetErrorHint } from './aws/error-hints.js'; // inside packages/cli/src
 * const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6374'), { code: 'ECONNREFUSED' });
 * const flags = new Set(['--endpoint', '--region', '--profile']); // xds serve: no --local
 * targetErrorHint(refused, { endpointUrl: 'http://127.0.0.1:6374' }, flags)?.startsWith('nothing answers at http://127.0.0.1:6374'); // true
 * ```
 */
export function targetErrorHint(
  error: unknown,
  tried: TriedTarget,
  flags: ReadonlySet<string>,
): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (/region is missing|region not accepted/i.test(message)) return regionHint(tried, flags);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return credentialsHint(tried, flags);
  }
  const network = networkError(error);
  if (network?.code === 'ECONNREFUSED') return refusedHint(network.address, tried, flags);
  if (network?.code === 'ENOTFOUND' || network?.code === 'EAI_AGAIN') {
    return unreachableHint(`cannot resolve ${hostOf(error, tried)}`, tried, flags, true);
  }
  if (network && ['ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'].includes(network.code)) {
    return unreachableHint(`the connection failed (${network.code})`, tried, flags, false);
  }
  return undefined;
}
