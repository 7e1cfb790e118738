import { createProgram } from 'meshplane';

// A warm `meshplane`: a process that has loaded the CLI from source once and runs the commands it
// is sent, one at a time, as packages/cli/src/bin.ts runs one (commander's usage errors exit 2,
// help and version 0, any other error 1). Starting the CLI through tsx costs seconds per command;
// this is what keeps the documents' shell blocks fast.

interface Request {
  id: number;
  args: string[];
  cwd: string;
}

/** Commander's command, structurally (the CLI's copy of commander may not be this file's). */
interface Command {
  exitOverride(): unknown;
  readonly commands: readonly Command[];
}

function throwOnExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwOnExit(sub);
}

type Write = typeof process.stdout.write;

function capture(stream: NodeJS.WriteStream, into: string[]): () => void {
  const original = stream.write;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as Write;
  return () => {
    stream.write = original;
  };
}

async function run({ id, args, cwd }: Request): Promise<void> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const restore = [capture(process.stdout, stdout), capture(process.stderr, stderr)];
  process.exitCode = 0;
  process.chdir(cwd);
  let code: number;
  try {
    const program = createProgram();
    throwOnExit(program);
    await program.parseAsync(['node', 'meshplane', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    // By its code: the CLI's commander may be another copy than this file's.
    const commander = (error as { code?: unknown }).code;
    if (typeof commander === 'string' && commander.startsWith('commander.')) {
      const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(commander);
      code = ok ? 0 : 2;
    } else {
      stderr.push(`${error instanceof Error ? error.message : String(error)}\n`);
      code = 1;
    }
  } finally {
    for (const r of restore) r();
    process.exitCode = 0;
  }
  process.send?.({ id, code, stdout: stdout.join(''), stderr: stderr.join('') });
}

let queue = Promise.resolve();
process.on('message', (request: Request) => {
  queue = queue.then(() => run(request));
});
process.send?.({ ready: true });
