import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/exit-codes.js';
import { unexpectedErrorMode } from '../src/output/unexpected-error.js';
import { BUILT_CLI, type ProcessRun, runProcess } from './support/run-cli.js';

// An exception no command handles, provoked in a real `meshplane` process without any hook in
// the CLI: model modules are user code that meshplane runs, and they can throw where no command
// expects it. A resource whose `kind` getter throws passes loading (validate reports it as
// UNREADABLE_VALUE, but `graph` reads it while drawing); a module whose timer throws or whose
// promise is rejected unobserved fails outside any command's promise.

let dir = '';
let getterModel = '';
let timerModel = '';
let rejectionModel = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshplane-unexpected-'));
  getterModel = join(dir, 'getter.mjs');
  await writeFile(
    getterModel,
    "export default { resources: [{ get kind() { throw new TypeError('the kind getter exploded'); }, source: { file: 'x' } }] };\n",
  );
  timerModel = join(dir, 'timer.mjs');
  await writeFile(
    timerModel,
    "export default () => new Promise(() => setTimeout(() => { throw new RangeError('a timer of the model threw'); }, 5));\n",
  );
  rejectionModel = join(dir, 'rejection.mjs');
  await writeFile(
    rejectionModel,
    "export default () => new Promise(() => { Promise.reject(new Error('nobody awaited this')); });\n",
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function meshplane(args: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  const { MESHPLANE_DEBUG: _, ...inherited } = process.env;
  return runProcess(process.execPath, [BUILT_CLI, ...args], { env: { ...inherited, ...env } });
}

interface FailureDocument {
  ok: boolean;
  error: { code: string; message: string; hint?: string };
  stack?: string;
}

describe('an exception no command handles, in a real meshplane process', () => {
  it('prints the failure document on stdout under --json, exit 1, no stack unless debugging', async () => {
    // Act
    const [plain, debugFlag, debugEnv] = await Promise.all([
      meshplane(['graph', '--json', getterModel]),
      meshplane(['graph', getterModel, '--json', '--debug']),
      meshplane(['graph', '--json', getterModel], { MESHPLANE_DEBUG: '1' }),
    ]);
    // Assess
    expect(plain.code).toBe(EXIT.FAILED);
    const document = JSON.parse(plain.stdout) as FailureDocument;
    expect(document).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL_ERROR',
        message: 'TypeError: the kind getter exploded',
        hint: expect.stringContaining('run again with --debug or MESHPLANE_DEBUG=1'),
      },
    });
    expect(plain.stderr).toBe('');
    for (const run of [debugFlag, debugEnv]) {
      expect(run.code).toBe(EXIT.FAILED);
      const withStack = JSON.parse(run.stdout) as FailureDocument;
      expect(withStack.error.code).toBe('INTERNAL_ERROR');
      expect(withStack.error.hint).toContain('please report it');
      expect(withStack.error.hint).not.toContain('run again with --debug');
      expect(withStack.stack).toMatch(/^TypeError: the kind getter exploded\n\s+at /);
      expect(withStack.stack).toContain('mesh-graph.ts');
    }
  });

  it('prints error: and hint: on stderr without --json, the stack only when debugging', async () => {
    // Act
    const [plain, debug] = await Promise.all([
      meshplane(['graph', getterModel]),
      meshplane(['--debug', 'graph', getterModel]),
    ]);
    // Assess
    expect(plain.code).toBe(EXIT.FAILED);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(
      /^error: TypeError: the kind getter exploded\nhint: this is a bug in meshplane .*--debug or MESHPLANE_DEBUG=1 to print it\)\n$/,
    );
    expect(debug.code).toBe(EXIT.FAILED);
    expect(debug.stderr).toMatch(
      /^error: TypeError: the kind getter exploded\nhint: .*\nTypeError: the kind/,
    );
    expect(debug.stderr).toContain('at buildMeshGraph');
  });

  it('reports an exception thrown outside the command (a timer, an unobserved rejection) the same way', async () => {
    // Act
    const [timer, timerText, rejection] = await Promise.all([
      meshplane(['validate', '--json', timerModel]),
      meshplane(['validate', timerModel]),
      meshplane(['plan', '--local', '--json', rejectionModel]),
    ]);
    // Assess
    expect(timer.code).toBe(EXIT.FAILED);
    expect((JSON.parse(timer.stdout) as FailureDocument).error).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'RangeError: a timer of the model threw',
    });
    expect(timerText.code).toBe(EXIT.FAILED);
    expect(timerText.stderr).toMatch(/^error: RangeError: a timer of the model threw\nhint: /);
    expect(rejection.code).toBe(EXIT.FAILED);
    expect((JSON.parse(rejection.stdout) as FailureDocument).error).toMatchObject({
      code: 'INTERNAL_ERROR',
      message: 'nobody awaited this',
    });
  });
});

describe('unexpectedErrorMode', () => {
  it('reads --json and --debug before a -- terminator, and MESHPLANE_DEBUG=1 or true', () => {
    // Act / Assess
    expect(unexpectedErrorMode(['node', 'm', 'graph', '--json', 'x'], {})).toEqual({
      json: true,
      debug: false,
    });
    expect(unexpectedErrorMode(['node', 'm', 'graph', '--', '--json', '--debug'], {})).toEqual({
      json: false,
      debug: false,
    });
    expect(unexpectedErrorMode(['node', 'm', '--debug'], {}).debug).toBe(true);
    expect(unexpectedErrorMode(['node', 'm'], { MESHPLANE_DEBUG: '1' }).debug).toBe(true);
    expect(unexpectedErrorMode(['node', 'm'], { MESHPLANE_DEBUG: 'TRUE' }).debug).toBe(true);
    expect(unexpectedErrorMode(['node', 'm'], { MESHPLANE_DEBUG: '0' }).debug).toBe(false);
    expect(unexpectedErrorMode(['node', 'm'], { MESHPLANE_DEBUG: '' }).debug).toBe(false);
  });
});
