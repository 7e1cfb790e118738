import { LocalEndpointError } from '../errors.js';
import type { HostedService } from '../server/hosted-service.js';
import { journalPathOf, readJournal } from './journal.js';
import { readStateFile, removeCrashLeftovers } from './state-file.js';
import { StateWriter, WHOLE_SNAPSHOT } from './state-writer.js';

function unusable(path: string, section: string, error: unknown): LocalEndpointError {
  return new LocalEndpointError(
    'STATE_FILE_CORRUPT',
    `the state file ${path} has an unusable ${section}: ${(error as Error).message}; fix or move it away, it is never overwritten`,
    { cause: error },
  );
}

/**
 * Restores every hosted service from a state file and its journal (a missing file is a fresh
 * start), then writes a compacted snapshot and starts a new journal. A section or journal entry a
 * service refuses stops the start with STATE_FILE_CORRUPT, naming it; the files are never
 * overwritten then. Temporary files of writers that were killed are removed.
 */
export async function openStateFile(path: string, hosted: readonly HostedService[]): Promise<StateWriter> {
  const document = await readStateFile(path);
  const journalPath = journalPathOf(path);
  const generation = document?.generation ?? 0;
  const batches = document ? await readJournal(journalPath, generation) : [];
  for (const entry of hosted) {
    const snapshot = document?.services[entry.key];
    if (snapshot === undefined) continue;
    try {
      entry.service.restore(snapshot);
    } catch (error) {
      throw unusable(path, `"${entry.key}" section`, error);
    }
  }
  batches.forEach((batch, index) => {
    for (const entry of hosted) {
      const changes = batch[entry.key];
      if (!changes) continue;
      try {
        const whole = changes.find(([key]) => key === WHOLE_SNAPSHOT);
        if (whole) entry.service.restore(whole[1]);
        else if (entry.service.journal) entry.service.journal.applyChanges(changes);
        else throw new Error('the service keeps no journal');
      } catch (error) {
        throw unusable(path, `journal (${journalPath}, write ${index + 1}, "${entry.key}")`, error);
      }
    }
  });
  await removeCrashLeftovers(path);
  await removeCrashLeftovers(journalPath);
  // Written now, so a state file that cannot be written (a missing folder, no permission) stops
  // the start with STATE_FILE_WRITE_FAILED instead of failing every later write call.
  return StateWriter.open(path, hosted, generation);
}
