import type { IssueCode } from '../../errors/issue-codes.js';
import type { IssueSeverity, ValidationIssue } from '../../errors/validation-issue.js';
import type { SourceLocation } from '../../model/resources.js';
import type { PathSegment } from '../json-with-positions.js';
import type { SourceDocument } from '../source-document.js';
import { DocumentReporter } from '../source-document.js';

/**
 * Reports problems of one CloudFormation template at template paths
 * (`Resources.ColorNode.Properties.Spec.Listeners[0]`), each with the file, line and column of the
 * value (or of its closest ancestor in the source). The same problem met twice (a parameter used by
 * several resources, a resource property read through `!GetAtt` and again when converted) is
 * reported once.
 */
export class TemplateReporter {
  private readonly seen = new Set<string>();

  constructor(
    readonly doc: SourceDocument,
    readonly issues: ValidationIssue[],
  ) {}

  /** A `DocumentReporter` whose paths start at `path` (its first segment is the issue path prefix). */
  at(path: readonly PathSegment[]): DocumentReporter {
    const [head, ...rest] = path;
    if (head === undefined) return new DocumentReporter(this.doc, 'template', [], this.issues);
    const section = new DocumentReporter(this.doc, String(head), [head], this.issues);
    return rest.length === 0 ? section : section.child(rest);
  }

  where(path: readonly PathSegment[]): SourceLocation | undefined {
    return this.at([]).where(path);
  }

  report(
    code: IssueCode,
    path: readonly PathSegment[],
    message: string,
    severity: IssueSeverity = 'error',
  ): void {
    const key = `${severity} ${code} ${JSON.stringify(path)} ${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const [head, ...rest] = path;
    if (head === undefined) this.at([]).report(code, [], message, severity);
    else this.at([head]).report(code, rest, message, severity);
  }

  error(code: IssueCode, path: readonly PathSegment[], message: string): void {
    this.report(code, path, message, 'error');
  }

  warn(code: IssueCode, path: readonly PathSegment[], message: string): void {
    this.report(code, path, message, 'warning');
  }
}
