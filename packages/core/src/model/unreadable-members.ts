/** A member of an input value that cannot be read as data. */
export interface UnreadableMember {
  /** JSON-style path from the input's root, e.g. `resources[0].spec`. */
  path: string;
  /** Why: a getter or proxy threw, or the value contains itself. */
  reason: string;
}

const MAX_PROBLEMS = 20;
const MAX_NODES = 1_000_000;

/**
 * The members of `value` that cannot be read as data (JSON, YAML or objects built in code): a
 * getter or proxy trap that throws, and a value that contains itself (a model is a tree; a shared
 * value is fine). Walks without recursion, so depth cannot overflow the stack; stops after 20
 * problems. Used on the slow path only, after an entry point met an error it did not raise, to
 * say which input member caused it (issue 13 item 10).
 *
 * @example
 * ```ts
 * import { unreadableMembers } from '@meshplane/core';
 * const spec: Record<string, unknown> = {};
 * spec.self = spec;
 * console.log(unreadableMembers({ resources: [{ spec }] }, 'model')); // [ { path: 'model.resources[0].spec.self', reason: 'it contains itself (a model is a tree of plain values)' } ]
 * ```
 */
export function unreadableMembers(value: unknown, root = ''): UnreadableMember[] {
  const problems: UnreadableMember[] = [];
  const ancestors = new Set<object>();
  // Frames: enter a value, or leave it (to take it off the ancestor path).
  const stack: Array<{ value: unknown; path: string } | { leave: object }> = [{ value, path: root }];
  let visited = 0;
  while (stack.length > 0 && problems.length < MAX_PROBLEMS && visited++ < MAX_NODES) {
    const frame = stack.pop()!;
    if ('leave' in frame) {
      ancestors.delete(frame.leave);
      continue;
    }
    const current = frame.value;
    if (typeof current !== 'object' || current === null) continue;
    if (ancestors.has(current)) {
      problems.push({ path: frame.path, reason: 'it contains itself (a model is a tree of plain values)' });
      continue;
    }
    let keys: string[];
    try {
      keys = Object.keys(current);
    } catch (error) {
      problems.push({ path: frame.path, reason: `listing its members threw ${errorText(error)}` });
      continue;
    }
    try {
      // `${value}` in a message must not throw either (an own Symbol.toPrimitive or toString).
      String(current);
    } catch (error) {
      problems.push({ path: frame.path, reason: `turning it into text threw ${errorText(error)}` });
      continue;
    }
    ancestors.add(current);
    stack.push({ leave: current });
    const isList = Array.isArray(current);
    for (const key of keys) {
      const path = isList ? `${frame.path}[${key}]` : frame.path ? `${frame.path}.${key}` : key;
      try {
        stack.push({ value: (current as Record<string, unknown>)[key], path });
      } catch (error) {
        problems.push({ path, reason: `reading it threw ${errorText(error)}` });
      }
    }
  }
  return problems;
}

function errorText(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return 'a value that cannot be printed';
  }
}

/**
 * Runs `run`; when it throws something that is not one of the package's own errors, looks for
 * the input members that cannot be read as data and, if there are any, throws `fail(message)`
 * naming them instead (an error the caller's code did not raise is never hidden: without such a
 * member, the original error is thrown as is, a bug to fix).
 *
 * @example
 * ```ts
 * import { guardUnreadable, MeshplaneError } from '@meshplane/core';
 * const model = Object.defineProperty({}, 'resources', { get() { throw new Error('no'); }, enumerable: true });
 * try {
 *   guardUnreadable(() => (model as { resources: unknown[] }).resources.length, { model }, (m) => new MeshplaneError('INVALID_MODEL', m));
 * } catch (error) {
 *   console.log((error as Error).message); // 'model.resources cannot be read as data: reading it threw Error: no'
 * }
 * ```
 */
export function guardUnreadable<T>(
  run: () => T,
  inputs: Record<string, unknown>,
  fail: (message: string, problems: UnreadableMember[]) => Error,
  isOwn: (error: unknown) => boolean = () => false,
): T {
  try {
    return run();
  } catch (error) {
    if (isOwn(error)) throw error;
    const problems = Object.entries(inputs).flatMap(([name, value]) => unreadableMembers(value, name));
    if (problems.length === 0) throw error;
    throw fail(unreadableMessage(problems), problems);
  }
}

/** One line per unreadable member: `path cannot be read as data: it …`. */
export function unreadableMessage(problems: readonly UnreadableMember[]): string {
  return problems.map((p) => `${p.path} cannot be read as data: ${p.reason}`).join('; ');
}
