import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Relative imports of an example, made absolute: `./packages/…` and `./examples/…` are written
 * from the repository's root (as in the READMEs), any other relative path from `base` (the
 * example's source folder, or the root for a document) when the file exists there; the rest stay
 * relative to the folder the example runs in (fixtures copied there, such as a `mesh.json`).
 */
export function absoluteImports(code: string, base: string, root: string): string {
  const rewrite = (whole: string, keyword: string, path: string) => {
    const from = /^\.\/(packages|examples|scripts|tests)\//.test(path) ? root : base;
    const target = resolve(from, path);
    const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts')];
    const found = candidates.find((c) => existsSync(c));
    return found ? `${keyword}${JSON.stringify(found)}` : whole;
  };
  return code
    .replace(/(\bfrom\s+)'(\.{1,2}\/[^']+)'/g, rewrite)
    .replace(/(\bfrom\s+)"(\.{1,2}\/[^"]+)"/g, rewrite)
    .replace(/(\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g, rewrite);
}

/** The names an example imports or declares. */
export function boundNames(code: string): Set<string> {
  const imported = [...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
    m[1]!.split(',').map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .pop()!,
    ),
  );
  const destructured = [...code.matchAll(/\b(?:const|let|var)\s*[{[]([^}\]=]*)[}\]]\s*=/g)].flatMap((m) =>
    [...m[1]!.matchAll(/(?:^|,|:)\s*(?:\.\.\.)?([\w$]+)\s*(?=,|$)/g)].map((n) => n[1]!),
  );
  const other = [
    ...code.matchAll(/import\s+(?:\*\s+as\s+)?([\w$]+)\s+from/g),
    ...code.matchAll(/\b(?:const|let|var|function|class)\s+([\w$]+)/g),
  ].map((m) => m[1]!);
  return new Set([...imported, ...destructured, ...other]);
}

/**
 * An import of the names the example uses that its own source file exports but the example
 * neither imports nor declares (an example of an internal function calls it by name).
 */
export async function ownFileImport(code: string, sourceFile: string): Promise<string> {
  const own = Object.keys((await import(sourceFile)) as object);
  const bound = boundNames(code);
  const used = own.filter(
    (name) => !bound.has(name) && new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(code),
  );
  return used.length === 0 ? '' : `import { ${used.join(', ')} } from ${JSON.stringify(sourceFile)};\n`;
}

export const folderOf = (file: string) => dirname(file);
