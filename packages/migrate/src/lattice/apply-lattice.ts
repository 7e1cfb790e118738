import {
  CreateListenerCommand,
  CreateRuleCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateTargetGroupCommand,
  PutAuthPolicyCommand,
  type VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { MeshplaneMigrateError } from '../errors.js';
import type { ApiCall } from './lattice-api.js';
import { resolveRefs } from './lattice-api.js';

// biome-ignore lint/suspicious/noExplicitAny: each command takes its own input type, checked by the SDK at run time
const COMMANDS: Record<string, new (input: any) => any> = {
  CreateServiceNetwork: CreateServiceNetworkCommand,
  CreateService: CreateServiceCommand,
  CreateServiceNetworkServiceAssociation: CreateServiceNetworkServiceAssociationCommand,
  CreateTargetGroup: CreateTargetGroupCommand,
  CreateListener: CreateListenerCommand,
  CreateRule: CreateRuleCommand,
  PutAuthPolicy: PutAuthPolicyCommand,
};

/** What {@link applyLatticeCalls} created: logical id → ARN and ID, and each create's response. */
export interface AppliedLattice {
  arns: Map<string, string>;
  ids: Map<string, string>;
  responses: Map<string, Record<string, unknown>>;
}

/**
 * Runs the vpc-lattice calls of the API form in order, resolving references to earlier ARNs.
 * The ECS and Lambda calls are returned untouched for the caller's ECS/Lambda clients.
 *
 * @example
 * ```ts
 * import { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
 * import { applyLatticeCalls } from '@meshplane/migrate';
 * const applied = await applyLatticeCalls(new VPCLatticeClient({ region: 'us-east-1' }), []);
 * console.log(applied.arns.size); // 0
 * ```
 */
export async function applyLatticeCalls(
  client: VPCLatticeClient,
  calls: readonly ApiCall[],
): Promise<AppliedLattice> {
  const arns = new Map<string, string>();
  const ids = new Map<string, string>();
  const responses = new Map<string, Record<string, unknown>>();
  for (const call of calls) {
    if (call.service !== 'vpc-lattice') continue;
    const Command = COMMANDS[call.operation];
    if (!Command)
      throw new MeshplaneMigrateError(
        'MIGRATE_UNKNOWN_OPERATION',
        `${call.operation}: not a VPC Lattice create operation of the export`,
      );
    // Identifiers take an ID or an ARN (VPC Lattice API reference); IDs are what every
    // implementation accepts (moto 5.2 resolves associations by ID only).
    const input = resolveRefs(call.input, ids) as Record<string, unknown>;
    const response = (await client.send(new Command(input))) as unknown as Record<string, unknown>;
    if (call.logicalId) {
      responses.set(call.logicalId, response);
      if (typeof response.arn === 'string') arns.set(call.logicalId, response.arn);
      if (typeof response.id === 'string') ids.set(call.logicalId, response.id);
    }
  }
  return { arns, ids, responses };
}
