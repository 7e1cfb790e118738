import { type ChildProcess, execFile, fork } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Shell blocks of the documents, run command by command from the repository's root with the CLI
 * from source: `meshplane …`, `npx meshplane …` and `npm run meshplane -- …` all run the CLI of
 * packages/cli/src through tsx with the workspace's source condition (plain commands in a warm
 * process, see cli-worker.ts). A trailing
 * `# exit N` states an expected exit code other than 0; a block whose lines start with `$ ` is a
 * transcript: each command runs and the lines after it must appear in its output (`…` elides).
 */
const CLI = ['--conditions=@meshplane/source', '--import', 'tsx', 'packages/cli/src/bin.ts'];
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };
const MESHPLANE = /(^|[;&|(]\s*|&&\s*)(?:npm run (?:-s )?meshplane --|npx meshplane|meshplane)(?=\s|$)/g;

function splitWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

interface Worker {
  child: ChildProcess;
  pending: Map<number, (result: { code: number; stdout: string; stderr: string }) => void>;
}

const workers: Worker[] = [];
let nextId = 0;

/** A warm CLI process (cli-worker.ts), the least busy of at most two. */
function worker(): Worker {
  if (workers.length < 2) {
    const child = fork(join(import.meta.dirname, 'cli-worker.ts'), [], {
      execArgv: ['--conditions=@meshplane/source', '--import', 'tsx'],
      env: ENV,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const w: Worker = { child, pending: new Map() };
    child.on('message', (m: { id?: number; code: number; stdout: string; stderr: string }) => {
      if (m.id === undefined) return;
      w.pending.get(m.id)?.(m);
      w.pending.delete(m.id);
    });
    child.on('exit', () => {
      for (const done of w.pending.values()) done({ code: 1, stdout: '', stderr: 'the CLI worker exited' });
      workers.splice(workers.indexOf(w), 1);
    });
    workers.push(w);
    return w;
  }
  return workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
}

/** Stops the warm CLI processes. */
export function closeCliWorkers(): void {
  for (const w of [...workers]) w.child.kill();
}

function runWarm(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const w = worker();
  const id = ++nextId;
  return new Promise((done) => {
    const timer = setTimeout(() => {
      w.pending.delete(id);
      done({ code: 1, stdout: '', stderr: `meshplane ${args.join(' ')}: no answer in 120 s` });
    }, 120_000);
    w.pending.set(id, (result) => {
      clearTimeout(timer);
      done(result);
    });
    w.child.send({ id, args, cwd });
  });
}

/**
 * Runs one command. A plain `meshplane …` command (no shell syntax but a final `> FILE`) runs in a
 * warm CLI process; anything else runs in bash, with the CLI started from source.
 */
export async function runCommand(command: string, cwd: string): Promise<{ code: number; output: string }> {
  const direct = /^(?:npm run (?:-s )?meshplane --|npx meshplane|meshplane)\s(.*?)(?:\s+>\s*(\S+))?$/.exec(
    command,
  );
  if (direct && !/[|<>;&$`*]/.test(direct[1]!)) {
    const { code, stdout, stderr } = await runWarm(splitWords(direct[1]!), cwd);
    if (direct[2] === undefined) return { code, output: stdout + stderr };
    await writeFile(resolve(cwd, direct[2]), stdout);
    return { code, output: stderr };
  }
  const node = `${JSON.stringify(process.execPath)} ${CLI.join(' ')}`;
  const script = command.replace(MESHPLANE, (_, lead: string) => `${lead}${node}`);
  try {
    const { stdout, stderr } = await run('bash', ['-c', script], { cwd, env: ENV, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The commands of a block: continuations joined, comments and blank lines dropped. */
export function commandsOf(code: string): { command: string; exit: number }[] {
  const joined = code.replace(/\s*\\\n\s*/g, ' ');
  const commands: { command: string; exit: number }[] = [];
  for (const line of joined.split('\n')) {
    const exit = /#.*\bexit (\d+)\b/.exec(line);
    const command = line.replace(/(^|\s)#.*$/, '').trim();
    if (command === '') continue;
    commands.push({ command, exit: exit ? Number(exit[1]) : 0 });
  }
  return commands;
}

async function runTranscript(code: string, cwd: string): Promise<string[]> {
  const problems: string[] = [];
  for (const part of code.split(/^\$ /m).slice(1)) {
    const [command, ...expected] = part.split('\n');
    const { output } = await runCommand(command!.trim(), cwd);
    for (const line of expected.filter((l) => l.trim() !== '')) {
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

/**
 * Commands a test must never run in the shared checkout: they rewrite node_modules (which every
 * running test uses) or publish. A block with one must be marked not-runnable.
 */
const NEVER =
  /(^|[;&|(]\s*|&&\s*)(npm\s+(ci|install|i|uninstall|update|publish|link)|npm\s+run\s+(build|bench|test))\b/m;

/** Runs a shell block; the problems found (empty when every command did what the block says). */
export async function runShellBlock(code: string, cwd: string): Promise<string[]> {
  const never = commandsOf(code).filter(({ command }) => NEVER.test(command));
  if (never.length > 0) {
    return never.map(
      ({ command }) => `${command}: installs, builds or publishes; mark the block not-runnable`,
    );
  }
  if (code.trimStart().startsWith('$ ')) return runTranscript(code, cwd);
  // As on a fresh machine: the state files a block names start absent (a second run of the suite
  // must not start from the first run's state).
  for (const state of code.matchAll(/--state[ =](\S+)/g)) {
    await rm(resolve(cwd, state[1]!), { force: true });
    await rm(resolve(cwd, `${state[1]!}.journal`), { force: true });
  }
  const failed: string[] = [];
  for (const { command, exit } of commandsOf(code)) {
    const { code: status, output } = await runCommand(command, cwd);
    if (status !== exit) failed.push(`${command}: exit ${status}, expected ${exit}\n${output.slice(-1500)}`);
  }
  return failed;
}
