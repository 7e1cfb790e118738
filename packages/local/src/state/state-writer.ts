import type { HostedService } from '../server/hosted-service.js';
import { type JournalBatch, JournalFile } from './journal.js';
import { writeStateFileAtomically } from './state-file.js';

/** A journal is compacted into a new snapshot once it outgrows this, or twice the snapshot. */
const MIN_COMPACTION_BYTES = 1024 * 1024;

/** The key under which a service without change tracking journals its whole snapshot. */
export const WHOLE_SNAPSHOT = '*';

/**
 * Keeps a state file in step with the hosted services at a cost proportional to what each write
 * changed, not to the whole state: a write appends its changes (each service's
 * `journal.takeChanges()`) as one line to `<file>.journal` and waits for fdatasync; when the
 * journal outgrows max(1 MiB, 2 × the snapshot), the state is compacted into a new snapshot
 * (written aside and renamed, as before) and a new journal of the next generation is started,
 * so the amortized cost of a write stays O(its changes). Calls made while a write is queued
 * share it; each write takes the changes when it starts, so nothing is lost or written twice.
 */
export class StateWriter {
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private snapshotBytes = 0;

  private constructor(
    private readonly path: string,
    private readonly hosted: readonly HostedService[],
    private generation: number,
    private journal: JournalFile | undefined,
  ) {}

  /** Writes a compacted snapshot of the current state now and starts its journal. */
  static async open(
    path: string,
    hosted: readonly HostedService[],
    previousGeneration: number,
  ): Promise<StateWriter> {
    const writer = new StateWriter(path, hosted, previousGeneration, undefined);
    await writer.compact();
    return writer;
  }

  persist(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.inFlight.then(() => {
      this.queued = undefined;
      return this.writeChanges();
    });
    this.queued = next;
    this.inFlight = next.catch(() => {});
    return next;
  }

  /** Waits for every queued write, then closes the journal. */
  async close(): Promise<void> {
    await this.inFlight;
    await this.journal?.close();
  }

  private takeBatch(): JournalBatch {
    const batch: JournalBatch = {};
    for (const { key, service } of this.hosted) {
      const changes = service.journal
        ? service.journal.takeChanges()
        : [[WHOLE_SNAPSHOT, service.snapshot()] as [string, unknown]];
      if (changes.length > 0) batch[key] = changes;
    }
    return batch;
  }

  private async writeChanges(): Promise<void> {
    const batch = this.takeBatch();
    if (Object.keys(batch).length === 0) return;
    if (!this.journal || this.journal.bytes > Math.max(MIN_COMPACTION_BYTES, 2 * this.snapshotBytes)) {
      // The snapshot holds these changes too: the services' state already has them.
      await this.compact();
      return;
    }
    try {
      await this.journal.append(batch);
    } catch (error) {
      // The batch is lost from the journal but not from the services: the next write compacts,
      // which stores the whole state again (the failed write was answered with an error).
      await this.journal.close();
      this.journal = undefined;
      throw error;
    }
  }

  /**
   * Snapshot of generation n+1 first (atomic), then the journal of n+1: a crash between the two
   * leaves a journal of generation n, which the next start ignores as already compacted.
   */
  private async compact(): Promise<void> {
    for (const { service } of this.hosted) service.journal?.takeChanges();
    const services = Object.fromEntries(this.hosted.map(({ key, service }) => [key, service.snapshot()]));
    const generation = this.generation + 1;
    this.snapshotBytes = await writeStateFileAtomically(this.path, services, generation);
    this.generation = generation;
    await this.journal?.close();
    this.journal = undefined;
    this.journal = await JournalFile.start(this.path, generation);
  }
}
