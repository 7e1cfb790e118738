import type { MeshModel } from '@meshplane/core/model';

/**
 * A model that comes from somewhere at run time and is refreshed in the background, e.g.
 * `appMeshModelSource` (`@meshplane/lambda/app-mesh-source`). An invocation that finds the copy
 * older than `refreshIntervalMs` starts a refresh and goes on with the current copy; a failed
 * refresh keeps the last good copy.
 */
export interface MeshModelSource {
  readonly kind: 'meshplane.model-source';
  /** Shown in errors and logs, e.g. `App Mesh API mesh "dj-app"`. */
  readonly description: string;
  readonly refreshIntervalMs: number;
  load(): Promise<MeshModel>;
  /** Releases clients the source created. */
  close?(): void;
}

/**
 * True for a {@link MeshModelSource}.
 *
 * @example
 * ```ts
 * import { isModelSource } from '@meshplane/lambda/middleware';
 * isModelSource({ resources: [] }); // false
 * ```
 */
export function isModelSource(value: unknown): value is MeshModelSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'meshplane.model-source'
  );
}
