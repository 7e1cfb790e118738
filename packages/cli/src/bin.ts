#!/usr/bin/env node
import { type Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { reportUnexpectedError, unexpectedErrorMode } from './output/unexpected-error.js';
import { processOutput } from './output/writer.js';
import { createProgram } from './program.js';

// Commander exits 1 on a usage error (unknown option, missing argument, bad choice); scripts
// rely on 2 for invalid input, so every command throws instead and the exit code is set here.
function throwOnExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwOnExit(sub);
}

// Anything no command handled, in the one failure shape (the JSON document under --json), never
// as Node's raw trace. An exception outside the command's promise (a model module's timer, a
// stream's 'error' event) leaves the process in an unknown state, so it exits at once.
const mode = unexpectedErrorMode(process.argv, process.env);
const unexpected = (error: unknown) => reportUnexpectedError(error, processOutput(), mode);
process.on('uncaughtException', (error) => process.exit(unexpected(error)));
process.on('unhandledRejection', (reason) => process.exit(unexpected(reason)));

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
  process.exitCode = unexpected(error);
});
