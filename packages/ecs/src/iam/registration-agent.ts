import { defineOptions } from '@meshplane/core';
import { partitionOf } from '../envoy/image.js';
import { InputIssues } from '../input-issues.js';
import { addOptionIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import { ACCOUNT_RULE, REGION_RULE } from './aws-scope-rules.js';
import type { PolicyStatement } from './policies.js';

/** The kinds of Cloud Map namespace, for the Route 53 permissions they need. */
export type AgentNamespaceType = 'HTTP' | 'DNS' | 'DNS_PRIVATE' | 'DNS_PUBLIC';

/** Input of {@link registrationAgentStatements}. */
export interface RegistrationAgentPolicyOptions {
  region: string;
  /** Default `*`. */
  account?: string;
  service: { serviceId: string } | { namespaceName: string; serviceName: string };
  /**
   * `HTTP`: no Route 53. `DNS` or `DNS_PRIVATE`: the record permissions Cloud Map uses on the
   * caller's behalf. `DNS_PUBLIC`: those, plus the Route 53 health checks a public namespace's
   * service may have (`HealthCheckConfig` exists only there). Default `DNS`.
   */
  namespaceType?: AgentNamespaceType;
  /** The namespace's hosted zone (GetNamespace → `Properties.DnsProperties.HostedZoneId`): scopes the record writes to it. */
  hostedZoneId?: string;
  /**
   * The DNS name of the service's records (`<service>.<namespace>`); default from a service given
   * by name. Record writes are allowed for this name only.
   */
  dnsRecordName?: string;
  /** A tag the Cloud Map service carries: scopes the instance writes of a service given by name. */
  serviceTag?: { key: string; value: string };
}

// Cloud Map creates A, AAAA, SRV and CNAME records only (DnsRecord.Type in the API model).
const CLOUD_MAP_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'SRV'];
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;

/**
 * The task-role statements the registration agent needs, scoped as far as IAM allows (Service
 * Authorization Reference, "AWS Cloud Map" and "Amazon Route 53"):
 *
 * - register, deregister and custom health on the one service: its ARN when given by id; given
 *   by name, those actions accept no name condition (only `servicediscovery:ServiceArn`, which
 *   holds the generated id), so they are scoped by the `aws:ResourceTag` condition of
 *   `serviceTag`, or else cover the account's services in the region;
 * - `GetOperation` (no resource-level permissions), `GetService`, and the two List calls when
 *   the service is named (no resource-level permissions either);
 * - for a DNS namespace, the Route 53 calls Cloud Map makes with the caller's permissions:
 *   `ChangeResourceRecordSets` on the namespace's hosted zone (`hostedZoneId`) and only for the
 *   service's record name and Cloud Map's record types; `GetHostedZone` on that zone;
 *   `ListHostedZonesByName` (no resource-level permissions); for a public namespace only, the
 *   health checks: `CreateHealthCheck` on `*` (no resource-level permissions) and
 *   get/update/delete on `healthcheck/*` (Route 53 generates their ids at registration).
 *
 * @example
 * ```ts
 * import { registrationAgentStatements } from '@meshplane/ecs';
 * const statements = registrationAgentStatements({ region: 'us-east-1', service: { serviceId: 'srv-0123456789abcdef' }, namespaceType: 'HTTP' });
 * console.log(statements.map((s) => s.Sid)); // ['CloudMapInstance', 'CloudMapOperations']
 * ```
 */
export function registrationAgentStatements(input: RegistrationAgentPolicyOptions): PolicyStatement[] {
  return agentStatementsOf(plainInput(input, 'options'));
}

/**
 * {@link registrationAgentStatements} on options already read into plain data.
 *
 * @example
 * ```ts
 * import { agentStatementsOf } from './registration-agent.js'; // inside packages/ecs/src/iam
 * console.log(agentStatementsOf({ region: 'us-east-1', service: { serviceId: 'srv-1' }, namespaceType: 'HTTP' }).length); // 2
 * ```
 */
export function agentStatementsOf(options: RegistrationAgentPolicyOptions): PolicyStatement[] {
  const checked = checkOptions(options);
  const partition = partitionOf(options.region);
  const account = options.account ?? '*';
  const { service } = checked;
  const byId = service.serviceId !== undefined;
  const statements: PolicyStatement[] = [
    {
      Sid: 'CloudMapInstance',
      Effect: 'Allow',
      Action: [
        'servicediscovery:DeregisterInstance',
        'servicediscovery:RegisterInstance',
        'servicediscovery:UpdateInstanceCustomHealthStatus',
      ],
      Resource: [
        `arn:${partition}:servicediscovery:${options.region}:${account}:service/${byId ? service.serviceId : '*'}`,
      ],
      ...(!byId && options.serviceTag
        ? {
            Condition: {
              StringEquals: { [`aws:ResourceTag/${options.serviceTag.key}`]: options.serviceTag.value },
            },
          }
        : {}),
    },
    {
      Sid: 'CloudMapOperations',
      Effect: 'Allow',
      Action: [
        'servicediscovery:GetOperation',
        'servicediscovery:GetService',
        ...(byId ? [] : ['servicediscovery:ListNamespaces', 'servicediscovery:ListServices']),
      ],
      Resource: ['*'],
    },
  ];
  const type = options.namespaceType ?? 'DNS';
  if (type !== 'HTTP')
    statements.push(...route53Statements(partition, options.hostedZoneId, checked.recordName));
  if (type === 'DNS_PUBLIC') statements.push(...healthCheckStatements(partition));
  return statements;
}

function route53Statements(
  partition: string,
  hostedZoneId: string | undefined,
  recordName: string | undefined,
): PolicyStatement[] {
  // ForAllValues conditions hold when the request carries no such key (GetHostedZone,
  // ListHostedZonesByName), so reads and record writes can share one statement when the zone is
  // unknown; with the zone, the List call (no resource-level permissions) needs its own statement.
  const Condition = {
    'ForAllValues:StringEquals': {
      ...(recordName ? { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [recordName] } : {}),
      'route53:ChangeResourceRecordSetsRecordTypes': CLOUD_MAP_RECORD_TYPES,
    },
  };
  if (!hostedZoneId) {
    return [
      {
        Sid: 'CloudMapDnsRecords',
        Effect: 'Allow',
        Action: [
          'route53:ChangeResourceRecordSets',
          'route53:GetHostedZone',
          'route53:ListHostedZonesByName',
        ],
        Resource: ['*'],
        Condition,
      },
    ];
  }
  return [
    {
      Sid: 'CloudMapDnsRecords',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'route53:GetHostedZone'],
      Resource: [`arn:${partition}:route53:::hostedzone/${hostedZoneId}`],
      Condition,
    },
    {
      Sid: 'CloudMapDnsZoneLookup',
      Effect: 'Allow',
      Action: ['route53:ListHostedZonesByName'],
      Resource: ['*'],
    },
  ];
}

function healthCheckStatements(partition: string): PolicyStatement[] {
  return [
    {
      Sid: 'CloudMapHealthCheckCreate',
      Effect: 'Allow',
      Action: ['route53:CreateHealthCheck'],
      Resource: ['*'],
    },
    {
      Sid: 'CloudMapHealthChecks',
      Effect: 'Allow',
      Action: ['route53:DeleteHealthCheck', 'route53:GetHealthCheck', 'route53:UpdateHealthCheck'],
      Resource: [`arn:${partition}:route53:::healthcheck/*`],
    },
  ];
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const NAMESPACE_TYPES: unknown[] = ['HTTP', 'DNS', 'DNS_PRIVATE', 'DNS_PUBLIC'];

/** The declared schema of {@link registrationAgentStatements}' options, in the order problems are reported. */
const AGENT_POLICY_OPTIONS = defineOptions<RegistrationAgentPolicyOptions>({
  region: REGION_RULE,
  account: ACCOUNT_RULE,
  service: ecsRule(
    'REQUIRED',
    'must be { serviceId } or { namespaceName, serviceName }',
    (v) => {
      const service = v as Partial<{ serviceId: string; namespaceName: string; serviceName: string }>;
      return (
        typeof v === 'object' &&
        v !== null &&
        (isText(service.serviceId) || (isText(service.namespaceName) && isText(service.serviceName)))
      );
    },
    true,
  ),
  namespaceType: ecsRule('ENUM', 'must be "DNS" or "HTTP" (or "DNS_PRIVATE", "DNS_PUBLIC")', (v) =>
    NAMESPACE_TYPES.includes(v),
  ),
  hostedZoneId: ecsRule(
    'HOSTED_ZONE',
    'must be a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ"',
    (v) => typeof v === 'string' && HOSTED_ZONE_ID.test(v),
  ),
  dnsRecordName: ecsRule(
    'DNS_NAME',
    'must be a DNS name like "jazz.prod.local"',
    (v) => typeof v === 'string' && /^[A-Za-z0-9_.-]{1,253}$/.test(v),
  ),
  // Cloud Map's Tag: Key 1-128 characters, Value 0-256.
  serviceTag: ecsRule('TAG', 'must be { key (1-128 characters), value (0-256) }', (v) => {
    const tag = v as { key?: unknown; value?: unknown };
    return (
      typeof v === 'object' &&
      v !== null &&
      typeof tag.key === 'string' &&
      /^.{1,128}$/su.test(tag.key) &&
      typeof tag.value === 'string' &&
      tag.value.length <= 256
    );
  }),
});

function checkOptions(options: RegistrationAgentPolicyOptions): {
  service: Partial<{ serviceId: string; namespaceName: string; serviceName: string }>;
  recordName: string | undefined;
} {
  const issues = new InputIssues();
  addOptionIssues(issues, AGENT_POLICY_OPTIONS, options, 'the options');
  issues.throwIfAny();
  const { service } = options as {
    service: Partial<{ serviceId: string; namespaceName: string; serviceName: string }>;
  };
  const named =
    service.serviceId === undefined ? `${service.serviceName}.${service.namespaceName}` : undefined;
  // Route 53 compares normalized names: lower case, no trailing dot.
  const recordName = (options.dnsRecordName ?? named)?.toLowerCase().replace(/\.$/, '');
  return { service, recordName };
}
