import { LocalEndpointError } from './errors.js';

/**
 * The contract between the HTTP server (wire protocols, faults, persistence) and the two
 * in-memory services it hosts (App Mesh, Cloud Map). A service sees decoded input and returns
 * the output object; the server encodes it for restJson1 or awsJson1_1.
 */

/**
 * An error in the service's own vocabulary: `type` is the model's error shape name
 * (`NotFoundException`, `NamespaceNotFound`, …), `status` its HTTP status, and `fields`
 * any extra members of the error shape (e.g. Cloud Map's `DuplicateOperationId`).
 *
 * @example
 * ```ts
 * import { LocalServiceError } from '@meshplane/local';
 * const error = new LocalServiceError('NotFoundException', 404, 'mesh "dj-app" does not exist');
 * console.log(error.type, error.status, error.message); // 'NotFoundException' 404 'mesh "dj-app" does not exist'
 * ```
 */
export class LocalServiceError extends LocalEndpointError {
  override name = 'LocalServiceError';
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    // One error root per package: a hosted service's error is a LocalEndpointError too; the wire
    // protocols answer with `type` and `status`, never with this code.
    super('SERVICE_ERROR', message);
  }
}

/** Who is calling and when: region and account from the SigV4 scope or the configuration. */
export interface RequestContext {
  region: string;
  accountId: string;
  /** The server's clock, injectable for tests. */
  now(): Date;
}

/** One hosted service: a set of operations over state that can be snapshotted and restored. */
export interface LocalService<State> {
  /** The operation names this service implements (e.g. `CreateMesh`, `DiscoverInstances`). */
  readonly operations: readonly string[];
  /** Runs one operation. Throws {@link LocalServiceError} for modelled errors. */
  handle(operation: string, input: Record<string, unknown>, ctx: RequestContext): Promise<unknown> | unknown;
  /** A JSON-serializable copy of the whole state, for the state file. */
  snapshot(): State;
  /** Replaces the whole state with a snapshot read back from the state file. */
  restore(state: State): void;
  /**
   * Change tracking for the state file's journal: without it, every write stores the whole
   * snapshot of the service again.
   */
  readonly journal?: ServiceJournal;
}

/**
 * A service's changes as `[key, value]` entries (`null` = removed), so a write appends only what
 * it changed to the state file's journal instead of rewriting the whole state.
 */
export interface ServiceJournal {
  /** The entries changed since the last call (each key once, its latest value), and forgets them. */
  takeChanges(): Array<[string, unknown]>;
  /** Applies entries read back from the journal, in order, on top of the restored snapshot. */
  applyChanges(changes: ReadonlyArray<[string, unknown]>): void;
}
