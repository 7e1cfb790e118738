import { boundNames } from './imports.js';

/**
 * A name a page of examples talks about without binding it in each example (`router`, `model`),
 * and the statement that binds it. The statement may use other entries' names (listed earlier)
 * and must bind its name through dynamic `import()`, so it never collides with the example's own
 * imports.
 */
export interface ContextEntry {
  name: string;
  code: string;
}

const uses = (code: string, name: string) => new RegExp(`(?<![\\w$.'"])${name}(?![\\w$'"])`).test(code);

/** The statements binding the context names `code` uses and does not bind, with their needs. */
export function contextFor(code: string, context: ContextEntry[]): string {
  const bound = boundNames(code);
  const needed = new Set(context.filter((e) => !bound.has(e.name) && uses(code, e.name)).map((e) => e.name));
  // An entry's own needs, latest first, so that a need listed earlier is found too.
  for (const entry of [...context].reverse()) {
    if (!needed.has(entry.name)) continue;
    for (const other of context) if (other !== entry && uses(entry.code, other.name)) needed.add(other.name);
  }
  return context
    .filter((e) => needed.has(e.name))
    .map((e) => `${e.code}\n`)
    .join('');
}
