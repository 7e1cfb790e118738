import type { ImportCode } from '../../errors/issue-codes.js';
import type { IssueSeverity, MeshIssue } from '../../errors/validation-issue.js';
import type { PathSegment } from '../json-with-positions.js';
import type { HclPosition } from './hcl-structure.js';
import type { UnresolvedExpression } from './terraform-values.js';

/** An importer issue at a place of a `.tf` file; `path` is in Terraform's terms (`aws_appmesh_route.r.spec[0]`). */
export function terraformIssue(
  code: ImportCode,
  severity: IssueSeverity,
  path: string,
  message: string,
  file: string,
  at: { line: number; column: number } | undefined,
): MeshIssue {
  const issue: MeshIssue = { code, path, message, severity, file };
  if (at) {
    issue.line = at.line;
    issue.column = at.column;
  }
  return issue;
}

/** The issue for an expression that could not be evaluated. */
export function unresolvedIssue(error: UnresolvedExpression, path: string, file: string): MeshIssue {
  return terraformIssue(
    error.code,
    'error',
    path,
    `cannot resolve ${error.expression}: ${error.reason}`,
    file,
    error.at,
  );
}

/** `spec[0].listener[1].port_mapping[0]`, the way Terraform names nested block values. */
export function terraformPath(prefix: string, segments: readonly PathSegment[]): string {
  let out = prefix;
  for (const segment of segments) out += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return out;
}

/** Positions of values in Terraform terms, keyed by {@link terraformPath} from `''`. */
export type PositionMap = Map<string, HclPosition>;
