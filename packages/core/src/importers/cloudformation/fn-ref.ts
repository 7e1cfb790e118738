import { didYouMean } from '../../errors/suggest-name.js';
import type { PathSegment } from '../json-with-positions.js';
import { describeValue, isRecord } from '../source-document.js';
import { appMeshArn } from './appmesh-attributes.js';
import type { Intrinsic, Outcome } from './intrinsic.js';
import { invalid, UNRESOLVED, unknowable } from './intrinsic.js';
import { isPseudoParameter, PSEUDO_PARAMETERS, pseudoParameterValue } from './pseudo-parameters.js';
import { appMeshResourceType } from './resource-types/index.js';
import type { TemplateEvaluator } from './template-evaluator.js';

/** `Ref`: a parameter's value, a pseudo parameter, or a resource's `Ref` value. */
export const ref: Intrinsic = (argument, path, evaluator) => {
  if (typeof argument !== 'string') {
    return invalid(
      `Ref takes the logical name of a parameter or resource, or a pseudo parameter, as a literal string, got ${describeValue(argument)}`,
    );
  }
  return referenceValue(evaluator, argument, path);
};

/**
 * What `Ref name` returns ("Ref" in the Intrinsic function reference): a parameter's value, a
 * pseudo parameter's, the ARN of an App Mesh resource (its `Ref` value), and for other resources
 * their physical ID, which only the deployment knows.
 */
export function referenceValue(
  evaluator: TemplateEvaluator,
  name: string,
  usePath: readonly PathSegment[],
): Outcome {
  if (isPseudoParameter(name)) return pseudoParameterValue(name, evaluator.given);
  if (evaluator.parameters.has(name)) return evaluator.parameters.value(name, usePath);
  const resources = evaluator.sections.resources;
  if (Object.hasOwn(resources, name)) {
    const resource = resources[name];
    const type = isRecord(resource) && typeof resource.Type === 'string' ? resource.Type : undefined;
    const included = evaluator.resourceIncluded(name);
    if (included === UNRESOLVED) return UNRESOLVED;
    if (!included) return invalid(`resource ${name} is not created (its Condition is false)`);
    const appMesh = type === undefined ? undefined : appMeshResourceType(type);
    if (appMesh) return appMeshArn(evaluator, name, appMesh);
    return unknowable(
      `Ref of ${name} (${type ?? 'a resource without a Type'}) returns its physical ID, known only once the stack is deployed`,
    );
  }
  const known = [...evaluator.parameters.names(), ...Object.keys(resources), ...PSEUDO_PARAMETERS];
  return invalid(
    `${name} is not a parameter, resource or pseudo parameter of the template${didYouMean(name, known)}`,
  );
}
