import type { IssueCode } from './issue-codes.js';
import { MeshplaneError } from './meshplane-error.js';

/** How bad a validation issue is: errors block every API call, warnings do not. */
export type IssueSeverity = 'error' | 'warning';

/**
 * One problem found in a model or an input document.
 *
 * `path` is the JSON path of the offending value in the friendly form
 * `routers.jazz-router.routes.jazz-route.spec.httpRoute.action.weightedTargets[1].weight`
 * (resource collection, resource names, then the path inside the resource).
 *
 * @example
 * ```ts
 * import type { ValidationIssue } from '@meshplane/core';
 * const issue: ValidationIssue = {
 *   code: 'WEIGHT_TOTAL',
 *   path: 'routers.jazz-router.routes.jazz-route.spec.httpRoute.action.weightedTargets',
 *   message: 'the weights of a route must add up to 1-100, got 110',
 *   severity: 'error',
 * };
 * ```
 */
export interface ValidationIssue<C extends string = string> {
  /**
   * Stable, machine-readable code, e.g. `SHAPE_LENGTH`, `UNKNOWN_TARGET`, `PARSE_ERROR`. Core's
   * issues are `ValidationIssue<IssueCode>` (see {@link MeshIssue}); other packages' issues
   * carry their own codes.
   */
  code: C;
  /** JSON path of the offending value. */
  path: string;
  /** Plain message naming the rule and the value. */
  message: string;
  severity: IssueSeverity;
  /** Source location, when the value came from a file. */
  file?: string;
  line?: number;
  column?: number;
}

/**
 * An issue of `@meshplane/core` (validation, importers, shape checks): its code is one of
 * {@link IssueCode}.
 *
 * @example
 * ```ts
 * import type { MeshIssue } from '@meshplane/core';
 * const issue: MeshIssue = { code: 'PARSE_ERROR', path: 'a.yaml', message: 'YAML syntax error', severity: 'error' };
 * console.log(issue.code); // 'PARSE_ERROR'
 * ```
 */
export type MeshIssue = ValidationIssue<IssueCode>;

/**
 * Thrown when a model or an input document is invalid. Carries every issue found, not the first.
 *
 * @example
 * ```ts
 * import { MeshValidationError } from '@meshplane/core';
 * const error = new MeshValidationError([
 *   { code: 'SHAPE_REQUIRED', path: 'nodes.dj.spec', message: 'spec is required', severity: 'error' },
 * ]);
 * console.log(error.issues.length); // 1
 * ```
 */
export class MeshValidationError extends MeshplaneError<'MESH_VALIDATION'> {
  override name = 'MeshValidationError';
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], options?: { cause?: unknown }) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const head = errors
      .slice(0, 5)
      .map((issue) => `${issue.path}: ${issue.message} [${issue.code}]`)
      .join('\n  ');
    const more = errors.length > 5 ? `\n  … and ${errors.length - 5} more` : '';
    super('MESH_VALIDATION', `the model has ${errors.length} error(s):\n  ${head}${more}`, options);
    this.issues = issues;
  }
}
