import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Shell blocks of the documents, run command by command from the repository's root with the CLI
 * from source: `meshplane …`, `npx meshplane …` and `npm run meshplane -- …` all run
 * packages/cli/src/bin.ts through tsx with the workspace's source condition. A trailing
 * `# exit N` states an expected exit code other than 0; a block whose lines start with `$ ` is a
 * transcript: each command runs and the lines after it must appear in its output (`…` elides).
 */
const CLI = ['--conditions=@meshplane/source', '--import', 'tsx', 'packages/cli/src/bin.ts'];
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };
const MESHPLANE = /(^|[;&|(]\s*|&&\s*)(?:npm run (?:-s )?meshplane --|npx meshplane|meshplane)(?=\s|$)/g;

function splitWords(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

export async function runCommand(command: string, cwd: string): Promise<{ code: number; output: string }> {
  const direct = /^(?:npm run (?:-s )?meshplane --|npx meshplane|meshplane)\s(.*)$/.exec(command);
  const simple = direct && !/[|<>;&$`*]/.test(direct[1]!);
  const node = `${JSON.stringify(process.execPath)} ${CLI.join(' ')}`;
  const [file, args] = simple
    ? [process.execPath, [...CLI, ...splitWords(direct[1]!)]]
    : ['bash', ['-c', `${command.replace(MESHPLANE, (_, lead: string) => `${lead}${node}`)}`]];
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: ENV, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The commands of a block: continuations joined, comments and blank lines dropped. */
export function commandsOf(code: string): { command: string; exit: number }[] {
  const joined = code.replace(/\\\n\s*/g, ' ');
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

/** Runs a shell block; the problems found (empty when every command did what the block says). */
export async function runShellBlock(code: string, cwd: string): Promise<string[]> {
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
