import { MeshplaneMigrateError } from '../errors.js';
import type { LatticeExport } from './export-lattice.js';
import { authPolicyDocument } from './lattice-cloudformation.js';
import { LATTICE_OPERATIONS, type Ref } from './lattice-resources.js';

/** One API call of the Lattice export; `{ $ref }` values name the ARN an earlier call returned. */
export interface ApiCall {
  service: 'vpc-lattice' | 'ecs' | 'lambda';
  operation: string;
  /** The logical id whose ARN this call's response carries (create calls). */
  logicalId?: string;
  input: Record<string, unknown>;
}

/** Values the API form needs that the model does not hold. */
export interface LatticeApiOptions {
  /** The VPC of the IP target groups. */
  vpcId: string;
  /** Task role ARN of each calling node (auth policy principals). */
  taskRoleArns: Readonly<Record<string, string>>;
  /** ECS cluster of the services (UpdateService calls that join them to their target groups). */
  cluster: string;
  /** The ECS infrastructure role Lattice target registration uses (VpcLatticeConfiguration.roleArn). */
  ecsInfrastructureRoleArn: string;
}

/**
 * The Lattice export as API calls in create order (CreateServiceNetwork, CreateTargetGroup, …,
 * PutAuthPolicy, then lambda AddPermission and ecs UpdateService), with the SDK's input shapes.
 * Every missing task role is reported at once.
 *
 * @example
 * ```ts
 * import { defineMesh } from '@meshplane/core';
 * import { exportLattice, latticeApiCalls } from '@meshplane/migrate';
 * const calls = latticeApiCalls(exportLattice(defineMesh({ name: 'm' })), {
 *   vpcId: 'vpc-1', taskRoleArns: {}, cluster: 'c', ecsInfrastructureRoleArn: 'arn:aws:iam::111122223333:role/ecs',
 * });
 * console.log(calls.map((c) => c.operation)); // ['CreateServiceNetwork']
 * ```
 */
export function latticeApiCalls(exported: LatticeExport, options: LatticeApiOptions): ApiCall[] {
  const callers = [...new Set(Object.values(exported.callers).flat())].sort();
  const missing = callers.filter((n) => typeof options.taskRoleArns[n] !== 'string');
  if (missing.length > 0) {
    throw new MeshplaneMigrateError(
      'MIGRATE_MISSING_ROLE',
      `taskRoleArns: no task role ARN for the calling node${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the auth policies allow exactly these roles (give one per node)`,
    );
  }
  const calls: ApiCall[] = [];
  for (const r of exported.resources) {
    let input = r.properties;
    if (r.type === 'AuthPolicy') {
      const names = (r.properties.policy as { $callers: string[] }).$callers;
      input = {
        ...input,
        policy: JSON.stringify(authPolicyDocument(names.map((n) => options.taskRoleArns[n]))),
      };
    }
    calls.push({
      service: 'vpc-lattice',
      operation: LATTICE_OPERATIONS[r.type],
      logicalId: r.logicalId,
      input: withVpc(input, options.vpcId),
    });
  }
  for (const p of exported.lambdaPermissions) {
    calls.push({
      service: 'lambda',
      operation: 'AddPermission',
      input: {
        FunctionName: p.functionArn,
        StatementId: `vpc-lattice-${p.targetGroup}`,
        Action: 'lambda:InvokeFunction',
        Principal: 'vpc-lattice.amazonaws.com',
        SourceArn: { $ref: p.targetGroup } satisfies Ref,
      },
    });
  }
  for (const j of exported.ecsJoins) {
    calls.push({
      service: 'ecs',
      operation: 'UpdateService',
      input: {
        cluster: options.cluster,
        service: j.node,
        vpcLatticeConfigurations: [
          {
            roleArn: options.ecsInfrastructureRoleArn,
            targetGroupArn: { $ref: j.targetGroup },
            portName: j.portName,
          },
        ],
      },
    });
  }
  return calls;
}

function withVpc(value: Record<string, unknown>, vpcId: string): Record<string, unknown> {
  const json = JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && v.$ref === 'VpcId' ? vpcId : v,
  );
  return JSON.parse(json) as Record<string, unknown>;
}

/** Replaces every `{ $ref }` in an input with the ARN an earlier call returned. */
export function resolveRefs(value: unknown, arns: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as Ref).$ref === 'string') {
    const arn = arns.get((value as Ref).$ref);
    if (arn === undefined)
      throw new MeshplaneMigrateError(
        'MIGRATE_UNRESOLVED_REF',
        `reference ${(value as Ref).$ref}: not created before use`,
      );
    return arn;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, arns));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, arns)]));
  return value;
}
