import { describeValue as printValue } from '../errors/describe-value.js';
import type { IssueCode } from '../errors/issue-codes.js';
import { MeshplaneError } from '../errors/meshplane-error.js';
import type { IssueSeverity, MeshIssue, ValidationIssue } from '../errors/validation-issue.js';
import type { SourceLocation } from '../model/resources.js';
import { guardUnreadable } from '../model/unreadable-members.js';
import { showValue } from '../options/show-value.js';
import type { Locator, PathSegment, TextPosition } from './json-with-positions.js';

/**
 * One parsed input document handed to an importer: the value plus, when it came from a file,
 * where it came from. `locate` turns a path inside the document into a line and column.
 *
 * @example
 * ```ts
 * import type { SourceDocument } from '@meshplane/core';
 * const doc: SourceDocument = { value: { meshName: 'dj-app' }, file: 'mesh.json' };
 * ```
 */
export interface SourceDocument {
  value: unknown;
  /** The file the document was read from, as the caller named it. */
  file?: string;
  /** Where the document starts in the file. */
  start?: TextPosition;
  /** Finds the position of a value inside the document. */
  locate?: Locator;
  /**
   * True when the value was parsed for this import alone, so that importers may keep and change
   * it instead of copying it (values handed in by a caller are always copied).
   */
  owned?: boolean;
}

/** Formats a path inside a document: `spec.backends[0].virtualService`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * The friendly path of a resource, the prefix of every issue path about it:
 * `nodes.jazz-v1`, `routers.jazz-router.routes.jazz-route`, `services.jazz.prod.svc.cluster.local`.
 * It is validation's own function, so that importer issue paths and `validate` issue paths (which
 * `refineIssueLocations` matches against each other) cannot drift apart.
 *
 * @example
 * ```ts
 * import { resourcePath } from '@meshplane/core';
 * resourcePath({ kind: 'route', meshName: 'dj-app', name: 'jazz-route', virtualRouterName: 'jazz-router' });
 * // 'routers.jazz-router.routes.jazz-route'
 * ```
 */
export { resourcePath } from '../model/resource-path.js';

/** Appends a relative path to an issue path prefix. */
export function joinPath(prefix: string, path: readonly PathSegment[]): string {
  const inner = formatPath(path);
  if (inner === '') return prefix;
  return inner.startsWith('[') ? `${prefix}${inner}` : `${prefix}.${inner}`;
}

/** Formats a location as `file:line:column` for messages. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return 'an earlier input';
  if (location.line === undefined) return location.file;
  return `${location.file}:${location.line}:${location.column ?? 1}`;
}

/**
 * Collects issues about one document, attaching the file, line and column of the offending value
 * (or of its closest ancestor that exists in the source, for derived values).
 */
export class DocumentReporter {
  constructor(
    readonly doc: SourceDocument,
    /** Prefix of issue paths, e.g. `documents[2]` or `nodes.order-vn`. */
    public pathPrefix: string,
    /** Path of the value this reporter's relative paths start from. */
    readonly base: readonly PathSegment[] = [],
    /** Shared with child reporters so that one document reports in one list. */
    readonly issues: ValidationIssue[] = [],
  ) {}

  /** The source position of the value at `path` (relative to `base`). */
  where(path: readonly PathSegment[] = []): SourceLocation | undefined {
    if (this.doc.file === undefined) return undefined;
    const full = [...this.base, ...path];
    for (let length = full.length; length >= 0; length--) {
      const found = this.doc.locate?.(full.slice(0, length));
      if (found) return { file: this.doc.file, line: found.line, column: found.column };
    }
    return this.doc.start ? { file: this.doc.file, ...this.doc.start } : { file: this.doc.file };
  }

  report(
    code: IssueCode,
    path: readonly PathSegment[],
    message: string,
    severity: IssueSeverity = 'error',
  ): void {
    const issue: MeshIssue = {
      code,
      path: joinPath(this.pathPrefix, path),
      message,
      severity,
    };
    const location = this.where(path);
    if (location) {
      issue.file = location.file;
      if (location.line !== undefined) issue.line = location.line;
      if (location.column !== undefined) issue.column = location.column;
    }
    this.issues.push(issue);
  }

  error(code: IssueCode, path: readonly PathSegment[], message: string): void {
    this.report(code, path, message, 'error');
  }

  warn(code: IssueCode, path: readonly PathSegment[], message: string): void {
    this.report(code, path, message, 'warning');
  }

  /** A reporter for a value nested inside this one. */
  child(path: readonly PathSegment[], pathPrefix = joinPath(this.pathPrefix, path)): DocumentReporter {
    return new DocumentReporter(this.doc, pathPrefix, [...this.base, ...path], this.issues);
  }
}

/** Small type guards shared by the importers. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values in importer messages are cut at this many characters (a message names a value, it does not dump it). */
const DESCRIBED_LENGTH = 60;

/** Describes a value for a message with {@link showValue}, shortened; `nothing` for a missing value. */
export function describeValue(value: unknown): string {
  // "got nothing" reads better than "got undefined" for a missing member; everything else is
  // core's one value printer, cut at 60 characters as these messages always were.
  return value === undefined ? 'nothing' : showValue(value, DESCRIBED_LENGTH);
}

/** The value itself when the document owns it, else a copy: importers never alias the caller's objects. */
export function adopt<T>(doc: SourceDocument, value: T): T {
  return doc.owned ? value : copyJson(value);
}

/** A JSON-compatible deep copy, so that importers never alias the caller's objects. */
export function copyJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * A shallow copy of an importer's options object, read once: `undefined` stays `{}`; options
 * that are not an object, or whose members cannot be read (a getter or proxy that throws), throw
 * a `MeshplaneError` (`INVALID_OPTIONS`) naming them instead of an error of the caller's object.
 * Internal to the importers (not exported by the package).
 */
export function readImporterOptions<T extends object>(options: T | undefined, owner: string): Partial<T> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') {
    throw new MeshplaneError(
      'INVALID_OPTIONS',
      `${owner} options must be an object, got ${printValue(options)}`,
    );
  }
  return guardUnreadable(
    () => ({ ...options }),
    { [`${owner} options`]: options },
    (message) => new MeshplaneError('INVALID_OPTIONS', message),
  );
}
