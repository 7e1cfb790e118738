import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

async function startProcess(stateFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@meshplane/source',
      '--import',
      'tsx',
      join(here, 'helpers', 'endpoint-process.ts'),
      stateFile,
    ],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${errors}`)));
  });
  return { child, url };
}

const put = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function nodeNames(url: string): Promise<Set<string>> {
  const names = new Set<string>();
  let nextToken: string | undefined;
  do {
    const query = nextToken ? `?nextToken=${encodeURIComponent(nextToken)}` : '';
    const page = (await (await fetch(`${url}/v20190125/meshes/m/virtualNodes${query}`)).json()) as {
      virtualNodes: Array<{ virtualNodeName: string }>;
      nextToken?: string;
    };
    for (const node of page.virtualNodes) names.add(node.virtualNodeName);
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

describe('state file under kill -9 (issue 13 item 9)', () => {
  it('keeps every acknowledged write across kills in the middle of concurrent writes, and leaves no temporary file', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-kill-'));
    const stateFile = join(dir, 'state.json');
    const first = await startProcess(stateFile);
    expect((await put(first.url, '/v20190125/meshes', { meshName: 'm' })).status).toBe(200);
    first.child.kill('SIGKILL');
    const acknowledged = new Set<string>();
    // Act: two rounds of 4 concurrent writers, each killed after a few dozen writes.
    for (let round = 0; round < 2; round++) {
      const { child, url } = await startProcess(stateFile);
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const name = `r${round}-w${w}-${i}`;
          try {
            const response = await put(url, '/v20190125/meshes/m/virtualNodes', {
              virtualNodeName: name,
              spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
            });
            if (response.status === 200) acknowledged.add(name);
          } catch {
            return; // the process is gone
          }
        }
      };
      const writers = Array.from({ length: 4 }, (_, w) => writer(w));
      while (acknowledged.size < (round + 1) * 30) await new Promise((resolve) => setTimeout(resolve, 5));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
    }
    const last = await startProcess(stateFile);
    const kept = await nodeNames(last.url);
    last.child.kill('SIGKILL');
    const leftovers = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    // Assess
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);
    expect([...acknowledged].filter((name) => !kept.has(name))).toEqual([]);
    expect(leftovers).toEqual([]);
  }, 60_000);
});
