/**
 * The neutral form both Lattice outputs are written from: resources in create order, their
 * properties in the API's camelCase, references to earlier resources as `{ $ref: logicalId }`
 * (CloudFormation `Ref`, which returns the ARN for every AWS::VpcLattice type; the API form
 * resolves it to the ARN the create call returned).
 */

/** A reference to another resource of the export. */
export interface Ref {
  $ref: string;
}

/** The kinds of resource the Lattice export creates, with their create operation. */
export const LATTICE_OPERATIONS = {
  ServiceNetwork: 'CreateServiceNetwork',
  Service: 'CreateService',
  ServiceNetworkServiceAssociation: 'CreateServiceNetworkServiceAssociation',
  TargetGroup: 'CreateTargetGroup',
  Listener: 'CreateListener',
  Rule: 'CreateRule',
  AuthPolicy: 'PutAuthPolicy',
} as const;

/** One of the keys of {@link LATTICE_OPERATIONS}. */
export type LatticeType = keyof typeof LATTICE_OPERATIONS;

/** A resource of the export. */
export interface LatticeResource {
  logicalId: string;
  type: LatticeType;
  properties: Record<string, unknown>;
}

/** True for `{ $ref }` values. */
export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && typeof (v as Ref).$ref === 'string';
}
