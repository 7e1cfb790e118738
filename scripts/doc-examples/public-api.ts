import { readFile } from 'node:fs/promises';

/**
 * The names a package exports on its public entry points, read from its API report
 * (packages/<name>/api/<name>.api.md, written by scripts/api-report.ts): every section but the
 * `/internals` subpaths, which are not part of the public surface (issue 12 item 7).
 */
export async function publicNames(apiReport: string): Promise<Set<string>> {
  const names = new Set<string>();
  let internal = false;
  for (const line of (await readFile(apiReport, 'utf8')).split('\n')) {
    const section = /^## (\S+)/.exec(line);
    if (section) internal = section[1]!.endsWith('/internals');
    const declared =
      /^(?:abstract\s+)?(?:function|const|let|class|interface|type|enum|namespace)\s+([\w$]+)/.exec(line);
    if (declared && !internal) names.add(declared[1]!);
  }
  return names;
}
