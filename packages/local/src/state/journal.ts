import { open, readFile, rename, rm } from 'node:fs/promises';
import { LocalEndpointError } from '../errors.js';
import { temporaryName } from './state-file.js';

/** The changes of one write, per hosted service (`appmesh`, `cloudmap`). */
export type JournalBatch = Record<string, Array<[string, unknown]>>;

const FORMAT = 'meshplane-local-journal';

/** The journal of a state file lives beside it: `<state file>.journal`. */
export const journalPathOf = (statePath: string): string => `${statePath}.journal`;

const corrupt = (path: string, why: string) =>
  new LocalEndpointError(
    'STATE_FILE_CORRUPT',
    `the state journal ${path} ${why}; fix or move it away (with its state file), it is never overwritten`,
  );

/**
 * Reads the batches of a journal written for the snapshot of `generation`. A missing journal, or
 * one of another generation (left when a crash fell between writing a compacted snapshot and
 * starting its new journal), holds nothing to replay. A last line without its newline is a write
 * that was cut short and never acknowledged: it is left out. Any other line that is not a batch
 * makes the journal corrupt.
 */
export async function readJournal(path: string, generation: number): Promise<JournalBatch[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new LocalEndpointError(
      'STATE_FILE_UNREADABLE',
      `cannot read the state journal ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or the cut-short tail of an unacknowledged write
  if (lines.length === 0) return [];
  const parse = (line: string, index: number): Record<string, unknown> => {
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {}
    throw corrupt(path, `has a line ${index + 1} that is not a JSON object`);
  };
  const header = parse(lines[0]!, 0);
  if (header.format !== FORMAT || !Number.isInteger(header.generation))
    throw corrupt(path, `does not start with {"format":"${FORMAT}","generation":<n>}`);
  if (header.generation !== generation) return [];
  return lines.slice(1).map((line, i) => {
    const changes = parse(line, i + 1).changes as JournalBatch | undefined;
    if (typeof changes !== 'object' || changes === null || Array.isArray(changes))
      throw corrupt(path, `line ${i + 2} has no "changes" object`);
    for (const [key, entries] of Object.entries(changes))
      if (
        !Array.isArray(entries) ||
        !entries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string')
      )
        throw corrupt(path, `line ${i + 2} has "${key}" changes that are not [key, value] pairs`);
    return changes;
  });
}

/** An open journal that batches are appended to, each made durable before the write is answered. */
export class JournalFile {
  private constructor(
    readonly statePath: string,
    readonly path: string,
    private handle: Awaited<ReturnType<typeof open>>,
    public bytes: number,
  ) {}

  /** Starts a fresh journal for a snapshot's generation: written aside, then renamed over the old one. */
  static async start(statePath: string, generation: number): Promise<JournalFile> {
    const path = journalPathOf(statePath);
    const header = `${JSON.stringify({ format: FORMAT, generation })}\n`;
    const temporary = temporaryName(path);
    try {
      const fresh = await open(temporary, 'w');
      try {
        await fresh.writeFile(header);
        await fresh.sync();
      } finally {
        await fresh.close();
      }
      await rename(temporary, path);
      return new JournalFile(statePath, path, await open(path, 'a'), Buffer.byteLength(header));
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      throw new LocalEndpointError(
        'STATE_FILE_WRITE_FAILED',
        `cannot write the state file ${statePath} (its journal ${path}): ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Appends one batch as one line and waits until it is on disk (fdatasync). */
  async append(batch: JournalBatch): Promise<void> {
    const line = `${JSON.stringify({ changes: batch })}\n`;
    try {
      await this.handle.write(line);
      await this.handle.datasync();
      // Appending to a journal someone deleted succeeds but keeps nothing: say so instead.
      if ((await this.handle.stat()).nlink === 0)
        throw new Error('the journal file was removed while in use');
    } catch (error) {
      throw new LocalEndpointError(
        'STATE_FILE_WRITE_FAILED',
        `cannot write the state file ${this.statePath} (its journal ${this.path}): ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.bytes += Buffer.byteLength(line);
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => {});
  }
}
