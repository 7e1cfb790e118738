import {
  GetAuthPolicyCommand,
  GetListenerCommand,
  GetServiceCommand,
  GetTargetGroupCommand,
  ListServiceNetworkServiceAssociationsCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';

// Reading back from moto's VPC Lattice what an applied API form created, by the calls' logical ids:
// shared by this package's moto test and examples/migration (which imports it from here, as it does
// cloudformation-lint.ts), so that both read the same fields the same way. It depends only on
// @aws-sdk/client-vpc-lattice, which both declare.

/**
 * A VPC Lattice client of moto's server at `url` (moto takes any credentials; us-east-1 as the
 * tests' calls assume).
 */
export function motoLatticeClient(url: string): VPCLatticeClient {
  return new VPCLatticeClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
}

/** The ARNs and ids that `applyLatticeCalls` returns, by logical id. */
export interface AppliedIds {
  arns: ReadonlyMap<string, string>;
  ids: ReadonlyMap<string, string>;
}

/** One IAM statement of a Lattice auth policy, as read back. */
export interface PolicyStatement {
  Effect: string;
  Principal: { AWS: string[] };
  Action: string;
  Resource: string;
}

/** Reads an applied API form back, each resource named by the logical id of the call that created it. */
export interface LatticeReadBack {
  /** GetService: the fields the exporter sets. */
  service(logicalId: string): Promise<{ name?: string; customDomainName?: string; authType?: string }>;
  /** GetListener: port, protocol and the weighted target groups of its default action. */
  listener(
    serviceLogicalId: string,
    listenerLogicalId: string,
  ): Promise<{
    port?: number;
    protocol?: string;
    targetGroups?: Array<{ targetGroupIdentifier?: string; weight?: number }>;
  }>;
  /** GetTargetGroup: type, port and VPC. */
  targetGroup(logicalId: string): Promise<{ type?: string; port?: number; vpcIdentifier?: string }>;
  /** GetAuthPolicy of a service: the statements of its policy document. */
  authStatements(serviceLogicalId: string): Promise<PolicyStatement[]>;
  /** ListServiceNetworkServiceAssociations: the ids of the services associated with a network, sorted. */
  associatedServiceIds(serviceNetworkLogicalId: string): Promise<string[]>;
}

/**
 * A {@link LatticeReadBack} over `client`, resolving logical ids through what `applyLatticeCalls`
 * returned. A logical id that the apply did not create fails, naming it.
 */
export function latticeReadBack(client: VPCLatticeClient, applied: AppliedIds): LatticeReadBack {
  const lookUp = (map: ReadonlyMap<string, string>, what: string, logicalId: string) => {
    const value = map.get(logicalId);
    if (value === undefined) {
      throw new Error(
        `no ${what} for logical id ${JSON.stringify(logicalId)}: the apply created ${[...map.keys()].join(', ')}`,
      );
    }
    return value;
  };
  const arn = (logicalId: string) => lookUp(applied.arns, 'ARN', logicalId);
  const id = (logicalId: string) => lookUp(applied.ids, 'id', logicalId);
  return {
    async service(logicalId) {
      const service = await client.send(new GetServiceCommand({ serviceIdentifier: arn(logicalId) }));
      return { name: service.name, customDomainName: service.customDomainName, authType: service.authType };
    },
    async listener(serviceLogicalId, listenerLogicalId) {
      const listener = await client.send(
        new GetListenerCommand({
          serviceIdentifier: arn(serviceLogicalId),
          listenerIdentifier: arn(listenerLogicalId),
        }),
      );
      return {
        port: listener.port,
        protocol: listener.protocol,
        targetGroups: listener.defaultAction?.forward?.targetGroups,
      };
    },
    async targetGroup(logicalId) {
      const group = await client.send(new GetTargetGroupCommand({ targetGroupIdentifier: arn(logicalId) }));
      return { type: group.type, port: group.config?.port, vpcIdentifier: group.config?.vpcIdentifier };
    },
    async authStatements(serviceLogicalId) {
      const policy = await client.send(
        new GetAuthPolicyCommand({ resourceIdentifier: arn(serviceLogicalId) }),
      );
      return (JSON.parse(policy.policy ?? '{}') as { Statement?: PolicyStatement[] }).Statement ?? [];
    },
    async associatedServiceIds(serviceNetworkLogicalId) {
      const associations = await client.send(
        new ListServiceNetworkServiceAssociationsCommand({
          serviceNetworkIdentifier: id(serviceNetworkLogicalId),
        }),
      );
      return (associations.items ?? []).map((a) => a.serviceId ?? '').sort();
    },
  };
}
