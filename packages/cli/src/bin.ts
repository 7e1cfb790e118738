#!/usr/bin/env node
import { type Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { createProgram } from './program.js';

// Commander exits 1 on a usage error (unknown option, missing argument, bad choice); scripts
// rely on 2 for invalid input, so every command throws instead and the exit code is set here.
function throwOnExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwOnExit(sub);
}

const program = createProgram();
throwOnExit(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version are successful exits; anything else commander raises is a usage error,
    // already printed by commander.
    const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
    process.exitCode = ok ? EXIT.OK : EXIT.INVALID_INPUT;
    return;
  }
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = EXIT.FAILED;
});
