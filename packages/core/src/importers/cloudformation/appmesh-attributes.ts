import { didYouMean } from '../../errors/suggest-name.js';
import type { Outcome } from './intrinsic.js';
import { asString, invalid, isProblem, unknowable } from './intrinsic.js';
import { pseudoParameterValue } from './pseudo-parameters.js';
import type { AppMeshResourceType } from './resource-types/index.js';
import type { TemplateEvaluator } from './template-evaluator.js';

/**
 * `Fn::GetAtt` of an App Mesh resource of the template ("Return values" of each
 * `AWS::AppMesh::*` page): the name attributes are the resource's own properties; `MeshOwner` is
 * its `MeshOwner` property or the stack's account, `ResourceOwner` the stack's account; `Arn` is
 * built from the names; `Uid` is assigned by App Mesh at creation.
 */
export function appMeshAttribute(
  evaluator: TemplateEvaluator,
  logicalId: string,
  type: AppMeshResourceType,
  attribute: string,
): Outcome {
  if (!type.attributes.includes(attribute)) {
    return invalid(
      `${type.type} has no attribute ${attribute}${didYouMean(attribute, type.attributes)}; its attributes are ${type.attributes.join(', ')}`,
    );
  }
  switch (attribute) {
    case 'Arn':
      return appMeshArn(evaluator, logicalId, type);
    case 'Uid':
      return unknowable(`the Uid of ${logicalId} (${type.type}) is assigned by App Mesh when it is created`);
    case 'ResourceOwner':
      return pseudoParameterValue('AWS::AccountId', evaluator.given);
    case 'MeshOwner':
      return meshOwner(evaluator, logicalId);
    default:
      return nameProperty(evaluator, logicalId, type, attribute);
  }
}

/** The ARN of an App Mesh resource of the template: what `Ref` returns for it. */
export function appMeshArn(
  evaluator: TemplateEvaluator,
  logicalId: string,
  type: AppMeshResourceType,
): Outcome {
  const mesh = nameProperty(evaluator, logicalId, type, 'MeshName');
  const name = nameProperty(evaluator, logicalId, type, type.nameProperty);
  const parent = type.parentProperty ? nameProperty(evaluator, logicalId, type, type.parentProperty) : '';
  const partition = pseudoParameterValue('AWS::Partition', evaluator.given);
  const region = pseudoParameterValue('AWS::Region', evaluator.given);
  const account = meshOwner(evaluator, logicalId);
  for (const part of [mesh, name, parent, partition, region, account]) {
    if (isProblem(part)) return part;
  }
  const resource = type.arnResource({ mesh: mesh as string, parent: parent as string, name: name as string });
  return `arn:${String(partition)}:appmesh:${String(region)}:${String(account)}:${resource}`;
}

function meshOwner(evaluator: TemplateEvaluator, logicalId: string): Outcome {
  const owner = evaluator.property(logicalId, 'MeshOwner');
  if (owner === undefined) return pseudoParameterValue('AWS::AccountId', evaluator.given);
  return asString(owner, `MeshOwner of ${logicalId}`);
}

function nameProperty(
  evaluator: TemplateEvaluator,
  logicalId: string,
  type: AppMeshResourceType,
  property: string,
): Outcome {
  const value = evaluator.property(logicalId, property);
  if (value === undefined) {
    return unknowable(
      `${logicalId} (${type.type}) sets no ${property}: CloudFormation generates the name when the stack is created`,
    );
  }
  return asString(value, `${property} of ${logicalId}`);
}
