import { type MeshIssue, MeshValidationError, type ValidationIssue } from '../errors/validation-issue.js';
import type { MeshModel } from '../model/resources.js';
import { unreadableMembers } from '../model/unreadable-members.js';
import { IssueSink, rec } from './context.js';
import { checkMeshes } from './mesh-rules.js';
import { checkRegexes } from './regex-rules.js';
import { readResources } from './resource-entries.js';

/** Options of {@link validate}. */
export interface ValidateOptions {
  /**
   * Turns an undeclared backend into an error when its mesh's egress filter is `DROP_ALL`
   * (set explicitly, or the App Mesh default for a declared mesh without one). Default false.
   */
  strict?: boolean;
}

/** What {@link validate} returns: `valid` is false when at least one issue is an error. */
export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

/**
 * Checks a model before anything reaches an API, and returns every problem at once: shape
 * constraints from the App Mesh Smithy model (names, tags, specs), references (route targets,
 * backends, providers, gateway route targets, parents, meshes), App Mesh quotas, weight totals,
 * protocol and port agreement between routes and listeners, duplicate names and priorities.
 * Never throws, whatever the input: data of any shape (JSON, YAML or objects built in code)
 * gives issues, and a member that cannot be read as data (a getter or proxy that throws, a value
 * that contains itself) is an `UNREADABLE_VALUE` issue naming its path.
 *
 * @example
 * ```ts
 * import { validate } from '@meshplane/core';
 * const { valid, issues } = validate({
 *   resources: [
 *     { kind: 'mesh', meshName: 'demo', name: 'demo', spec: {} },
 *     { kind: 'virtualRouter', meshName: 'demo', name: 'edge', spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] } },
 *     {
 *       kind: 'route', meshName: 'demo', name: 'all', virtualRouterName: 'edge',
 *       spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'web', weight: 100 }] } } },
 *     },
 *   ],
 * });
 * console.log(valid, issues[0]?.code, issues[0]?.path);
 * // false 'UNKNOWN_TARGET' 'routers.edge.routes.all.spec.httpRoute.action.weightedTargets[0].virtualNode'
 * ```
 */
export function validate(model: MeshModel, options: ValidateOptions = {}): ValidationResult {
  try {
    return validateReadable(model, options);
  } catch (error) {
    // Data never throws here; a getter, proxy or own toString of the input did. Name it as an
    // issue (issue 13 item 10); anything else is a bug and stays visible.
    const problems = [...unreadableMembers(model), ...unreadableMembers(options, 'options')];
    if (problems.length === 0) throw error;
    const issues: MeshIssue[] = problems.map((p) => ({
      code: 'UNREADABLE_VALUE',
      path: p.path,
      message: `${p.path || 'the model'} cannot be read as data: ${p.reason}`,
      severity: 'error',
    }));
    return { valid: false, issues };
  }
}

function validateReadable(model: MeshModel, options: ValidateOptions): ValidationResult {
  const sink = new IssueSink();
  const resources = rec(model)?.resources;
  if (!Array.isArray(resources)) {
    sink.add(
      undefined,
      'INVALID_MODEL',
      'resources',
      `a model must be an object with a resources list, got ${model === null ? 'null' : Array.isArray(model) ? 'a list' : typeof model === 'object' ? 'an object without resources' : typeof model}`,
    );
    return { valid: false, issues: sink.issues };
  }
  const meshes = readResources(resources, sink);
  checkMeshes(meshes, sink, { strict: rec(options)?.strict === true });
  checkRegexes(meshes, sink);
  const issues = sink.issues;
  return { valid: !issues.some((issue) => issue.severity === 'error'), issues };
}

/**
 * Like {@link validate}, but throws a `MeshValidationError` carrying every issue when the model
 * has an error. Returns the result (with any warnings) when it is valid.
 *
 * @example
 * ```ts
 * import { assertValid, MeshValidationError } from '@meshplane/core';
 * try {
 *   assertValid({ resources: [{ kind: 'virtualNode', meshName: 'm', name: '', spec: {} }] });
 * } catch (error) {
 *   if (error instanceof MeshValidationError) console.log(error.issues[0]?.code); // 'SHAPE_LENGTH'
 * }
 * ```
 */
export function assertValid(model: MeshModel, options?: ValidateOptions): ValidationResult {
  const result = validate(model, options);
  if (!result.valid) throw new MeshValidationError(result.issues);
  return result;
}
