import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/sources/file-source.js';
import type { ModelSource, SourceReading } from '../../src/sources/model-source.js';
import { XdsSourceError } from '../../src/sources/model-source.js';

const fixtures = join(import.meta.dirname, '../../../core/tests/fixtures');

/** Collects readings and lets a test wait for the next one matching a predicate. */
function readings() {
  const seen: SourceReading[] = [];
  const waiters: { test: (r: SourceReading) => boolean; resolve: (r: SourceReading) => void }[] = [];
  return {
    seen,
    push(reading: SourceReading) {
      seen.push(reading);
      for (const w of [...waiters]) {
        if (w.test(reading)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(reading);
        }
      }
    },
    next(test: (r: SourceReading) => boolean): Promise<SourceReading> {
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

describe('fileSource', () => {
  let dir = '';
  let source: ModelSource | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xds-file-source-'));
  });

  afterEach(async () => {
    await source?.close();
    source = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a folder at start and reloads it when a file changes in place', async () => {
    // Prepare
    await cp(join(fixtures, 'dj-app'), join(dir, 'mesh'), { recursive: true });
    const r = readings();
    source = fileSource([join(dir, 'mesh')], { debounceMs: 20 });
    // Act
    await source.start(r.push);
    const first = r.seen[0]!;
    const changed = r.next((x) => x.model?.resources.some((res) => res.name === 'added-node') ?? false);
    const file = join(dir, 'mesh/nodes_representing_physical_services.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('  name: jazz-v1\n', '  name: added-node\n'));
    const second = await changed;
    // Assess
    expect(first.model?.resources).toHaveLength(9);
    expect(first.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(second.model?.resources.some((res) => res.name === 'jazz-v1' && res.kind === 'virtualNode')).toBe(
      false,
    );
  });

  it('sees a file replaced by rename (how editors save) and a file that stops parsing', async () => {
    // Prepare
    const file = join(dir, 'mesh.json');
    await writeFile(file, JSON.stringify({ meshName: 'shop', spec: {} }));
    const r = readings();
    source = fileSource([file], { debounceMs: 20 });
    await source.start(r.push);
    // Act
    const renamed = r.next(
      (x) =>
        x.model?.resources[0]?.spec !== undefined &&
        JSON.stringify(x.model.resources[0].spec).includes('ALLOW_ALL'),
    );
    await writeFile(
      `${file}.tmp`,
      JSON.stringify({ meshName: 'shop', spec: { egressFilter: { type: 'ALLOW_ALL' } } }),
    );
    await rename(`${file}.tmp`, file);
    await renamed;
    const broken = r.next((x) => x.issues.some((i) => i.code === 'PARSE_ERROR'));
    await writeFile(file, '{ "meshName": "shop",\n  "spec": { ');
    const failed = await broken;
    // Assess
    expect(r.seen[0]!.model?.resources.map((x) => x.name)).toEqual(['shop']);
    expect(failed.model?.resources ?? []).toEqual([]);
    expect(failed.issues[0]).toMatchObject({ file, severity: 'error', line: 2 });
  });

  it('debounces a burst of writes into one reload', async () => {
    // Prepare
    const file = join(dir, 'mesh.json');
    await writeFile(file, JSON.stringify({ meshName: 'shop', spec: {} }));
    const r = readings();
    source = fileSource([file], { debounceMs: 150 });
    await source.start(r.push);
    // Act
    const last = r.next((x) => JSON.stringify(x.model).includes('DROP_ALL'));
    for (const type of ['ALLOW_ALL', 'ALLOW_ALL', 'DROP_ALL']) {
      await writeFile(file, JSON.stringify({ meshName: 'shop', spec: { egressFilter: { type } } }));
    }
    await last;
    // Assess: the start reading and one reload (the writes came within the debounce window)
    expect(r.seen.length).toBeLessThanOrEqual(3);
  });

  it('reports a missing path as an issue, not an exception, and a custom loader is used', async () => {
    // Prepare
    const missing = fileSource([join(dir, 'nope.json')], { watch: false });
    const custom = fileSource(['anything.ts'], {
      watch: false,
      load: async (paths) => ({
        model: { resources: [] },
        issues: [{ code: 'X', path: paths[0]!, message: 'loaded', severity: 'warning' }],
      }),
    });
    const a = readings();
    const b = readings();
    // Act
    await missing.start(a.push);
    await custom.start(b.push);
    await missing.close();
    await custom.close();
    // Assess
    expect(a.seen[0]!.issues[0]).toMatchObject({ code: 'FILE_NOT_FOUND', severity: 'error' });
    expect(b.seen[0]!.issues).toEqual([
      { code: 'X', path: 'anything.ts', message: 'loaded', severity: 'warning' },
    ]);
  });

  it('refuses bad options naming each field, value and rule, all at once', () => {
    // Act
    const error = (() => {
      try {
        fileSource(['a.json', ''], { debounceMs: -5, watch: 'yes' as unknown as boolean });
      } catch (e) {
        return e as XdsSourceError;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(XdsSourceError);
    expect(error?.code).toBe('INVALID_OPTIONS');
    expect(error?.message).toContain('paths[1] "" must be a path');
    expect(error?.message).toContain('debounceMs -5 must be a number of milliseconds >= 0');
    expect(error?.message).toContain('watch "yes" must be true or false');
  });
});
