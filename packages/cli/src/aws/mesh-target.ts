import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { createAppMeshClient } from '@meshplane/core/appmesh';
import { DEFAULT_LOCAL_PORT, type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { MeshplaneCliError } from '../errors.js';
import { type RetryNotice, watchRetries } from './retry-notices.js';

/** The flags every command that talks to App Mesh accepts. */
export interface TargetFlags {
  /** Any App Mesh endpoint URL (e.g. a `meshplane local` already running). */
  endpoint?: string;
  /** Start an embedded local endpoint for this run. */
  local?: boolean;
  /** With `--local`: the state file to load at start and save after each change. */
  state?: string;
  region?: string;
  /** A profile of the shared AWS config and credentials files (as `AWS_PROFILE`). */
  profile?: string;
}

/** Where a command sends its App Mesh calls, and how to let go of it. */
export interface MeshTarget {
  client: AppMeshClient;
  /** The endpoint URL when one was given or started; undefined for AWS itself. */
  endpointUrl?: string;
  /** True for `--local` and loopback endpoints. */
  loopback: boolean;
  /** The region the client was given (undefined: the SDK's chain decides), for error hints. */
  region?: string;
  profile?: string;
  /** The embedded endpoint of `--local`, to read its stats. */
  localEndpoint?: LocalEndpoint;
  close(): Promise<void>;
}

/**
 * A bad combination or value of the target flags: the CLI exits 2.
 *
 * @example
 * ```ts
 * import { openMeshTarget, TargetFlagsError } from './aws/mesh-target.js'; // inside packages/cli/src
 * await openMeshTarget({ local: true, endpoint: 'http://127.0.0.1:6374' }).catch((e) => e instanceof TargetFlagsError); // true
 * ```
 */
export class TargetFlagsError extends MeshplaneCliError {
  override name = 'TargetFlagsError';
  constructor(message: string) {
    super('INVALID_FLAGS', message);
  }
}

/**
 * Credentials meshplane uses against a loopback endpoint when none are configured in the environment.
 *
 * @example
 * ```ts
 * import { PLACEHOLDER_CREDENTIALS } from './aws/mesh-target.js'; // inside packages/cli/src
 * console.log(PLACEHOLDER_CREDENTIALS.accessKeyId); // 'meshplane-local'
 * ```
 */
export const PLACEHOLDER_CREDENTIALS = { accessKeyId: 'meshplane-local', secretAccessKey: 'meshplane-local' };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * True for URLs whose host is the local machine (localhost, 127.0.0.0/8, ::1).
 *
 * @example
 * ```ts
 * import { isLoopbackUrl } from './aws/mesh-target.js'; // inside packages/cli/src
 * isLoopbackUrl('http://127.0.0.1:6374'); // true
 * ```
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * True for a host name or address of the local machine (localhost, 127.0.0.0/8, ::1).
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from './aws/mesh-target.js'; // inside packages/cli/src
 * isLoopbackHost('0.0.0.0'); // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * The problems of `--endpoint`, `--region` and `--profile`, each naming the flag, its value and
 * what it must be: the App Mesh target (plan, apply, …) and the Cloud Map one (xds serve, envoy)
 * check them alike.
 *
 * @example
 * ```ts
 * import { endpointFlagProblems } from './aws/mesh-target.js'; // inside packages/cli/src
 * endpointFlagProblems({ region: 'Virginia' }); // ['--region "Virginia" is not a region name like us-east-1']
 * ```
 */
export function endpointFlagProblems(flags: {
  endpoint?: string;
  region?: string;
  profile?: string;
}): string[] {
  const problems: string[] = [];
  if (flags.endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(flags.endpoint);
    } catch {
      problems.push(
        `--endpoint "${flags.endpoint}" is not a URL; expected e.g. http://127.0.0.1:${DEFAULT_LOCAL_PORT}`,
      );
    }
    if (url && url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`--endpoint "${flags.endpoint}" must be an http:// or https:// URL`);
    }
  }
  // AWS region names: partition prefix, geography, number (us-east-1, ap-southeast-2, us-gov-west-1).
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(flags.region)) {
    problems.push(`--region "${flags.region}" is not a region name like us-east-1`);
  }
  if (flags.profile !== undefined && !/^[\w.+@-]+$/.test(flags.profile)) {
    problems.push(`--profile "${flags.profile}" is not a profile name of ~/.aws/config`);
  }
  return problems;
}

/**
 * Checks the target flags, starts the embedded endpoint for `--local`, and builds the App Mesh
 * client (adaptive retry, see `createAppMeshClient`). Region: `--region`, else `AWS_REGION` /
 * `AWS_DEFAULT_REGION`, else `us-east-1` for local and loopback endpoints (for AWS itself the SDK's
 * own chain decides). Credentials: the SDK's default chain, except against `--local` or a loopback
 * endpoint with no `AWS_ACCESS_KEY_ID` in the environment, where placeholder credentials are used
 * (the local endpoint does not check signatures) instead of failing.
 *
 * @example
 * ```ts
 * import { openMeshTarget } from './aws/mesh-target.js'; // inside packages/cli/src
 * const target = await openMeshTarget({ local: true });
 * try {
 *   console.log(target.endpointUrl);
 * } finally {
 *   await target.close();
 * }
 * ```
 */
export async function openMeshTarget(
  flags: TargetFlags,
  env: NodeJS.ProcessEnv = process.env,
  onRetry?: (notice: RetryNotice) => void,
): Promise<MeshTarget> {
  const problems: string[] = [];
  if (flags.local && flags.endpoint)
    problems.push('--local and --endpoint cannot be used together: pick one');
  if (flags.state && !flags.local)
    problems.push(`--state ${flags.state} needs --local (it is the embedded endpoint's state file)`);
  problems.push(...endpointFlagProblems(flags));
  if (problems.length > 0) throw new TargetFlagsError(problems.join('; '));

  let localEndpoint: LocalEndpoint | undefined;
  if (flags.local) {
    localEndpoint = await startLocalEndpoint({
      port: 0,
      ...(flags.state ? { stateFile: flags.state } : {}),
      ...(flags.region ? { region: flags.region } : {}),
    });
  }
  const endpointUrl = localEndpoint?.url ?? flags.endpoint;
  const loopback = localEndpoint !== undefined || (endpointUrl !== undefined && isLoopbackUrl(endpointUrl));
  const region =
    flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (loopback ? 'us-east-1' : undefined);
  const hasEnvCredentials = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  const client = createAppMeshClient({
    clientConfig: {
      ...(endpointUrl ? { endpoint: endpointUrl } : {}),
      ...(region ? { region } : {}),
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(loopback && !hasEnvCredentials ? { credentials: PLACEHOLDER_CREDENTIALS } : {}),
    },
  });
  if (onRetry) watchRetries(client, onRetry);
  return {
    client,
    ...(endpointUrl ? { endpointUrl } : {}),
    loopback,
    ...(region ? { region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(localEndpoint ? { localEndpoint } : {}),
    close: async () => {
      client.destroy();
      await localEndpoint?.close();
    },
  };
}
