import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { Command } from 'commander';
import { afterEach, vi } from 'vitest';
import type { Output } from '../../src/output/writer.js';
import { createProgram } from '../../src/program.js';

// The ways the CLI tests run meshplane, each written once: the whole program in-process (its
// stdout and stderr captured), a few commands registered on a bare program with an Output sink
// (and the dependencies a test injects), or a real process.

/** The repository root (absolute, ending in a separator). */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** The DJ app model of examples/dj-app, the model most CLI tests run. */
export const DJ_MODEL = join(REPO, 'examples/dj-app/src/mesh.ts');

/**
 * For a test file whose tests each run against their own local App Mesh endpoint: call it at the
 * top level; the function it returns starts one on a free port, closed after the test that started it.
 */
export function localEndpointPerTest(): () => Promise<LocalEndpoint> {
  let endpoint: LocalEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
  });
  return async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    return endpoint;
  };
}

/** Node arguments that run meshplane from its TypeScript sources (tsx, the `@meshplane/source` condition). */
export const SOURCE_CLI = [
  '--conditions=@meshplane/source',
  '--import',
  'tsx',
  join(REPO, 'packages/cli/src/bin.ts'),
] as const;

/** The published entry point (bin/meshplane.js over dist: build the package first). */
export const BUILT_CLI = join(REPO, 'packages/cli/bin/meshplane.js');

/** What {@link runProgram} saw: each stream, and `process.exitCode` as the command left it. */
export interface ProgramRun {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

/**
 * Runs `meshplane <args>` in-process through `createProgram()` (commander's exits turned into
 * exceptions), capturing what it writes on process.stdout and process.stderr. `process.exitCode` is
 * cleared before and after, so that one run never leaks its code into the next.
 */
export async function runProgram(...args: string[]): Promise<ProgramRun> {
  let stdout = '';
  let stderr = '';
  const capture = (sink: 'out' | 'err') => (chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (sink === 'out') stdout += text;
    else stderr += text;
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture('out'));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture('err'));
  process.exitCode = undefined;
  try {
    await createProgram()
      .exitOverride()
      .parseAsync(['node', 'meshplane', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

/** What {@link runCommands} saw: the exit code (0 when none was set) and each Output stream. */
export interface CommandsRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `meshplane <args>` in-process on a bare program holding only the commands `register` adds
 * (with the Output it is given, and whatever dependencies the test injects). Usage errors reject
 * with commander's error, as bin.ts maps them to exit 2.
 */
export async function runCommands(
  args: readonly string[],
  register: (program: Command, output: Output) => void,
): Promise<CommandsRun> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  const program = new Command('meshplane').exitOverride();
  program.configureOutput({ writeErr: (t) => err.push(t), writeOut: (t) => out.push(t) });
  register(program, output);
  for (const command of program.commands) command.exitOverride();
  process.exitCode = undefined;
  await program.parseAsync(['node', 'meshplane', ...args]);
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, out: out.join(''), err: err.join('') };
}

/** What {@link runProcess} saw: the exit code and each stream. */
export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a meshplane process unless a test gives its own: without the SDK's Node version warning. */
export const QUIET_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Runs `file args` as a process in the repository root (e.g. `process.execPath` with
 * {@link SOURCE_CLI} and meshplane's arguments): its exit code and output, whether it succeeded or not.
 */
export async function runProcess(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<ProcessRun> {
  return promisify(execFile)(file, [...args], {
    cwd: REPO,
    env: options.env ?? QUIET_ENV,
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (error: ProcessRun) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Runs `meshplane <args>` from its sources in its own process ({@link runProcess}). */
export function runMeshplane(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess(process.execPath, [...SOURCE_CLI, ...args], env ? { env } : {});
}
