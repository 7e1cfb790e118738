import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalEndpoint } from '@meshplane/local';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerLocal } from '../src/commands/local.js';
import { EXIT } from '../src/exit-codes.js';

function harness() {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let ready!: (endpoint: LocalEndpoint) => void;
  const readyPromise = new Promise<LocalEndpoint>((resolve) => {
    ready = resolve;
  });
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('meshplane').exitOverride();
  program.configureOutput({ writeErr: (text) => err.push(text), writeOut: (text) => out.push(text) });
  registerLocal(program, {
    waitForStop: () => stopped,
    onReady: ready,
    write: (text) => out.push(text),
    writeError: (text) => err.push(text),
  });
  return { program, stop, ready: readyPromise, out, err };
}

describe('meshplane local', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints the URL first, serves App Mesh on it and stops cleanly', async () => {
    // Prepare
    const h = harness();
    // Act
    const run = h.program.parseAsync([
      'node',
      'meshplane',
      'local',
      '--port',
      '0',
      '--seed',
      '9',
      '--latency-ms',
      '1',
    ]);
    const endpoint = await h.ready;
    const response = await fetch(`${h.out[0]!.trim()}/v20190125/meshes`);
    const body = (await response.json()) as { meshes: unknown[] };
    h.stop();
    await run;
    // Assess
    expect(h.out[0]).toBe(`${endpoint.url}\n`);
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.status).toBe(200);
    expect(body.meshes).toEqual([]);
    expect(h.out.join('')).toContain('App Mesh (38 operations) and Cloud Map (30 operations)');
    expect(h.out.join('')).toContain('seed 9');
    expect(h.out.at(-1)).toContain('stopped after 1 calls');
    expect(h.out.join('')).toContain(
      `AWS SDK: import { localClients } from '@meshplane/local/clients';\n           const { appMesh, cloudMap } = localClients('${endpoint.url}');`,
    );
    expect(process.exitCode ?? EXIT.OK).toBe(EXIT.OK);
  });

  it("defaults to port 6374, which no common tool uses (4566 is LocalStack's)", () => {
    // Prepare
    const h = harness();
    // Act
    const port = h.program.commands
      .find((c) => c.name() === 'local')
      ?.options.find((o) => o.long === '--port');
    // Assess
    expect(port?.defaultValue).toBe(6374);
    expect(port?.description).toContain('"MESH" on a phone keypad');
  });

  it('rejects a fault rate outside 0-1 naming the flag and the value', async () => {
    // Prepare
    const h = harness();
    // Act
    const error = await h.program
      .parseAsync(['node', 'meshplane', 'local', '--fail-rate', '2'])
      .catch((e) => e);
    // Assess
    expect(error.code).toBe('commander.invalidArgument');
    expect(h.err.join('')).toContain('--fail-rate must be a number from 0 to 1, got "2"');
  });

  it('exits 2 on a corrupt state file and leaves it alone', async () => {
    // Prepare
    const h = harness();
    const state = join(await mkdtemp(join(tmpdir(), 'meshplane-cli-')), 'state.json');
    await writeFile(state, 'not json');
    // Act
    await h.program.parseAsync(['node', 'meshplane', 'local', '--port', '0', '--state', state]);
    // Assess
    expect(process.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(h.err.join('')).toContain('is not valid JSON');
  });
});

describe('meshplane local as a process', () => {
  it('runs until SIGTERM, then stops cleanly with exit code 0', async () => {
    // Prepare
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const child = spawn(
      process.execPath,
      [
        '--conditions=@meshplane/source',
        '--import',
        'tsx',
        'packages/cli/src/bin.ts',
        'local',
        '--port',
        '0',
      ],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const first = output.split('\n')[0];
        if (output.includes('\n') && first) resolve(first);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    // Act
    const response = await fetch(`${url}/v20190125/meshes`);
    await response.arrayBuffer();
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const code = await exit;
    // Assess
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.status).toBe(200);
    expect(code).toBe(0);
    expect(output).toContain('stopped after 1 calls');
  });
});
