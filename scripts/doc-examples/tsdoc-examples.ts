import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * The `@example` blocks of TSDoc comments: the fenced ts code after the tag, with the name of the
 * declaration the comment documents (or of the exported class or interface around it).
 */
export interface TsdocExample {
  /** The source file, absolute. */
  file: string;
  /** `path:line` of the first code line, relative to the repository's root. */
  where: string;
  code: string;
  /** The documented declaration's name, or of the exported type that holds it. */
  declaration?: string;
  /** `// not-runnable: reason` as the example's first line. */
  notRunnable?: string;
}

const DECLARATION =
  /^(export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum|namespace)\s+([\w$]+)/;

/** The top-level declaration a comment ending on line `end` documents, or the one around it. */
function declarationAt(lines: string[], end: number): string | undefined {
  for (let j = end + 1; j < lines.length && j < end + 4; j++) {
    const own = DECLARATION.exec(lines[j]!);
    if (own) return own[2];
    if (lines[j]!.trim() !== '' && !/^\s*(\/\/|@)/.test(lines[j]!)) break;
  }
  // A member: the nearest unindented declaration above.
  for (let j = end; j >= 0; j--) {
    const outer = DECLARATION.exec(lines[j]!);
    if (outer) return outer[2];
  }
  return undefined;
}

export function tsdocExamples(file: string, text: string, root: string): TsdocExample[] {
  const lines = text.split('\n');
  const found: TsdocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
    const start = lines.findIndex((l, j) => j > i && /^\s*\* ```(ts|typescript)\s*$/.test(l));
    const end = lines.findIndex((l, j) => j > start && /^\s*\* ```\s*$/.test(l));
    const close = lines.findIndex((l, j) => j > i && l.includes('*/'));
    if (start === -1 || end === -1 || start > close) continue;
    const code = lines
      .slice(start + 1, end)
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    const marker = /^\s*\/\/\s*not-runnable:\s*(.*)$/.exec(code.split('\n')[0] ?? '')?.[1];
    const declaration = declarationAt(lines, close);
    found.push({
      file,
      where: `${relative(root, file)}:${start + 2}`,
      code,
      ...(declaration ? { declaration } : {}),
      ...(marker !== undefined ? { notRunnable: marker.trim() } : {}),
    });
    i = end;
  }
  return found;
}

/** Every .ts file under `dir`, sorted. */
export async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat().sort();
}

/** The examples of every source file under the given folders (or files). */
export async function examplesUnder(paths: string[], root: string): Promise<TsdocExample[]> {
  const files = (
    await Promise.all(paths.map((p) => (p.endsWith('.ts') ? Promise.resolve([p]) : sourceFiles(p))))
  ).flat();
  const all = await Promise.all(
    [...new Set(files)].sort().map(async (f) => tsdocExamples(f, await readFile(f, 'utf8'), root)),
  );
  return all.flat();
}
