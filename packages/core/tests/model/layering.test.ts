import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 12: "no import running from a lower folder of core to a higher one". Each folder may
// import only folders of a lower level; folders of the same level do not import each other.
const LEVELS: Record<string, number> = {
  model: 0,
  // The option-schema checker and the value printer depend on nothing of core.
  options: 0,
  errors: 1,
  // RE2 for the router's regex matches, registered by import (model/app-mesh-regex.ts says why).
  re2: 1,
  smithy: 2,
  cloudmap: 2,
  validation: 3,
  define: 4,
  importers: 4,
  appmesh: 5,
  router: 6,
};

const src = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('core folder layering', () => {
  it('knows every folder of src', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders).toEqual(Object.keys(LEVELS).sort());
  });

  it('imports only from lower folders', () => {
    const upward: string[] = [];
    for (const [folder, level] of Object.entries(LEVELS)) {
      for (const file of sources(join(src, folder))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) {
          const target = match[1]!;
          if ((LEVELS[target] ?? Number.POSITIVE_INFINITY) >= level) {
            upward.push(`${file.slice(src.length + 1)} imports ../${target}/`);
          }
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
