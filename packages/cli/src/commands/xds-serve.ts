import { readFile } from 'node:fs/promises';
import type { ValidationIssue } from '@meshplane/core';
import {
  type ControlPlane,
  type ControlPlaneAddresses,
  type ControlPlaneEvent,
  createControlPlane,
  type XdsLogger,
} from '@meshplane/xds';
import type { Command } from 'commander';
import { flagNamesOf, type TriedTarget, targetErrorHint } from '../aws/error-hints.js';
import { EXIT } from '../exit-codes.js';
import { failureOf, printFailure, printFlagProblems } from '../output/failure.js';
import { formatIssue, issueToJson, sortIssues } from '../output/issues.js';
import { type Output, processOutput } from '../output/writer.js';
import {
  jsonLinesHelp,
  LOCAL_ENDPOINT_EXAMPLE,
  MESH_HELP,
  PROFILE_HELP,
  REGION_CHAIN_DEFAULT,
} from './option-help.js';
import { waitForSignal } from './wait-for-signal.js';
import {
  addListenerFlags,
  checkHostPort,
  cloudMapConfig,
  type ListenerFlags,
  listenerOptions,
} from './xds-flags.js';
import { modelSourceFor, type SourceFlags } from './xds-source.js';

/** Flags of `meshplane xds serve`, as commander parses them. */
interface ServeFlags extends ListenerFlags, SourceFlags {
  socket?: string;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  status?: string;
  endpoint?: string;
  region?: string;
  profile?: string;
  json?: boolean;
}

/** Hooks that let tests run the command in-process; the defaults wait for SIGINT/SIGTERM. */
export interface XdsServeDeps {
  output?: Output;
  /** Resolves when the server should stop. */
  waitForStop?: () => Promise<void>;
  /** Receives the running control plane and where it listens. */
  onReady?: (controlPlane: ControlPlane, addresses: ControlPlaneAddresses) => void;
}

/** Where `xds serve` sends its AWS calls: App Mesh and Cloud Map at --endpoint, S3 at --s3-endpoint. */
interface ServeTargets {
  endpoint?: string;
  s3Endpoint?: string;
  region?: string;
  profile?: string;
  /** The command's own flags: the hints name only these (no --local here). */
  flags: ReadonlySet<string>;
}

/**
 * A hint for a logged failure to reach AWS (Cloud Map, S3, App Mesh): the message carries the
 * source (`s3://…`, `App Mesh meshes …`), the network error code with its address, or the SDK's
 * words, so the error is rebuilt from them for error-hints.ts.
 */
function hintFor(message: string, targets: ServeTargets): string | undefined {
  const code = /\b(E[A-Z]{3,}[A-Z_]*)\b/.exec(message)?.[1];
  const hostname = /ENOTFOUND (\S+)/.exec(message)?.[1];
  const refused = /ECONNREFUSED (\S+?):(\d+)\b/.exec(message);
  const service = /\bs3:\/\//.test(message)
    ? 's3'
    : /\bApp Mesh\b/.test(message)
      ? 'appmesh'
      : 'servicediscovery';
  const endpointUrl = service === 's3' ? targets.s3Endpoint : targets.endpoint;
  const tried: TriedTarget = {
    service,
    ...(endpointUrl ? { endpointUrl } : {}),
    ...(targets.region ? { region: targets.region } : {}),
    ...(targets.profile ? { profile: targets.profile } : {}),
  };
  const error = Object.assign(new Error(message), {
    code,
    hostname,
    ...(refused ? { address: refused[1], port: Number(refused[2]) } : {}),
  });
  return targetErrorHint(error, tried, targets.flags);
}

/**
 * A log line for people (`info: …`, warnings and errors on stderr with their hint) or, with
 * --json, the structured line itself (with `hint`). Each hint is given once: the poller repeats
 * its warning every interval.
 */
function lineLogger(output: Output, json: boolean, targets: ServeTargets): XdsLogger {
  const hinted = new Set<string>();
  return (entry) => {
    let hint = entry.level === 'info' ? undefined : hintFor(entry.msg, targets);
    if (hint !== undefined && hinted.has(hint)) hint = undefined;
    if (hint !== undefined) hinted.add(hint);
    if (json) {
      output.out(
        `${JSON.stringify({ time: new Date().toISOString(), ...entry, ...(hint ? { hint } : {}) })}\n`,
      );
      return;
    }
    (entry.level === 'info' ? output.out : output.err)(
      `${entry.level}: ${entry.msg}\n${hint ? `hint: ${hint}\n` : ''}`,
    );
  };
}

/**
 * The failure when the first model cannot be served: a source that cannot be read (S3, App Mesh
 * unreachable, every issue SOURCE_UNAVAILABLE) failed (exit 1, with the hint for what was
 * tried); anything else is a model to fix (exit 2).
 */
function reportFirstRejection(
  output: Output,
  json: boolean,
  issues: readonly ValidationIssue[],
  targets: ServeTargets,
): number {
  const extra = json ? { issues: issues.map(issueToJson) } : {};
  if (issues.length > 0 && issues.every((i) => i.code === 'SOURCE_UNAVAILABLE')) {
    const hint = hintFor(issues.map((i) => `${i.path}: ${i.message}`).join('; '), targets);
    const message = `the model source cannot be read (${issues.map((i) => i.message).join('; ')}); nothing was served`;
    printFailure(output, json, { code: 'SOURCE_UNAVAILABLE', message, ...(hint ? { hint } : {}) }, extra);
    return EXIT.FAILED;
  }
  printFailure(
    output,
    json,
    { code: 'INVALID_MODEL', message: 'the model cannot be served; fix it and start again' },
    extra,
  );
  return EXIT.INVALID_INPUT;
}

async function checkFlags(models: string[], flags: ServeFlags, problems: string[]) {
  if (flags.socket === undefined && flags.listen === undefined) {
    problems.push('give --socket PATH, --listen HOST:PORT or both: where Envoys connect');
  }
  if (flags.socket === '') problems.push('--socket "" must be a file path');
  checkHostPort('--listen', flags.listen, problems);
  checkHostPort('--status', flags.status, problems);
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    problems.push('--tls-cert and --tls-key go together: give both or neither');
  }
  if (flags.tlsCert !== undefined && flags.listen === undefined) {
    problems.push(
      '--tls-cert/--tls-key need --listen (the Unix socket is always plain, as the App Mesh agent expects)',
    );
  }
  const read = async (flag: string, path: string | undefined) => {
    if (path === undefined) return undefined;
    try {
      return await readFile(path);
    } catch (error) {
      problems.push(
        `${flag} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
      return undefined;
    }
  };
  const cert = await read('--tls-cert', flags.tlsCert);
  const key = await read('--tls-key', flags.tlsKey);
  const clientConfig = cloudMapConfig(flags, problems);
  const translate = listenerOptions(flags, problems);
  const source = modelSourceFor(models, flags, problems);
  return { tls: cert && key ? { cert, key } : undefined, clientConfig, translate, source };
}

/**
 * Registers `meshplane xds serve <model...>`: serves the model to Envoys over ADS on a Unix socket
 * (`--socket`, for `APPMESH_XDS_ENDPOINT=unix://PATH`) and/or TCP (`--listen`, TLS with
 * `--tls-cert`/`--tls-key`), endpoints from Cloud Map (`--endpoint`/`--region`), model files
 * watched, status as JSON on `--status`. Runs until SIGINT or SIGTERM, then closes every stream.
 * Exit 2 on bad flags or a first model that does not validate; 1 when it cannot listen.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerXdsServe } from './commands/xds-serve.js'; // inside packages/cli/src
 * const xds = new Command('xds');
 * registerXdsServe(xds);
 * await xds.parseAsync(['node', 'xds', 'serve', 'examples/dj-app/src/mesh.ts', '--socket', '/tmp/xds.sock']);
 * ```
 */
export function registerXdsServe(xds: Command, deps: XdsServeDeps = {}): void {
  const output = deps.output ?? processOutput();
  const command = xds
    .command('serve')
    .description('Serve the model to Envoys over ADS (the App Mesh management service, on your side)')
    .argument(
      '<model...>',
      'model files or folders (watched), or one s3://<bucket>/<key>, or one appmesh://<mesh>',
    )
    .option('--socket <path>', 'Unix socket for APPMESH_XDS_ENDPOINT=unix://<path> (plain gRPC)')
    .option('--listen <host:port>', 'TCP address for ADS (port 0 = any free port)')
    .option('--tls-cert <file>', 'PEM certificate chain for --listen')
    .option('--tls-key <file>', 'PEM private key for --listen')
    .option('--status <host:port>', 'serve GET /status (JSON: model, nodes, ACK/NACK per type, Cloud Map)')
    .option(
      '--endpoint <url>',
      `Cloud Map and App Mesh (appmesh://) endpoint URL (${LOCAL_ENDPOINT_EXAMPLE})`,
    )
    .option('--s3-endpoint <url>', 'S3 endpoint URL for s3:// (any S3-compatible service, path-style)')
    .option('--cache-file <file>', 'with s3://: keep the last good copy here (read at start when S3 is down)')
    .option('--region <region>', `AWS region of Cloud Map, S3 and App Mesh (${REGION_CHAIN_DEFAULT})`)
    .option('--profile <name>', PROFILE_HELP)
    .option('--mesh <name>', MESH_HELP)
    .option('--json', jsonLinesHelp('{ time, level, msg, hint?, … } instead of text'));
  addListenerFlags(command).action(async (paths: string[], flags: ServeFlags) => {
    const problems: string[] = [];
    const { tls, clientConfig, translate, source } = await checkFlags(paths, flags, problems);
    const json = flags.json === true;
    if (problems.length > 0 || !source) {
      printFlagProblems(output, json, problems);
      process.exitCode = EXIT.INVALID_INPUT;
      return;
    }
    const targets: ServeTargets = {
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      ...(flags.s3Endpoint ? { s3Endpoint: flags.s3Endpoint } : {}),
      ...(clientConfig.region ? { region: String(clientConfig.region) } : {}),
      ...(flags.profile ? { profile: flags.profile } : {}),
      flags: flagNamesOf(command),
    };
    let firstRejection: Extract<ControlPlaneEvent, { type: 'model-rejected' }> | undefined;
    let started = false;
    const controlPlane = createControlPlane({
      source,
      cloudMap: { clientConfig },
      ...(flags.socket ? { socket: flags.socket } : {}),
      ...(flags.listen ? { listen: flags.listen } : {}),
      ...(flags.status ? { status: flags.status } : {}),
      ...(tls ? { tls } : {}),
      translate,
      logger: lineLogger(output, json, targets),
      onEvent: (event) => {
        if (event.type !== 'model-rejected') return;
        if (!started) firstRejection ??= event;
        if (!flags.json)
          for (const issue of sortIssues(event.issues)) output.err(`  ${formatIssue(issue)}\n`);
      },
    });
    let addresses: ControlPlaneAddresses;
    try {
      addresses = await controlPlane.start();
    } catch (error) {
      await controlPlane.close();
      printFailure(output, json, failureOf(error));
      process.exitCode = EXIT.FAILED;
      return;
    }
    started = true;
    if (firstRejection && controlPlane.status().controlPlane.model.version === undefined) {
      await controlPlane.close();
      process.exitCode = reportFirstRejection(output, json, firstRejection.issues, targets);
      return;
    }
    deps.onReady?.(controlPlane, addresses);
    await (deps.waitForStop ?? waitForSignal)();
    await controlPlane.close();
    process.exitCode = EXIT.OK;
  });
}
