import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/exit-codes.js';
import { runMeshplane } from './support/run-cli.js';

const meshplane = (...args: string[]) => runMeshplane(args);

describe('the meshplane process exit codes', () => {
  it('exits 2 with commander’s message on usage errors, 0 on help and version', async () => {
    // Act
    const [unknownOption, missingArgument, unknownCommand, badChoice, help, version] = await Promise.all([
      meshplane('plan', '--no-such-flag', 'model.json'),
      meshplane('validate'),
      meshplane('no-such-command'),
      meshplane('graph', 'examples/dj-app/src/mesh.ts', '--format', 'png'),
      meshplane('--help'),
      meshplane('--version'),
    ]);
    // Assess
    expect(unknownOption.code).toBe(EXIT.INVALID_INPUT);
    expect(unknownOption.stderr).toContain("unknown option '--no-such-flag'");
    expect(missingArgument.code).toBe(EXIT.INVALID_INPUT);
    expect(missingArgument.stderr).toContain('missing required argument');
    expect(unknownCommand.code).toBe(EXIT.INVALID_INPUT);
    expect(badChoice.code).toBe(EXIT.INVALID_INPUT);
    expect(badChoice.stderr).toContain('png');
    expect(help.code).toBe(EXIT.OK);
    expect(help.stdout).toContain('validate');
    expect(version.code).toBe(EXIT.OK);
    expect(version.stdout.trim()).toBe('0.1.0');
  });
});
