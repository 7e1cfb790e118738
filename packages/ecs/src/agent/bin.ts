import { runAgentCommand } from './command.js';

// No top-level await: tsup also emits a CommonJS build of this entry.
runAgentCommand(process.argv.slice(2), process.env).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
