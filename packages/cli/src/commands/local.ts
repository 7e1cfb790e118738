import {
  DEFAULT_LOCAL_PORT,
  type FaultOptions,
  type LocalEndpoint,
  LocalEndpointError,
  startLocalEndpoint,
} from '@meshplane/local';
import { localClientConfig } from '@meshplane/local/clients';
import { type Command, InvalidArgumentError } from 'commander';
import { isLoopbackHost } from '../aws/mesh-target.js';
import { EXIT } from '../exit-codes.js';
import { failureOf, printFailure } from '../output/failure.js';
import { jsonLinesHelp } from './option-help.js';
import { waitForSignal } from './wait-for-signal.js';

/** Flags of `meshplane local`, as commander parses them. */
interface LocalFlags {
  port: number;
  host: string;
  state?: string;
  region?: string;
  accountId?: string;
  latencyMs?: number;
  jitterMs?: number;
  throttle?: boolean;
  failRate?: number;
  dropRate?: number;
  seed?: number;
  json?: boolean;
}

/** Hooks that let tests run the command in-process; the defaults wait for SIGINT/SIGTERM. */
export interface LocalCommandDeps {
  /** Resolves when the endpoint should stop. */
  waitForStop?: () => Promise<void>;
  /** Receives the running endpoint (tests use it to call it). */
  onReady?: (endpoint: LocalEndpoint) => void;
  /** Where human output goes (default `process.stdout`). */
  write?: (text: string) => void;
  /** Where errors go (default `process.stderr`). */
  writeError?: (text: string) => void;
}

function integer(name: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
}

function rate(name: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
      throw new InvalidArgumentError(`${name} must be a number from 0 to 1, got "${raw}"`);
    return value;
  };
}

/**
 * The `--json` ready line: where the endpoint listens and the SDK client configuration to reach
 * it (dummy credentials; Cloud Map with `disableHostPrefix`, as `localClients` builds them).
 */
function readyLine(endpoint: LocalEndpoint, flags: LocalFlags, faults: FaultOptions) {
  const config = localClientConfig(endpoint.url, flags.region ? { region: flags.region } : {});
  const served = endpoint.operations();
  return {
    time: new Date().toISOString(),
    event: 'ready',
    endpoint: endpoint.url,
    region: config.region,
    ...(flags.accountId ? { accountId: flags.accountId } : {}),
    state: flags.state ?? null,
    faults: Object.keys(faults).length > 0 ? { ...faults, seed: endpoint.faultSeed } : null,
    operations: { appMesh: served.appMesh.length, cloudMap: served.cloudMap.length },
    clients: { appMesh: config, cloudMap: { ...config, disableHostPrefix: true } },
    ...(isLoopbackHost(flags.host)
      ? {}
      : {
          warning: `bound to ${flags.host}, not loopback: anyone who can reach this host can call the endpoint`,
        }),
  };
}

/**
 * Registers `meshplane local`: starts the local App Mesh + Cloud Map endpoint, prints its URL
 * and runs until SIGINT or SIGTERM. Binds 127.0.0.1 unless `--host` says otherwise.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerLocal } from './commands/local.js';
 * const program = new Command('meshplane');
 * registerLocal(program);
 * await program.parseAsync(['node', 'meshplane', 'local', '--port', '6374', '--throttle']);
 * ```
 */
export function registerLocal(program: Command, deps: LocalCommandDeps = {}): void {
  program
    .command('local')
    .description(
      'Run the local App Mesh + Cloud Map endpoint (restJson1 + awsJson1_1 on one port) until interrupted',
    )
    .option(
      '--port <port>',
      `TCP port (0 = any free port; ${DEFAULT_LOCAL_PORT} = "MESH" on a phone keypad, used by no common tool)`,
      integer('--port', 0, 65535),
      DEFAULT_LOCAL_PORT,
    )
    .option('--host <host>', 'interface to bind; only loopback unless you ask', '127.0.0.1')
    .option('--state <file>', 'JSON state file, reloaded at start and written atomically after each change')
    .option(
      '--region <region>',
      'AWS region of unsigned requests; signed ones use their SigV4 scope (default: us-east-1)',
    )
    .option('--account-id <id>', '12-digit account of callers (an access key id of 12 digits overrides it)')
    .option('--latency-ms <ms>', 'fixed latency added to every call', integer('--latency-ms', 0, 600_000))
    .option('--jitter-ms <ms>', 'extra random latency in [0, ms)', integer('--jitter-ms', 0, 600_000))
    .option('--throttle', 'token-bucket throttling: reads 40/s, writes 8/s burst 5')
    .option('--fail-rate <x>', 'share of calls answered with a 5xx error (0-1)', rate('--fail-rate'))
    .option('--drop-rate <x>', 'share of calls whose connection is dropped (0-1)', rate('--drop-rate'))
    .option('--seed <n>', 'seed of the fault generator, to replay a run', integer('--seed', 0, 2_147_483_647))
    .option(
      '--json',
      jsonLinesHelp(
        '{ event: "ready", endpoint, region, clients, state, … } once listening, { event: "stopped", stats } at the end',
      ),
    )
    .action(async (flags: LocalFlags) => {
      const write = deps.write ?? ((text: string) => process.stdout.write(text));
      const writeError = deps.writeError ?? ((text: string) => process.stderr.write(text));
      const json = flags.json === true;
      const faults: FaultOptions = {
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.latencyMs !== undefined ? { latencyMs: flags.latencyMs } : {}),
        ...(flags.jitterMs !== undefined ? { jitterMs: flags.jitterMs } : {}),
        ...(flags.throttle ? { throttle: true } : {}),
        ...(flags.failRate !== undefined ? { errorRate: flags.failRate } : {}),
        ...(flags.dropRate !== undefined ? { dropRate: flags.dropRate } : {}),
      };
      let endpoint: LocalEndpoint;
      try {
        endpoint = await startLocalEndpoint({
          port: flags.port,
          host: flags.host,
          ...(flags.state ? { stateFile: flags.state } : {}),
          ...(flags.region ? { region: flags.region } : {}),
          ...(flags.accountId ? { accountId: flags.accountId } : {}),
          faults,
        });
      } catch (error) {
        const code = error instanceof LocalEndpointError ? error.code : 'UNKNOWN';
        if (json) printFailure({ out: write, err: writeError }, true, failureOf(error));
        else writeError(`meshplane local: ${(error as Error).message}\n`);
        process.exitCode = code === 'LISTEN_FAILED' || code === 'UNKNOWN' ? EXIT.FAILED : EXIT.INVALID_INPUT;
        return;
      }
      if (json) {
        write(`${JSON.stringify(readyLine(endpoint, flags, faults))}\n`);
        deps.onReady?.(endpoint);
        await (deps.waitForStop ?? waitForSignal)();
        await endpoint.close();
        const { calls, writes, reads } = endpoint.stats();
        write(
          `${JSON.stringify({ time: new Date().toISOString(), event: 'stopped', stats: { calls, writes, reads } })}\n`,
        );
        return;
      }
      const served = endpoint.operations();
      write(`${endpoint.url}\n`);
      write(
        `meshplane local: App Mesh (${served.appMesh.length} operations) and Cloud Map (${served.cloudMap.length} operations) on ${endpoint.url}\n` +
          `  AWS SDK: import { localClients } from '@meshplane/local/clients';\n` +
          `           const { appMesh, cloudMap } = localClients('${endpoint.url}');\n` +
          `           (by hand: endpoint '${endpoint.url}', any credentials, Cloud Map with disableHostPrefix: true)\n` +
          `  AWS CLI: --endpoint-url ${endpoint.url}\n` +
          (flags.state ? `  state file: ${flags.state}\n` : '') +
          (Object.keys(faults).length > 0
            ? `  faults: ${JSON.stringify(faults)} (seed ${endpoint.faultSeed})\n`
            : '') +
          '  press Ctrl+C to stop\n',
      );
      // A diagnostic, on stderr with the others.
      if (!isLoopbackHost(flags.host)) {
        writeError(
          `warning: bound to ${flags.host}, not loopback: anyone who can reach this host can call the endpoint with any credentials\n`,
        );
      }
      deps.onReady?.(endpoint);
      await (deps.waitForStop ?? waitForSignal)();
      await endpoint.close();
      const stats = endpoint.stats();
      write(
        `meshplane local: stopped after ${stats.calls} calls (${stats.writes} writes, ${stats.reads} reads)\n`,
      );
    });
}
