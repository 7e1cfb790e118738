/**
 * Things to undo, in reverse order of creation, also on failure: each failure is named and the
 * rest still run.
 *
 * @example
 * ```ts
 * import { createCleanups } from './cleanups.js';
 * const cleanups = createCleanups();
 * cleanups.add('a timer', async () => {});
 * console.log(await cleanups.runAll()); // []
 * ```
 */
export interface Cleanups {
  add(what: string, run: () => Promise<unknown>): void;
  /** Runs every cleanup (last added first) and returns the failures as `what: message`. */
  runAll(): Promise<string[]>;
}

/**
 * Creates an empty {@link Cleanups} list.
 *
 * @example
 * ```ts
 * import { createCleanups } from './cleanups.js';
 * const cleanups = createCleanups();
 * cleanups.add('broken', async () => { throw new Error('boom'); });
 * console.log(await cleanups.runAll()); // [ 'broken: boom' ]
 * ```
 */
export function createCleanups(): Cleanups {
  const list: { what: string; run: () => Promise<unknown> }[] = [];
  return {
    add: (what, run) => {
      list.push({ what, run });
    },
    async runAll() {
      const failures: string[] = [];
      for (const c of list.splice(0).reverse()) {
        try {
          await c.run();
        } catch (error) {
          failures.push(`${c.what}: ${(error as Error).message}`);
        }
      }
      return failures;
    },
  };
}
