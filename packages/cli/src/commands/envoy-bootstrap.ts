import { writeFile } from 'node:fs/promises';
import { MeshplaneError } from '@meshplane/core';
import { type AppMeshBootstrapOptions, appMeshBootstrap } from '@meshplane/xds';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { failureOf, printFailure, printFlagProblems } from '../output/failure.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { jsonHelp } from './option-help.js';
import { checkHostPort, checkNodeIdFlag } from './xds-flags.js';

/** Flags of `meshplane envoy bootstrap`, as commander parses them. */
interface BootstrapFlags {
  node?: string;
  socket?: string;
  xdsEndpoint?: string;
  region?: string;
  adminPort?: string;
  initialFetchTimeout?: string;
  statsTags?: boolean;
  callCredentials?: string;
  caCertFile?: string;
  delta?: boolean;
  out?: string;
  json?: boolean;
}

const wholeNumber = (flag: string, raw: string | undefined, min: number, max: number, problems: string[]) => {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${flag} "${raw}" must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return Number(raw);
};

/** The bootstrap options the flags stand for, with every problem of the flags. */
function bootstrapOptions(flags: BootstrapFlags, problems: string[]): AppMeshBootstrapOptions {
  checkNodeIdFlag(flags.node, problems);
  if ((flags.socket === undefined) === (flags.xdsEndpoint === undefined)) {
    problems.push(
      'give exactly one of --socket PATH (plain gRPC over a Unix socket) and --xds-endpoint HOST:PORT (TLS + SigV4)',
    );
  }
  if (flags.socket === '') problems.push('--socket "" must be a file path');
  checkHostPort('--xds-endpoint', flags.xdsEndpoint, problems);
  const callCredentials = flags.callCredentials ?? 'aws_iam';
  if (callCredentials !== 'aws_iam' && callCredentials !== 'none') {
    problems.push(`--call-credentials "${callCredentials}" must be aws_iam or none`);
  }
  if (flags.socket !== undefined && (flags.callCredentials !== undefined || flags.caCertFile !== undefined)) {
    problems.push(
      '--call-credentials and --ca-cert-file are for --xds-endpoint (the Unix socket is plain gRPC)',
    );
  }
  if (flags.xdsEndpoint !== undefined && callCredentials === 'aws_iam' && flags.region === undefined) {
    problems.push(
      '--xds-endpoint needs --region: Envoy signs its ADS calls with SigV4 for that region (or --call-credentials none)',
    );
  }
  const adminPort = wholeNumber('--admin-port', flags.adminPort, 1, 65535, problems);
  const timeout = wholeNumber('--initial-fetch-timeout', flags.initialFetchTimeout, 0, 86_400, problems);
  return {
    resourceArn: flags.node ?? '',
    xdsEndpoint: flags.socket !== undefined ? `unix://${flags.socket}` : (flags.xdsEndpoint ?? ''),
    ...(flags.region ? { region: flags.region } : {}),
    ...(adminPort !== undefined ? { admin: { port: adminPort } } : {}),
    ...(timeout !== undefined ? { initialFetchTimeoutSeconds: timeout } : {}),
    ...(flags.statsTags ? { enableStatsTags: true } : {}),
    ...(flags.delta ? { apiType: 'DELTA_GRPC' as const } : {}),
    ...(flags.callCredentials === 'none' || flags.callCredentials === 'aws_iam'
      ? { callCredentials: flags.callCredentials }
      : {}),
    ...(flags.caCertFile ? { caCertFile: flags.caCertFile } : {}),
  };
}

/**
 * Registers `meshplane envoy bootstrap --node ID (--socket PATH | --xds-endpoint HOST:PORT)`: prints
 * (or writes with `--out`) the Envoy bootstrap the App Mesh Envoy image's agent would write for
 * `APPMESH_RESOURCE_ARN` and `APPMESH_XDS_ENDPOINT`, as JSON (which Envoy reads as YAML too), for
 * `ENVOY_CONFIG_FILE`. Exit 2 on bad flags, each named with its value and rule.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerEnvoyBootstrap } from './commands/envoy-bootstrap.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerEnvoyBootstrap(program);
 * await program.parseAsync(['node', 'meshplane', 'envoy', 'bootstrap', '--node', 'mesh/dj-app/virtualNode/dj', '--socket', '/tmp/xds.sock']);
 * ```
 */
export function registerEnvoyBootstrap(program: Command, output: Output = processOutput()): void {
  const envoy = program.command('envoy').description('Envoy helpers for meshes served by meshplane xds');
  envoy
    .command('bootstrap')
    .description("Print the App Mesh agent's Envoy bootstrap for ENVOY_CONFIG_FILE, pointed at meshplane xds")
    .option(
      '--node <id>',
      'APPMESH_RESOURCE_ARN: mesh/<mesh>/virtualNode/<node>, a virtual gateway, or the full ARN',
    )
    .option('--socket <path>', 'the control plane Unix socket (APPMESH_XDS_ENDPOINT=unix://<path>)')
    .option('--xds-endpoint <host:port>', 'the control plane TCP address (TLS + SigV4, as the image does)')
    .option(
      '--region <region>',
      'AWS region of the SigV4 signature with --xds-endpoint (required then, unless --call-credentials none)',
    )
    .option(
      '--call-credentials <kind>',
      'with --xds-endpoint: aws_iam (SigV4, as the App Mesh image; removed from upstream Envoy >= 1.35) or none (TLS only)',
    )
    .option(
      '--ca-cert-file <file>',
      "with --xds-endpoint: the CA bundle inside the Envoy container (default the image's /etc/pki/tls/cert.pem)",
    )
    .option('--admin-port <port>', "Envoy's admin port (default 9901)")
    .option(
      '--initial-fetch-timeout <seconds>',
      'ENVOY_INITIAL_FETCH_TIMEOUT (default 0: wait forever, as the image)',
    )
    .option('--stats-tags', 'ENABLE_ENVOY_STATS_TAGS: appmesh.mesh / appmesh.virtual_node tags')
    .option('--delta', 'delta xDS (DELTA_GRPC) instead of State of the World')
    .option('--out <file>', 'write the bootstrap to a file instead of stdout')
    .option('--json', jsonHelp('{ bootstrap } (or { savedTo } with --out)'))
    .action(async (flags: BootstrapFlags) => {
      const problems: string[] = [];
      const options = bootstrapOptions(flags, problems);
      let bootstrap: Record<string, unknown> | undefined;
      if (problems.length === 0) {
        try {
          bootstrap = appMeshBootstrap(options);
        } catch (error) {
          if (!(error instanceof MeshplaneError)) throw error;
          problems.push(error.message);
        }
      }
      const json = flags.json === true;
      if (!bootstrap) {
        printFlagProblems(output, json, problems);
        process.exitCode = EXIT.INVALID_INPUT;
        return;
      }
      const text = `${JSON.stringify(bootstrap, null, 2)}\n`;
      if (flags.out) {
        try {
          await writeFile(flags.out, text);
        } catch (error) {
          printFailure(output, json, failureOf(error));
          process.exitCode = EXIT.FAILED;
          return;
        }
        if (json) printJson(output, { savedTo: flags.out });
        else output.err(`wrote ${flags.out}: set ENVOY_CONFIG_FILE=${flags.out} in the Envoy container\n`);
      } else if (json) printJson(output, { bootstrap });
      else output.out(text);
      process.exitCode = EXIT.OK;
    });
}
