import { LocalEndpointError } from '../errors.js';
import type { HostedService } from '../server/hosted-service.js';
import { readStateFile, removeCrashLeftovers, StateFileWriter } from './state-file.js';

/**
 * Restores every hosted service from a state file (a missing file is a fresh start) and returns
 * the writer that keeps the file in step. A section a service refuses stops the start with
 * STATE_FILE_CORRUPT, naming the section; the file is never overwritten then.
 */
export async function openStateFile(
  path: string,
  hosted: readonly HostedService[],
): Promise<StateFileWriter> {
  const document = await readStateFile(path);
  await removeCrashLeftovers(path);
  for (const entry of hosted) {
    const snapshot = document?.services[entry.key];
    if (snapshot === undefined) continue;
    try {
      entry.service.restore(snapshot);
    } catch (error) {
      throw new LocalEndpointError(
        'STATE_FILE_CORRUPT',
        `the state file ${path} has an unusable "${entry.key}" section: ${(error as Error).message}; fix or move it away, it is never overwritten`,
        { cause: error },
      );
    }
  }
  const writer = new StateFileWriter(path, () =>
    Object.fromEntries(hosted.map((entry) => [entry.key, entry.service.snapshot()])),
  );
  // Write once now, so a state file that cannot be written (a missing folder, no permission)
  // stops the start with STATE_FILE_WRITE_FAILED instead of failing every later write call.
  await writer.persist();
  return writer;
}
