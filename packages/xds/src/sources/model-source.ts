import {
  type MeshModel,
  type OptionRule,
  optionRule,
  showValue,
  type ValidationIssue,
} from '@meshplane/core';
import { MeshplaneXdsError } from '../errors.js';

/**
 * One reading of a model source: the model it read (when it could read one) and every issue met
 * reading it (parse errors with file, line and column, a fetch that failed, import warnings).
 * A reading with an error issue must not be served: the control plane keeps the last good model.
 *
 * @example
 * ```ts
 * import type { SourceReading } from '@meshplane/xds';
 * const failed: SourceReading = {
 *   origin: 's3://meshes/prod.json',
 *   issues: [{ code: 'SOURCE_UNAVAILABLE', path: 's3://meshes/prod.json', message: 'AccessDenied', severity: 'error' }],
 * };
 * ```
 */
export interface SourceReading {
  /** Where the reading came from, for logs and status (`mesh.json`, `s3://bucket/key@"etag"`). */
  origin: string;
  /** The model read; absent when nothing could be read. */
  model?: MeshModel;
  /** Every issue met while reading (never validation of the model itself: the control plane does that). */
  issues: ValidationIssue[];
}

/**
 * Where a control plane gets its model from: a file or folder (watched), an App Mesh-compatible
 * endpoint (polled), an S3 object (polled with a conditional GET), or a fixed model.
 *
 * @example
 * ```ts
 * import { staticSource, type ModelSource } from '@meshplane/xds';
 * const source: ModelSource = staticSource({ resources: [] });
 * await source.start((reading) => console.log(reading.origin)); // 'static model'
 * await source.close();
 * ```
 */
export interface ModelSource {
  /** What the source reads, for logs (`file mesh.json`, `s3://bucket/key`). */
  readonly description: string;
  /**
   * Reads the model once, calls `onReading` with it, resolves; afterwards calls `onReading` again
   * whenever the source may have changed (the caller compares versions). Call it once.
   */
  start(onReading: (reading: SourceReading) => void): Promise<void>;
  /** Stops watching or polling; no reading is delivered after it resolves. */
  close(): Promise<void>;
}

/**
 * Thrown for bad source options (every problem at once, each naming the field, the value and
 * the rule) and for a source started twice.
 *
 * @example
 * ```ts
 * import { fileSource, XdsSourceError } from '@meshplane/xds';
 * try {
 *   fileSource([]);
 * } catch (error) {
 *   console.log(error instanceof XdsSourceError, (error as XdsSourceError).code); // true 'INVALID_OPTIONS'
 * }
 * ```
 */
export class XdsSourceError extends MeshplaneXdsError {
  override name = 'XdsSourceError';
}

/** An error issue about the source itself (not the model): unreadable, unreachable, refused. */
export function sourceIssue(code: string, origin: string, message: string): ValidationIssue {
  return { code, path: origin, message, severity: 'error' };
}

/** Throws one `INVALID_OPTIONS` error listing every problem, when there is any. */
export function throwProblems(what: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new XdsSourceError('INVALID_OPTIONS', `invalid ${what} options: ${problems.join('; ')}`);
  }
}

/**
 * The one rule of an AWS client option (the sources' `appMesh` and `s3`, the control plane's
 * `cloudMap`): an existing client (`{ client }`) or the configuration to build one from
 * (`{ clientConfig }`), exactly one of them: with both, which one the source would use (and
 * whether it destroys it on close) is ambiguous. Sensitive: a `clientConfig` may hold
 * credentials, which no message prints.
 */
export const ONE_CLIENT_RULE: OptionRule = {
  ...optionRule('must be { client } or { clientConfig } (exactly one)', (v) => {
    if (typeof v !== 'object' || v === null) return false;
    const { client, clientConfig } = v as { client?: unknown; clientConfig?: unknown };
    return (client === undefined) !== (clientConfig === undefined);
  }),
  sensitive: true,
};

/** Checks a client option against {@link ONE_CLIENT_RULE}, recording a problem (without the value) otherwise. */
export function clientOption(problems: string[], name: string, value: unknown): void {
  if (!ONE_CLIENT_RULE.test(value)) problems.push(`${name} ${ONE_CLIENT_RULE.rule}`);
}

/** Reads a duration option in ms (a positive finite number), recording a problem otherwise. */
export function durationOption(
  problems: string[],
  name: string,
  value: unknown,
  fallback: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    problems.push(`${name} ${showValue(value)} must be a number of milliseconds >= ${min}`);
    return fallback;
  }
  return value;
}

/** The message of anything thrown, with the AWS error name when there is one. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${error.message}${status ? ` (HTTP ${status})` : ''}`;
}
