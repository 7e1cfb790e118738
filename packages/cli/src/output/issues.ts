import type { ValidationIssue } from '@meshplane/core';

/**
 * `file:line:column` (or `file`) for an issue that came from a file, else `undefined`.
 *
 * @example
 * ```ts
 * import { formatIssueLocation } from './output/index.js'; // inside packages/cli/src
 * formatIssueLocation({ code: 'X', path: 'p', message: 'm', severity: 'error', file: 'a.json', line: 3, column: 9 });
 * // 'a.json:3:9'
 * ```
 */
export function formatIssueLocation(issue: ValidationIssue): string | undefined {
  if (issue.file === undefined) return undefined;
  if (issue.line === undefined) return issue.file;
  return `${issue.file}:${issue.line}:${issue.column ?? 1}`;
}

/**
 * One issue as one line, `path: message [code]`, preceded by the severity and, when known, the
 * source location in the `file:line:column:` form that editors and terminals turn into links. When
 * the path is the file itself (a parse error), it is not repeated.
 *
 * @example
 * ```ts
 * import { formatIssue } from './output/index.js'; // inside packages/cli/src
 * formatIssue({ code: 'WEIGHT_TOTAL', path: 'routers.r.routes.a', message: 'weights add up to 110', severity: 'error' });
 * // 'error: routers.r.routes.a: weights add up to 110 [WEIGHT_TOTAL]'
 * ```
 */
export function formatIssue(issue: ValidationIssue): string {
  const location = formatIssueLocation(issue);
  // File-level issues (parse errors, unreadable files) have the file as their path: say it once.
  const path = issue.path === issue.file ? '' : `${issue.path}: `;
  const text = `${issue.severity}: ${path}${issue.message} [${issue.code}]`;
  return location === undefined ? text : `${location}: ${text}`;
}

/**
 * Counts of errors and warnings, as {@link countIssues} returns them.
 *
 * @example
 * ```ts
 * import { countIssues, type IssueCounts } from './output/issues.js'; // inside packages/cli/src
 * const counts: IssueCounts = countIssues([{ code: 'X', path: 'p', message: 'm', severity: 'warning' }]);
 * console.log(counts); // { errors: 0, warnings: 1 }
 * ```
 */
export interface IssueCounts {
  errors: number;
  warnings: number;
}

/**
 * Counts errors and warnings.
 *
 * @example
 * ```ts
 * import { countIssues } from './output/index.js'; // inside packages/cli/src
 * countIssues([]); // { errors: 0, warnings: 0 }
 * ```
 */
export function countIssues(issues: readonly ValidationIssue[]): IssueCounts {
  let errors = 0;
  for (const issue of issues) if (issue.severity === 'error') errors++;
  return { errors, warnings: issues.length - errors };
}

/**
 * `1 error`, `2 warnings`: a count with its noun.
 *
 * @example
 * ```ts
 * import { plural } from './output/index.js'; // inside packages/cli/src
 * plural(2, 'warning'); // '2 warnings'
 * ```
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Sorts issues for people: errors first, then by file, line and column, keeping the original
 * order otherwise. Returns a new array.
 *
 * @example
 * ```ts
 * import { sortIssues } from './output/index.js'; // inside packages/cli/src
 * sortIssues([]); // []
 * ```
 */
export function sortIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => {
      const severity = (a.issue.severity === 'error' ? 0 : 1) - (b.issue.severity === 'error' ? 0 : 1);
      if (severity !== 0) return severity;
      const fileA = a.issue.file ?? '\uffff';
      const fileB = b.issue.file ?? '\uffff';
      if (fileA !== fileB) return fileA < fileB ? -1 : 1;
      const line = (a.issue.line ?? 0) - (b.issue.line ?? 0);
      if (line !== 0) return line;
      const column = (a.issue.column ?? 0) - (b.issue.column ?? 0);
      return column !== 0 ? column : a.index - b.index;
    })
    .map(({ issue }) => issue);
}

/**
 * An issue in the documented `--json` shape: `{ code, path, message, severity, file?, line?, column? }`,
 * with absent members left out.
 *
 * @example
 * ```ts
 * import { issueToJson } from './output/index.js'; // inside packages/cli/src
 * issueToJson({ code: 'X', path: 'p', message: 'm', severity: 'warning' });
 * // { code: 'X', path: 'p', message: 'm', severity: 'warning' }
 * ```
 */
export function issueToJson(issue: ValidationIssue): ValidationIssue {
  const out: ValidationIssue = {
    code: issue.code,
    path: issue.path,
    message: issue.message,
    severity: issue.severity,
  };
  if (issue.file !== undefined) out.file = issue.file;
  if (issue.line !== undefined) out.line = issue.line;
  if (issue.column !== undefined) out.column = issue.column;
  return out;
}
