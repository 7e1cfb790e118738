import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LocalEndpointError } from '../errors.js';

/** The JSON document of a state file. */
export interface StateDocument {
  format: 'meshplane-local-state';
  version: 1;
  savedAt: string;
  /** Which journal (`<file>.journal`) continues this snapshot; absent in files of older versions (0). */
  generation?: number;
  services: Record<string, unknown>;
}

const FORMAT = 'meshplane-local-state';

/**
 * Reads a state file. A missing file means a fresh start (`undefined`); a file that cannot be
 * read or is not a state document throws `LocalEndpointError` (`STATE_FILE_UNREADABLE` or
 * `STATE_FILE_CORRUPT`) and is left untouched.
 *
 * @example
 * ```ts
 * import { readStateFile } from '@meshplane/local/internals';
 * const state = await readStateFile('/tmp/meshplane-state.json');
 * console.log(state === undefined ? 'fresh start' : Object.keys(state.services));
 * ```
 */
export async function readStateFile(path: string): Promise<StateDocument | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LocalEndpointError(
      'STATE_FILE_UNREADABLE',
      `cannot read the state file ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new LocalEndpointError(
      'STATE_FILE_CORRUPT',
      `the state file ${path} is not valid JSON (${(error as Error).message}); fix or move it away, it is never overwritten`,
      { cause: error },
    );
  }
  const doc = document as Partial<StateDocument> | null;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    doc.format !== FORMAT ||
    doc.version !== 1 ||
    (doc.generation !== undefined && !Number.isInteger(doc.generation)) ||
    typeof doc.services !== 'object' ||
    doc.services === null
  ) {
    throw new LocalEndpointError(
      'STATE_FILE_CORRUPT',
      `the state file ${path} is not a meshplane local state document (expected {"format":"${FORMAT}","version":1,"services":{...}}); fix or move it away, it is never overwritten`,
    );
  }
  return doc as StateDocument;
}

/**
 * Writes a state document atomically: a temporary file in the same folder, flushed to disk,
 * then renamed over the target, so a crash never leaves a half-written state file.
 *
 * @example
 * ```ts
 * import { readStateFile, writeStateFileAtomically } from '@meshplane/local/internals';
 * await writeStateFileAtomically('/tmp/meshplane-state.json', { appmesh: { version: 1, partitions: {} } });
 * console.log((await readStateFile('/tmp/meshplane-state.json'))?.version); // 1
 * ```
 */
export async function writeStateFileAtomically(
  path: string,
  services: Record<string, unknown>,
  generation?: number,
): Promise<number> {
  const document: StateDocument = {
    format: FORMAT,
    version: 1,
    savedAt: new Date().toISOString(),
    ...(generation !== undefined ? { generation } : {}),
    services,
  };
  const text = JSON.stringify(document);
  const temporary = temporaryName(path);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    return Buffer.byteLength(text);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new LocalEndpointError(
      'STATE_FILE_WRITE_FAILED',
      `cannot write the state file ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The temporary file name of one atomic write: `.<name>.<pid>.<random>.tmp`, beside the target. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that writers of this state file left behind when they were killed
 * between writing and renaming (each is a whole snapshot, up to the state's size). Only files of
 * this state file's own `.<name>.<pid>.<random>.tmp` form whose process no longer runs are touched.
 * Returns the names removed.
 */
export async function removeCrashLeftovers(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const match = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (!match || processIsRunning(Number(match[1]))) continue;
    await rm(join(dirname(path), name), { force: true });
    removed.push(name);
  }
  return removed;
}
