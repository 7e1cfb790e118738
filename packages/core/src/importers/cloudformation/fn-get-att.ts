import { didYouMean } from '../../errors/suggest-name.js';
import { describeValue, isRecord } from '../source-document.js';
import { appMeshAttribute } from './appmesh-attributes.js';
import type { Intrinsic, Outcome } from './intrinsic.js';
import { asString, Failure, invalid, UNRESOLVED, unknowable } from './intrinsic.js';
import { appMeshResourceType } from './resource-types/index.js';
import type { TemplateEvaluator } from './template-evaluator.js';

const USAGE = 'Fn::GetAtt takes [logicalNameOfResource, attributeName] (YAML: !GetAtt Resource.Attribute)';

/** `Fn::GetAtt [resource, attribute]` (the attribute may be a `Ref`). */
export const getAtt: Intrinsic = (argument, path, evaluator) => {
  // The JSON form also accepts "Resource.Attribute" as one string.
  const parts =
    typeof argument === 'string' && argument.includes('.')
      ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)]
      : argument;
  if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string') {
    return invalid(`${USAGE}, got ${describeValue(argument)}`);
  }
  const attribute = asString(evaluator.value(parts[1], [...path, 1]), 'the attribute name of Fn::GetAtt');
  if (attribute === UNRESOLVED || attribute instanceof Failure) return attribute;
  return attributeValue(evaluator, parts[0], attribute);
};

/**
 * An attribute of a resource of the template. App Mesh resources answer from their properties
 * (see `appMeshAttribute`). Other resources answer only when the attribute is one of their own
 * properties as written in the template (`!GetAtt Registry.Name` of an
 * `AWS::ServiceDiscovery::Service` with `Name: colorteller`); every other attribute is known only
 * once deployed (an ELB's DNSName, a Cloud Map service's Arn).
 */
export function attributeValue(evaluator: TemplateEvaluator, logicalId: string, attribute: string): Outcome {
  const resources = evaluator.sections.resources;
  if (!Object.hasOwn(resources, logicalId)) {
    return invalid(
      `${logicalId} is not a resource of the template${didYouMean(logicalId, Object.keys(resources))} (Fn::GetAtt reads resources, not parameters)`,
    );
  }
  const resource = resources[logicalId];
  const type =
    isRecord(resource) && typeof resource.Type === 'string' ? resource.Type : 'a resource without a Type';
  const included = evaluator.resourceIncluded(logicalId);
  if (included === UNRESOLVED) return UNRESOLVED;
  if (!included) return invalid(`resource ${logicalId} is not created (its Condition is false)`);
  const appMesh = appMeshResourceType(type);
  if (appMesh) return appMeshAttribute(evaluator, logicalId, appMesh, attribute);
  const property = evaluator.property(logicalId, attribute);
  if (property !== undefined) return property;
  return unknowable(
    `${attribute} is an attribute of ${logicalId} (${type}), known only once the stack is deployed (and not a property the template sets)`,
  );
}
