import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Every fenced code block of these documents runs here, or is marked, on the last non-blank
// line before it, `<!-- not-runnable: <reason> -->` with the reason. ts blocks run as ES modules
// from the repository's root (the workspace packages from source); sh blocks run command by
// command from the root (`npm run meshplane -- …` runs the CLI from source; a trailing
// `# exit N` states an expected exit code other than 0); a block whose lines start with `$ ` is a
// transcript: each command runs and the lines after it must appear in its output.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** The documents covered. The other READMEs (ecs, lambda, local, xds, examples) are not yet. */
const DOCUMENTS = [
  'README.md',
  'packages/cli/README.md',
  'packages/core/README.md',
  'packages/core/docs/appmesh.md',
  'packages/core/docs/cloudmap.md',
  'packages/core/docs/importers.md',
  'packages/core/docs/model.md',
  'packages/core/docs/router.md',
];

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
  notRunnable?: string;
}

function blocksOf(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const indent = open[1]!.length;
    const code = lines
      .slice(i + 1, end)
      .map((l) => l.slice(indent))
      .join('\n');
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = before >= 0 ? /<!--\s*not-runnable:\s*(.*?)\s*-->/.exec(lines[before]!) : null;
    blocks.push({ file, line: i + 1, lang: open[2]!, code, ...(marker ? { notRunnable: marker[1]! } : {}) });
    i = end;
  }
  return blocks;
}

const CLI = ['--conditions=@meshplane/source', '--import', 'tsx', 'packages/cli/src/bin.ts'];
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };

async function runCommand(command: string): Promise<{ code: number; output: string }> {
  const meshplane = /^npm run (?:-s )?meshplane -- (.*)$/.exec(command);
  const direct = meshplane && !/[|<>;&$`]/.test(meshplane[1]!);
  const node = `${JSON.stringify(process.execPath)} ${CLI.join(' ')}`;
  const [file, args] = direct
    ? [process.execPath, [...CLI, ...splitWords(meshplane[1]!)]]
    : ['bash', ['-c', command.replace(/npm run (?:-s )?meshplane -- /g, `${node} `)]];
  try {
    const { stdout, stderr } = await run(file, args, { cwd: repo, env: ENV, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function splitWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The commands of an sh block: continuations joined, comments and blank lines dropped. */
function commandsOf(code: string): { command: string; exit: number }[] {
  const joined = code.replace(/\\\n\s*/g, ' ');
  const commands: { command: string; exit: number }[] = [];
  for (const line of joined.split('\n')) {
    const exit = /#.*\bexit (\d+)\b/.exec(line);
    const command = line.replace(/\s#.*$/, '').trim();
    if (command === '' || command.startsWith('#')) continue;
    commands.push({ command, exit: exit ? Number(exit[1]) : 0 });
  }
  return commands;
}

async function runTs(block: Block): Promise<{ code: number; output: string }> {
  const dir = join(repo, 'tests/docs/.run');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${block.file.replace(/[^\w]+/g, '-')}-${block.line}.mts`);
  // Relative imports in the documents are written from the repository's root.
  await writeFile(file, block.code.replace(/from '\.\/(?!\.)/g, "from '../../../"));
  try {
    const result = await run(process.execPath, ['--conditions=@meshplane/source', '--import', 'tsx', file], {
      cwd: repo,
      env: ENV,
      timeout: 120_000,
    }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof e.code === 'number' ? e.code : 1,
        output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      }),
    );
    return result;
  } finally {
    await rm(file, { force: true });
  }
}

async function runTranscript(block: Block): Promise<string[]> {
  const problems: string[] = [];
  const parts = block.code.split(/^\$ /m).slice(1);
  for (const part of parts) {
    const [command, ...expected] = part.split('\n');
    const { output } = await runCommand(command!.trim());
    for (const line of expected.filter((l) => l.trim() !== '')) {
      // `…` elides part of a line (a long path) or lines: the pieces around it must appear.
      const pieces = line
        .trim()
        .split('…')
        .filter((piece) => piece.trim() !== '');
      if (!pieces.every((piece) => output.includes(piece))) {
        problems.push(`${command}: output lacks ${JSON.stringify(line.trim())}`);
      }
    }
  }
  return problems;
}

// Blocks that run, and listings of what a block prints (no language, or `text`), which are output.
const RUNS = new Set(['ts', 'sh']);
const OUTPUT = new Set(['', 'text']);

const documents = await Promise.all(
  DOCUMENTS.map(async (file) => blocksOf(file, await readFile(join(repo, file), 'utf8'))),
);
const blocks = documents.flat();

describe('every code block of the documents runs, or says why not', () => {
  it('every marker gives a reason, and every unmarked block is ts or sh', () => {
    const unreasoned = blocks.filter((b) => b.notRunnable !== undefined && b.notRunnable.length < 8);
    const unknown = blocks.filter(
      (b) => b.notRunnable === undefined && !RUNS.has(b.lang) && !OUTPUT.has(b.lang),
    );
    expect(unreasoned.map((b) => `${b.file}:${b.line}`)).toEqual([]);
    expect(unknown.map((b) => `${b.file}:${b.line} (${b.lang || 'no language'})`)).toEqual([]);
    expect(blocks.length).toBeGreaterThan(20);
  });

  for (const block of blocks.filter((b) => b.notRunnable === undefined && RUNS.has(b.lang))) {
    it(`${block.file}:${block.line} (${block.lang})`, async () => {
      if (block.lang === 'ts') {
        const { code, output } = await runTs(block);
        expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
      } else if (block.code.trimStart().startsWith('$ ')) {
        expect(await runTranscript(block)).toEqual([]);
      } else {
        // As on a fresh machine: the state files a block names start absent (a second run of the
        // suite must not start from the first run's state).
        for (const state of block.code.matchAll(/--state (\S+)/g)) {
          await rm(state[1]!, { force: true });
          await rm(`${state[1]!}.journal`, { force: true });
        }
        const failed: string[] = [];
        for (const { command, exit } of commandsOf(block.code)) {
          const { code, output } = await runCommand(command);
          if (code !== exit)
            failed.push(`${command}: exit ${code}, expected ${exit}\n${output.slice(-1500)}`);
        }
        expect(failed).toEqual([]);
      }
    }, 300_000);
  }
});
