import type { ValidationIssue } from '@meshplane/core';
import type { TypeUrl } from '../contract.js';
import type { NackRecord } from '../server/index.js';
import type { CloudMapPollerStats } from './cloud-map-poller.js';

/**
 * A structured log line: the server's logger shape (`{ level, msg, …fields }`), so one logger
 * serves the ADS server and the control plane.
 *
 * @example
 * ```ts
 * import type { ControlPlaneLogger } from '@meshplane/xds';
 * const lines: string[] = [];
 * const logger: ControlPlaneLogger = (entry) => lines.push(`${entry.level} ${entry.msg}`);
 * ```
 */
export type ControlPlaneLogger = (
  entry: { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>,
) => void;

/**
 * What the control plane tells its `onEvent` listener (each also logged as one line).
 *
 * - `model-applied`: a new model version is served (`nodes` = node ids whose snapshot changed);
 * - `model-rejected`: a reading was not served (invalid, unreadable, or translation errors):
 *   Envoys keep the last good snapshots; `issues` says why, each naming path and rule;
 * - `endpoints-changed`: Cloud Map instances of a service changed (`nodes` re-translated);
 * - `node-error`: re-translating one node after an endpoint change failed: it keeps its snapshot;
 * - `cloud-map-problem`: a Cloud Map call failed (last endpoints kept) or instances were skipped;
 * - `ack` / `nack`: an Envoy accepted or rejected a version (from the ADS server; not logged
 *   again here: the server logs every NACK with Envoy's error).
 *
 * @example
 * ```ts
 * import type { ControlPlaneEvent } from '@meshplane/xds';
 * const onEvent = (event: ControlPlaneEvent) => {
 *   if (event.type === 'model-rejected') console.error(event.message);
 * };
 * ```
 */
export type ControlPlaneEvent =
  | { type: 'model-applied'; version: string; origin: string; nodes: string[]; message: string }
  | { type: 'model-rejected'; origin: string; issues: ValidationIssue[]; message: string }
  | { type: 'endpoints-changed'; service: string; nodes: string[]; message: string }
  | { type: 'node-error'; nodeId: string; issues: ValidationIssue[]; message: string }
  | { type: 'cloud-map-problem'; service: string; message: string }
  | { type: 'ack'; nodeId: string; typeUrl: string; version: string; message: string }
  | { type: 'nack'; nodeId: string; typeUrl: string; nack: NackRecord; message: string };

/**
 * One node or gateway the control plane serves.
 *
 * @example
 * ```ts
 * import type { ServedNodeStatus } from '@meshplane/xds';
 * const isCurrent = (n: ServedNodeStatus) => n.lastError === undefined;
 * ```
 */
export interface ServedNodeStatus {
  /** `mesh/<mesh>/virtualNode/<node>` or `mesh/<mesh>/virtualGateway/<gateway>`. */
  nodeId: string;
  /** Per type URL, the version of the snapshot served. */
  versions: Readonly<Record<TypeUrl, string>>;
  /** The model version the snapshot was translated from. */
  modelVersion: string;
  updatedAt: string;
  /** Cloud Map services (`namespace/service`) its endpoints come from. */
  services: string[];
  /** Translation warnings of its last snapshot. */
  warnings: ValidationIssue[];
  /** Why its last re-translation was refused (it keeps the snapshot above). */
  lastError?: { at: string; message: string; issues: ValidationIssue[] };
}

/**
 * What `controlPlane.status()` returns (and the status endpoint serves, merged with the ADS
 * server's per-stream ACK/NACK status).
 *
 * @example
 * ```ts
 * import type { ControlPlaneStatus } from '@meshplane/xds';
 * const healthy = (s: ControlPlaneStatus) => s.model.version !== undefined && s.lastError === undefined;
 * ```
 */
export interface ControlPlaneStatus {
  /** The model source, e.g. `file mesh.json`. */
  source: string;
  model: {
    /** The version served (absent until a first good model). */
    version?: string;
    origin?: string;
    appliedAt?: string;
    resources: number;
    /** Validation and import warnings of the served model. */
    warnings: ValidationIssue[];
  };
  /** The last reading that was refused, until a good one is served. */
  lastError?: { at: string; origin: string; message: string; issues: ValidationIssue[] };
  nodes: ServedNodeStatus[];
  cloudMap: {
    stats: CloudMapPollerStats;
    services: { service: string; instances: number; problem?: string }[];
  };
}
