import type { CloudMapClientOptions } from '@meshplane/core/cloudmap';
import type { Command } from 'commander';
import { endpointFlagProblems, isLoopbackUrl, PLACEHOLDER_CREDENTIALS } from '../aws/mesh-target.js';
import { MeshplaneCliError } from '../errors.js';

/** The Cloud Map client configuration (the SDK's `ServiceDiscoveryClientConfig`). */
type ServiceDiscoveryClientConfig = NonNullable<
  Extract<CloudMapClientOptions, { clientConfig: unknown }>['clientConfig']
>;

/** A bad xds flag (or combination): the CLI prints every problem and exits 2. */
export class XdsFlagsError extends MeshplaneCliError {
  override name = 'XdsFlagsError';
  constructor(readonly problems: string[]) {
    super('INVALID_FLAGS', problems.join('; '));
  }
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:\s/]+):(\d{1,5})$/;

/** Checks a `HOST:PORT` flag value, recording a problem that names the flag and the value. */
export function checkHostPort(flag: string, value: string | undefined, problems: string[]): void {
  if (value === undefined) return;
  const match = HOST_PORT.exec(value);
  if (!match || Number(match[2]) > 65535) {
    problems.push(`${flag} "${value}" must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:15010`);
  }
}

/** Checks an App Mesh node id flag: `mesh/<mesh>/virtualNode/<node>`, a gateway, or a full ARN. */
export function checkNodeIdFlag(value: string | undefined, problems: string[]): void {
  if (value === undefined) {
    problems.push(
      '--node is required: mesh/<mesh>/virtualNode/<node> or mesh/<mesh>/virtualGateway/<gateway> (or its ARN)',
    );
    return;
  }
  const resource = value.replace(/^arn:aws(?:-[a-z-]+)?:appmesh:[a-z0-9-]*:\d*:/, '');
  if (!/^mesh\/[^/]+\/(virtualNode|virtualGateway)\/[^/]+$/.test(resource)) {
    problems.push(
      `--node "${value}" must be mesh/<mesh>/virtualNode/<node> or mesh/<mesh>/virtualGateway/<gateway> (or its ARN), as APPMESH_RESOURCE_ARN`,
    );
  }
}

/**
 * The Cloud Map client configuration of `--endpoint` / `--region` / `--profile`: the endpoint with
 * `disableHostPrefix` (DiscoverInstances otherwise goes to a `data-` host), placeholder
 * credentials against a loopback endpoint when the environment has none, the region from the
 * flag, else `AWS_REGION`/`AWS_DEFAULT_REGION`, else `us-east-1` for loopback.
 */
export function cloudMapConfig(
  flags: { endpoint?: string; region?: string; profile?: string },
  problems: string[],
  env: NodeJS.ProcessEnv = process.env,
): ServiceDiscoveryClientConfig {
  problems.push(...endpointFlagProblems(flags));
  const loopback = flags.endpoint !== undefined && isLoopbackUrl(flags.endpoint);
  const region =
    flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (loopback ? 'us-east-1' : undefined);
  const hasEnvCredentials = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  return {
    ...(flags.endpoint ? { endpoint: flags.endpoint, disableHostPrefix: true } : {}),
    ...(region ? { region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(loopback && !hasEnvCredentials ? { credentials: PLACEHOLDER_CREDENTIALS } : {}),
  };
}

/** Flags that move the Envoy listeners (App Mesh's are 15000/15001 on 0.0.0.0). */
export interface ListenerFlags {
  ingressPort?: string;
  egressPort?: string;
  listenerAddress?: string;
}

/** The translation options of the listener flags, recording a problem per bad value. */
export function listenerOptions(
  flags: ListenerFlags,
  problems: string[],
): { ingressPort?: number; egressPort?: number; listenerAddress?: string } {
  const port = (flag: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
      problems.push(`${flag} "${raw}" must be a port from 1 to 65535`);
      return undefined;
    }
    return Number(raw);
  };
  const ingressPort = port('--ingress-port', flags.ingressPort);
  const egressPort = port('--egress-port', flags.egressPort);
  if (
    flags.listenerAddress !== undefined &&
    !/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]*)$/.test(flags.listenerAddress)
  ) {
    problems.push(
      `--listener-address "${flags.listenerAddress}" must be an IP address, e.g. 0.0.0.0 or 127.0.0.1`,
    );
  }
  if (ingressPort !== undefined && ingressPort === egressPort) {
    problems.push(`--ingress-port and --egress-port must differ, both are ${ingressPort}`);
  }
  return {
    ...(ingressPort !== undefined ? { ingressPort } : {}),
    ...(egressPort !== undefined ? { egressPort } : {}),
    ...(flags.listenerAddress !== undefined ? { listenerAddress: flags.listenerAddress } : {}),
  };
}

/** Adds `--ingress-port`, `--egress-port` and `--listener-address` to a command. */
export function addListenerFlags(command: Command): Command {
  return command
    .option(
      '--ingress-port <port>',
      "Envoy's ingress listener port (default 15000, App Mesh's ProxyIngressPort)",
    )
    .option(
      '--egress-port <port>',
      "Envoy's egress listener port (default 15001, App Mesh's ProxyEgressPort)",
    )
    .option('--listener-address <ip>', "the listeners' address (default 0.0.0.0)");
}
