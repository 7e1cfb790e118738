/**
 * The local Cloud Map state. Everything here is plain JSON so that `snapshot()` can write it to
 * the state file and `restore()` can read it back; timestamps are epoch seconds (awsJson's
 * default timestamp format), so the server can send them as they are.
 */

export type NamespaceType = 'HTTP' | 'DNS_PRIVATE' | 'DNS_PUBLIC';
export type ServiceType = 'HTTP' | 'DNS_HTTP' | 'DNS';
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
export type OperationStatus = 'SUBMITTED' | 'PENDING' | 'SUCCESS' | 'FAIL';
export type OperationType =
  | 'CREATE_NAMESPACE'
  | 'DELETE_NAMESPACE'
  | 'UPDATE_NAMESPACE'
  | 'UPDATE_SERVICE'
  | 'REGISTER_INSTANCE'
  | 'DEREGISTER_INSTANCE';

export interface Tag {
  Key: string;
  Value: string;
}

export interface DnsRecord {
  Type: 'SRV' | 'A' | 'AAAA' | 'CNAME';
  TTL: number;
}

export interface DnsConfig {
  NamespaceId?: string;
  RoutingPolicy?: 'MULTIVALUE' | 'WEIGHTED';
  DnsRecords: DnsRecord[];
}

export interface HealthCheckConfig {
  Type: 'HTTP' | 'HTTPS' | 'TCP';
  ResourcePath?: string;
  FailureThreshold?: number;
}

export interface NamespaceRecord {
  /** Creation sequence: the stable order of list operations and pagination tokens. */
  seq: number;
  Id: string;
  Arn: string;
  ResourceOwner: string;
  Name: string;
  Type: NamespaceType;
  Description?: string;
  HttpName: string;
  /** Private DNS namespaces only: the VPC the hosted zone is attached to. */
  Vpc?: string;
  /** DNS namespaces only. */
  HostedZoneId?: string;
  SoaTtl?: number;
  CreateDate: number;
  CreatorRequestId: string;
  Tags: Tag[];
}

export interface InstanceRecord {
  seq: number;
  Id: string;
  CreatorRequestId?: string;
  Attributes: Record<string, string>;
  CreatedByAccount: string;
  /** The custom health status; only meaningful when the service has HealthCheckCustomConfig. */
  CustomHealth: 'HEALTHY' | 'UNHEALTHY';
}

export interface ServiceRecord {
  seq: number;
  Id: string;
  Arn: string;
  ResourceOwner: string;
  CreatedByAccount: string;
  Name: string;
  NamespaceId: string;
  Description?: string;
  DnsConfig?: DnsConfig;
  Type: ServiceType;
  HealthCheckConfig?: HealthCheckConfig;
  HealthCheckCustomConfig?: { FailureThreshold?: number };
  CreateDate: number;
  CreatorRequestId: string;
  Tags: Tag[];
  /** Service attributes (Update/Get/DeleteServiceAttributes). */
  Attributes: Record<string, string>;
  /** The instances revision: changes on register/deregister, never on a health change. */
  Revision: number;
  Instances: InstanceRecord[];
}

export interface OperationRecord {
  seq: number;
  Id: string;
  OwnerAccount: string;
  Type: OperationType;
  Status: OperationStatus;
  ErrorMessage?: string;
  ErrorCode?: string;
  CreateDate: number;
  UpdateDate: number;
  Targets: Partial<Record<'NAMESPACE' | 'SERVICE' | 'INSTANCE', string>>;
  /** When the operation reports SUCCESS without being polled (epoch seconds). */
  SettleAt: number;
  /** The idempotency token of the request that started it, with a digest of that request. */
  CreatorRequestId?: string;
  RequestDigest?: string;
}

/**
 * The whole state, as written to and read from the state file.
 *
 * @example
 * ```ts
 * import { createCloudMapService, type CloudMapState } from '@meshplane/local';
 * const cloudMap = createCloudMapService({ region: 'us-east-1', accountId: '111122223333' });
 * const saved: CloudMapState = cloudMap.snapshot();
 * cloudMap.restore(saved);
 * ```
 */
export interface CloudMapState {
  version: 1;
  /** Last creation sequence handed out. */
  seq: number;
  /** Last instances revision handed out (global, so a recreated service never reuses one). */
  revision: number;
  namespaces: NamespaceRecord[];
  services: ServiceRecord[];
  operations: OperationRecord[];
}

/** An empty state. */
export function emptyCloudMapState(): CloudMapState {
  return { version: 1, seq: 0, revision: 0, namespaces: [], services: [], operations: [] };
}
