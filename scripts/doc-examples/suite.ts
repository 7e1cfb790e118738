import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type ContextEntry, contextFor } from './context.js';
import { absoluteImports, ownFileImport } from './imports.js';
import { type MarkdownBlock, markdownBlocks } from './markdown-blocks.js';
import { publicNames } from './public-api.js';
import { type ModuleRun, runModule } from './run-module.js';
import { closeCliWorkers, runShellBlock } from './shell-blocks.js';
import { examplesUnder, type TsdocExample } from './tsdoc-examples.js';

/** The repository's root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A reason shorter than this is no reason. */
const MIN_REASON = 8;

interface RunFolder {
  dir: string;
}

/** A folder inside the repository where examples are written and run, with its fixtures. */
function runFolder(name: string, fixtures: Record<string, string> = {}): RunFolder {
  const folder: RunFolder = { dir: '' };
  beforeAll(async () => {
    await mkdir(join(REPO, '.doc-examples'), { recursive: true });
    folder.dir = await mkdtemp(join(REPO, '.doc-examples', `${name.replace(/[^\w]+/g, '-')}-`));
    for (const [to, from] of Object.entries(fixtures)) await copyFile(from, join(folder.dir, to));
  });
  afterAll(() => rm(folder.dir, { recursive: true, force: true }));
  return folder;
}

function listNotRunnable(items: { where: string; reason: string }[]): void {
  for (const { where, reason } of items) {
    test(`${where} is not runnable: ${reason}`, () => {
      expect(reason.length, 'a not-runnable marker gives its reason').toBeGreaterThanOrEqual(MIN_REASON);
    });
  }
}

/** Runs `task` with the repository's root as the working folder, as the documents assume. */
async function inRoot<T>(task: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(REPO);
  try {
    return await task();
  } finally {
    process.chdir(cwd);
  }
}

/** What a run states and did not hold, with what a listing after it says it prints. */
function runProblems(run: ModuleRun, options: { output?: string; everyLogStated?: boolean }): string[] {
  const problems = [...run.problems];
  if (options.output !== undefined) {
    const printed = run.printed.map((p) => p.text).join('\n');
    if (printed !== options.output.trimEnd()) {
      problems.push(
        `printed\n${printed}\nwhile the listing after the block says\n${options.output.trimEnd()}`,
      );
    }
  }
  if (options.everyLogStated) {
    for (const p of run.printed.filter((p) => !p.stated)) {
      problems.push(`line ${p.line + 1} prints ${JSON.stringify(p.text)} and does not say what it prints`);
    }
  }
  return problems;
}

export interface TsdocSuite {
  /** The describe block's title. */
  title: string;
  /** Folders or .ts files (absolute) every @example of which runs, exported or not. */
  all?: string[];
  /**
   * Folders whose @example blocks run when they document a name of the package's public API (as
   * its API report lists it); the others are internal notes.
   */
  public?: { sources: string[]; apiReport: string };
  /** The least number of examples that must run (an extractor that finds none fails). */
  atLeast: number;
  /** Files copied into the folder the examples run in (name there → absolute path). */
  fixtures?: Record<string, string>;
  /** Rewrites an example before it runs (fresh temporary paths for the paths it names). */
  rewrite?: (code: string) => string | Promise<string>;
  /** Every console.log of every example states what it prints. */
  everyLogStated?: boolean;
  /** Every example states at least one result. */
  statesSomething?: boolean;
  /**
   * Names the examples may use without binding them (the router, the model and the discovery a
   * page of examples talks about), each with the statement that binds it; a name is bound only
   * for an example that uses it and binds it not itself (see context.ts).
   */
  context?: ContextEntry[];
  /** Runs before each example (a fresh environment for examples that change it). */
  beforeEach?: (example: TsdocExample) => Promise<void>;
}

/** The @example blocks a suite covers: all of `all`, the public ones of `public`. */
export async function suiteExamples(suite: TsdocSuite): Promise<TsdocExample[]> {
  const all = await examplesUnder(suite.all ?? [], REPO);
  if (!suite.public) return all;
  const names = await publicNames(suite.public.apiReport);
  const candidates = await examplesUnder(suite.public.sources, REPO);
  const seen = new Set(all.map((e) => e.where));
  return [
    ...all,
    ...candidates.filter((e) => !seen.has(e.where) && e.declaration && names.has(e.declaration)),
  ];
}

/**
 * Runs the @example blocks of a package's TSDoc: each as a module in this process, importing the
 * workspace packages from source; relative imports are relative to the example's source file
 * (`./packages/…` to the root), and the names of its own file it uses without importing them (an
 * example of an internal function) are imported for it. What it states must hold (see
 * expectations.ts); `// not-runnable: reason` as its first line skips it, and the test lists it.
 */
export async function describeTsdocExamples(suite: TsdocSuite): Promise<void> {
  const examples = await suiteExamples(suite);
  const runnable = examples.filter((e) => e.notRunnable === undefined);
  describe(suite.title, () => {
    const folder = runFolder(suite.title, suite.fixtures);
    test(`there are examples to run (at least ${suite.atLeast})`, () => {
      expect(runnable.length).toBeGreaterThanOrEqual(suite.atLeast);
    });
    listNotRunnable(
      examples
        .filter((e) => e.notRunnable !== undefined)
        .map((e) => ({ where: e.where, reason: e.notRunnable! })),
    );
    test.each(runnable.map((e) => [e.where, e] as const))(
      '%s runs and does what it says',
      async (_, example) => {
        const code = await (suite.rewrite ?? ((c: string) => c))(example.code);
        const body = absoluteImports(code, dirname(example.file), REPO);
        await suite.beforeEach?.(example);
        const own = await ownFileImport(code, example.file);
        const prelude = own + contextFor(own + code, suite.context ?? []);
        const run = await inRoot(async () => runModule(body, folder.dir, prelude));
        const problems = runProblems(run, { everyLogStated: suite.everyLogStated });
        if (suite.statesSomething && run.printed.every((p) => !p.stated)) {
          problems.push('the example states nothing it prints');
        }
        expect(problems).toEqual([]);
      },
    );
  });
}

/** Languages that run, and listings of what a block prints or draws, which do not. */
const RUNS = new Set(['ts', 'js', 'sh', 'bash', 'json', 'yaml']);
const LISTINGS = new Set(['', 'text']);

export interface MarkdownSuite {
  title: string;
  /** The documents, relative to the repository's root. */
  documents: string[];
  /** Files copied into the folder the ts blocks run in (name there → absolute path). */
  fixtures?: Record<string, string>;
  /**
   * What a ts block must also do once it ran, found by a line of the block: called with the
   * block's exports (a handler to invoke, say).
   */
  checks?: [line: string, check: (exports: Record<string, unknown>) => Promise<void>][];
  /** Shell blocks of different documents run two at a time (each document's blocks in order). */
  shellConcurrency?: number;
}

export async function markdownBlocksOf(documents: string[]): Promise<MarkdownBlock[]> {
  const all = await Promise.all(
    documents.map(async (file) => markdownBlocks(file, await readFile(join(REPO, file), 'utf8'))),
  );
  return all.flat();
}

/** A pool: at most `size` tasks at once. */
function pool(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    while (active >= size) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** A YAML block parses, with CloudFormation's short-form tags. */
function parseCloudFormationYaml(code: string): void {
  const tags = [
    '!GetAtt',
    '!Ref',
    '!Sub',
    '!Join',
    '!Select',
    '!If',
    '!Equals',
    '!ImportValue',
    '!FindInMap',
  ].flatMap((tag) =>
    (['scalar', 'seq'] as const).map((collection) => ({
      tag,
      collection: collection === 'seq' ? collection : undefined,
      resolve: (value: unknown) => ({ [tag]: value }),
    })),
  );
  parseYaml(code, { customTags: tags as never });
}

/**
 * Runs every fenced block of the documents: ts/js as modules in this process (relative imports
 * from the repository's root, statements checked as in @example blocks, a listing right after the
 * block compared with what it prints), sh/bash command by command (shell-blocks.ts), json and
 * yaml parsed. A block marked `<!-- not-runnable: reason -->` on the last non-blank line before
 * it does not run, and the test lists it.
 */
export async function describeMarkdownBlocks(suite: MarkdownSuite): Promise<MarkdownBlock[]> {
  const blocks = await markdownBlocksOf(suite.documents);
  const runnable = blocks.filter((b) => b.notRunnable === undefined && RUNS.has(b.lang));
  const where = (b: MarkdownBlock) => `${b.file}:${b.line} (${b.lang || 'listing'})`;
  const checks = suite.checks ?? [];
  describe(suite.title, () => {
    const folder = runFolder(suite.title, suite.fixtures);
    test('every block runs, is a listing of output, or is marked not-runnable', () => {
      const unknown = blocks.filter(
        (b) => b.notRunnable === undefined && !RUNS.has(b.lang) && !LISTINGS.has(b.lang),
      );
      expect(unknown.map(where)).toEqual([]);
      expect(runnable.length).toBeGreaterThan(0);
    });
    listNotRunnable(
      blocks
        .filter((b) => b.notRunnable !== undefined)
        .map((b) => ({ where: where(b), reason: b.notRunnable! })),
    );
    for (const block of runnable.filter((b) => ['ts', 'js', 'json', 'yaml'].includes(b.lang))) {
      test(`${where(block)} runs`, async () => {
        if (block.lang === 'json') return void JSON.parse(block.code);
        if (block.lang === 'yaml') return parseCloudFormationYaml(block.code);
        const base = join(REPO, dirname(block.file));
        const run = await inRoot(() => runModule(absoluteImports(block.code, base, REPO), folder.dir));
        expect(runProblems(run, { output: block.output })).toEqual([]);
        const own = checks.filter(([line]) => block.code.includes(line));
        expect(own.length, 'at most one check per block').toBeLessThanOrEqual(1);
        for (const [, check] of own) await check(run.exports);
      });
    }
    const shells = runnable.filter((b) => b.lang === 'sh' || b.lang === 'bash');
    const limit = pool(suite.shellConcurrency ?? 2);
    const chains = new Map<string, Promise<unknown>>();
    if (shells.length === 0) return;
    afterAll(closeCliWorkers);
    describe.concurrent('shell blocks', () => {
      for (const block of shells) {
        test(`${where(block)} runs`, async () => {
          const previous = chains.get(block.file) ?? Promise.resolve();
          const mine = previous.catch(() => {}).then(() => limit(() => runShellBlock(block.code, REPO)));
          chains.set(block.file, mine);
          expect(await mine).toEqual([]);
        });
      }
    });
  });
  return blocks;
}
