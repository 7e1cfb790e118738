import type { VirtualGatewayResource, VirtualNodeResource } from '@meshplane/core';
import { defineOptions, excludes, requiredWithout } from '@meshplane/core';
import { partitionOf } from '../envoy/image.js';
import { InputIssues, show } from '../input-issues.js';
import { addOptionIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import type { VirtualGatewayInput } from '../task-definition/gateway.js';
import type {
  ControlPlaneMode,
  MeshTaskDefinitionOptions,
  VirtualNodeInput,
} from '../task-definition/options.js';
import { type ResolvedNodeTask, resolveNodeTask } from '../task-definition/resolve-node-task.js';
import { LOG_GROUP_PATTERN } from '../task-definition/task-level.js';
import { ACCOUNT_RULE, isStringList, REGION_RULE } from './aws-scope-rules.js';
import { agentStatementsOf } from './registration-agent.js';
import { xdsServerStatements } from './xds-server-statements.js';

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal?: { Service: string };
  Action: string[];
  Resource?: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document, ready for `JSON.stringify` (or a CloudFormation `PolicyDocument`). */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Input of {@link meshTaskRolePolicy}. */
export interface TaskRolePolicyOptions {
  mesh: string;
  /** The node name, or the node from the model (its TLS settings add the ACM permissions). */
  virtualNode?: string | VirtualNodeInput;
  /** For a virtual gateway's task instead of a node's: its name, or the gateway from the model. */
  virtualGateway?: string | VirtualGatewayInput;
  region: string;
  /** The account that owns the mesh. Default `*` (any account): pass it for least privilege. */
  account?: string;
  /** Envoy sends traces to the X-Ray daemon: adds the X-Ray write actions. */
  xray?: boolean;
  /**
   * Where Envoy gets its configuration. Only `appmesh` (App Mesh's management service,
   * discontinued 2026-09-30) needs `appmesh:StreamAggregatedResources`. Default `task`.
   */
  controlPlane?: ControlPlaneMode;
  /** ACM certificates Envoy serves on its listeners (`acm:ExportCertificate`). */
  certificateArns?: string[];
  /** ACM Private CAs Envoy trusts for backends (`acm-pca:GetCertificateAuthorityCertificate`). */
  certificateAuthorityArns?: string[];
}

const XRAY_WRITE_ACTIONS = [
  'xray:GetSamplingRules',
  'xray:GetSamplingStatisticSummaries',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/**
 * The least-privilege policy of the task role of a meshed task: with `controlPlane: 'appmesh'`,
 * `appmesh:StreamAggregatedResources` on the node's ARN only (no other mode calls App Mesh), the X-Ray writes when tracing (X-Ray has no resource-level
 * permissions, hence `*`), and with TLS `acm:ExportCertificate` / `acm-pca:GetCertificateAuthorityCertificate`
 * on exactly the certificates and CAs the node uses.
 *
 * @example
 * ```ts
 * import { meshTaskRolePolicy } from '@meshplane/ecs';
 * const policy = meshTaskRolePolicy({ mesh: 'dj-app', virtualNode: 'dj', region: 'us-east-1', account: '111122223333', controlPlane: 'appmesh' });
 * console.log(policy.Statement[0]?.Resource); // ['arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualNode/dj']
 * console.log(meshTaskRolePolicy({ mesh: 'dj-app', virtualNode: 'dj', region: 'us-east-1' }).Statement); // []
 * ```
 */
export function meshTaskRolePolicy(input: TaskRolePolicyOptions): PolicyDocument {
  return taskRolePolicyOf(plainInput(input, 'options'));
}

const isName = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 255;
const namesOrIs = (v: unknown) =>
  isName(v) || (typeof v === 'object' && v !== null && isName((v as { name?: unknown }).name));
const listOfStrings = ecsRule('TYPE', 'must be a list of strings', isStringList);

/** The declared schema of {@link meshTaskRolePolicy}'s options, in the order problems are reported. */
const TASK_ROLE_OPTIONS = defineOptions<TaskRolePolicyOptions>(
  {
    region: REGION_RULE,
    account: ACCOUNT_RULE,
    mesh: ecsRule('NAME', 'must be an App Mesh name of 1-255 characters', isName, true),
    virtualNode: ecsRule(
      'NAME',
      'must name a virtual node (1-255 characters), or be one of the model',
      namesOrIs,
    ),
    virtualGateway: ecsRule(
      'NAME',
      'must name a virtual gateway (1-255 characters), or be one of the model',
      namesOrIs,
    ),
    xray: ecsRule('TYPE', 'must be true or false', (v) => typeof v === 'boolean'),
    controlPlane: ecsRule('ENUM', 'must be "task" (the default), "central" or "appmesh"', (v) =>
      ['task', 'central', 'appmesh'].includes(v as string),
    ),
    certificateArns: listOfStrings,
    certificateAuthorityArns: listOfStrings,
  },
  [
    {
      ...excludes('virtualGateway', 'virtualNode', 'cannot be used together with virtualNode: give one'),
      code: 'CONFLICT',
    },
    {
      ...requiredWithout('virtualNode', 'virtualGateway', 'must name a virtual node (1-255 characters)'),
      code: 'NAME',
    },
  ],
);

// meshTaskRolePolicy on options already read into plain data (by the public entry points).
function taskRolePolicyOf(options: TaskRolePolicyOptions): PolicyDocument {
  const issues = new InputIssues();
  addOptionIssues(issues, TASK_ROLE_OPTIONS, options, 'the options');
  const kind = options.virtualGateway !== undefined ? 'virtualGateway' : 'virtualNode';
  const target = options.virtualGateway ?? options.virtualNode;
  const nodeName = typeof target === 'string' ? target : target?.name;
  const fromNode =
    typeof target === 'object' && target !== null && 'kind' in target
      ? tlsArnsOf(issues, kind, target)
      : { certificates: [], authorities: [] };
  const certificates = unique([...listOr(options.certificateArns), ...fromNode.certificates]);
  const authorities = unique([...listOr(options.certificateAuthorityArns), ...fromNode.authorities]);
  for (const arn of certificates) {
    checkArn(issues, 'certificateArns', arn, /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/);
  }
  for (const arn of authorities) {
    checkArn(
      issues,
      'certificateAuthorityArns',
      arn,
      /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/.+$/,
    );
  }
  issues.throwIfAny();

  const partition = partitionOf(options.region);
  const account = options.account ?? '*';
  const statements: PolicyStatement[] = [];
  if (options.controlPlane === 'appmesh') {
    statements.push({
      Sid: 'AppMeshEnvoyConfiguration',
      Effect: 'Allow',
      Action: ['appmesh:StreamAggregatedResources'],
      Resource: [
        `arn:${partition}:appmesh:${options.region}:${account}:mesh/${options.mesh}/${kind}/${nodeName}`,
      ],
    });
  }
  if (options.xray)
    statements.push({ Sid: 'XRayWrite', Effect: 'Allow', Action: XRAY_WRITE_ACTIONS, Resource: ['*'] });
  if (certificates.length) {
    statements.push({
      Sid: 'EnvoyListenerCertificates',
      Effect: 'Allow',
      Action: ['acm:ExportCertificate'],
      Resource: certificates,
    });
  }
  if (authorities.length) {
    statements.push({
      Sid: 'EnvoyTrustedAuthorities',
      Effect: 'Allow',
      Action: ['acm-pca:GetCertificateAuthorityCertificate'],
      Resource: authorities,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Input of {@link meshExecutionRolePolicy}. */
export interface ExecutionRolePolicyOptions {
  region: string;
  /** Default `*`. */
  account?: string;
  /** The awslogs group the containers write to; omit when logging is off. */
  logGroup?: string;
  /** The task creates its log group (`awslogs-create-group`). */
  createLogGroup?: boolean;
  /** Images the task pulls; private ECR ones get pull permissions on their repository. */
  images?: string[];
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/**
 * The policy of the task execution role: ECR pulls for the private ECR images the task uses
 * (`ecr:GetAuthorizationToken` has no resource-level permissions, hence `*`) and CloudWatch
 * Logs writes to the task's log group.
 *
 * @example
 * ```ts
 * import { meshExecutionRolePolicy } from '@meshplane/ecs';
 * const policy = meshExecutionRolePolicy({ region: 'us-east-1', account: '111122223333', logGroup: '/ecs/dj' });
 * console.log(policy.Statement.map((s) => s.Sid)); // ['CloudWatchLogsWrite']
 * ```
 */
export function meshExecutionRolePolicy(input: ExecutionRolePolicyOptions): PolicyDocument {
  return executionRolePolicyOf(plainInput(input, 'options'));
}

/** The declared schema of {@link meshExecutionRolePolicy}'s options. */
const EXECUTION_ROLE_OPTIONS = defineOptions<ExecutionRolePolicyOptions>({
  region: REGION_RULE,
  account: ACCOUNT_RULE,
  images: listOfStrings,
  logGroup: ecsRule(
    'LOG_GROUP',
    'must be 1-512 characters of letters, digits and . - _ / #',
    (v) => typeof v === 'string' && LOG_GROUP_PATTERN.test(v),
  ),
  createLogGroup: ecsRule('TYPE', 'must be true or false', (v) => typeof v === 'boolean'),
});

/**
 * {@link meshExecutionRolePolicy} on options already read into plain data.
 *
 * @example
 * ```ts
 * import { executionRolePolicyOf } from './policies.js'; // inside packages/ecs/src/iam
 * console.log(executionRolePolicyOf({ region: 'us-east-1' }).Statement); // []
 * ```
 */
export function executionRolePolicyOf(options: ExecutionRolePolicyOptions): PolicyDocument {
  const issues = new InputIssues();
  addOptionIssues(issues, EXECUTION_ROLE_OPTIONS, options, 'the options');
  const images = listOr(options.images);
  issues.throwIfAny();
  const partition = partitionOf(options.region);
  const account = options.account ?? '*';
  const repositories = unique(
    images.flatMap((image) => {
      const match = ECR_IMAGE.exec(image);
      if (!match) return [];
      const [, owner, region, name] = match as unknown as [string, string, string, string];
      return [`arn:${partitionOf(region)}:ecr:${region}:${owner}:repository/${name}`];
    }),
  );
  const statements: PolicyStatement[] = [];
  if (repositories.length) {
    statements.push({
      Sid: 'EcrAuthorization',
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken'],
      Resource: ['*'],
    });
    statements.push({
      Sid: 'EcrPull',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: repositories,
    });
  }
  if (options.logGroup) {
    statements.push({
      Sid: 'CloudWatchLogsWrite',
      Effect: 'Allow',
      Action: [
        ...(options.createLogGroup ? ['logs:CreateLogGroup'] : []),
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ],
      Resource: [`arn:${partition}:logs:${options.region}:${account}:log-group:${options.logGroup}:*`],
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The trust policy that lets ECS tasks assume a role (both the task role and the execution role).
 *
 * @example
 * ```ts
 * import { ecsTasksTrustPolicy } from '@meshplane/ecs';
 * console.log(ecsTasksTrustPolicy().Statement[0]?.Principal); // { Service: 'ecs-tasks.amazonaws.com' }
 * ```
 */
export function ecsTasksTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EcsTasksAssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: ['sts:AssumeRole'],
      },
    ],
  };
}

/** The two roles of a meshed task, each with its trust policy and permissions. */
export interface MeshTaskIam {
  taskRole: { assumeRolePolicyDocument: PolicyDocument; policyDocument: PolicyDocument };
  executionRole: { assumeRolePolicyDocument: PolicyDocument; policyDocument: PolicyDocument };
}

/**
 * The IAM needs of a task rendered by {@link meshTaskDefinition} from the same options: the task
 * role (Envoy, X-Ray, TLS) and the execution role (image pulls, logs).
 *
 * @example
 * ```ts
 * import { meshTaskIam } from '@meshplane/ecs';
 * const iam = meshTaskIam({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] },
 *   app: { image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/dj:v1' }, region: 'us-east-1', account: '111122223333',
 *   xds: { image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane-ecs-agent:0.1.0', model: 's3://dj-app-mesh/dj-app.json' },
 * });
 * console.log(iam.executionRole.policyDocument.Statement.map((s) => s.Sid));
 * // ['EcrAuthorization', 'EcrPull', 'CloudWatchLogsWrite']
 * console.log(iam.taskRole.policyDocument.Statement.map((s) => s.Sid)); // ['XdsCloudMapDiscovery', 'XdsModelObject']
 * ```
 */
export function meshTaskIam(input: MeshTaskDefinitionOptions): MeshTaskIam {
  // The same checks as the task definition (the roles are for that task), then the roles are
  // derived from the resolved options: nothing is rendered.
  return taskIamOf(resolveNodeTask(input));
}

function taskIamOf(task: ResolvedNodeTask): MeshTaskIam {
  const o = task.options;
  const taskRole = taskRolePolicyOf({
    mesh: o.mesh,
    virtualNode: o.virtualNode,
    region: o.region,
    account: o.account,
    xray: Boolean(task.xray),
    controlPlane: task.controlPlane.mode,
  });
  if (task.controlPlane.server) {
    taskRole.Statement.push(
      ...xdsServerStatements({
        region: o.region,
        account: o.account,
        model: task.controlPlane.server.model,
        namespaces: task.controlPlane.namespaces,
      }),
    );
  }
  if (task.agent?.service) {
    taskRole.Statement.push(
      ...agentStatementsOf({
        region: o.region,
        account: o.account,
        service: task.agent.service,
        namespaceType: task.agent.options.namespaceType,
        hostedZoneId: task.agent.options.hostedZoneId,
        serviceTag: task.agent.options.serviceTag,
      }),
    );
  }
  const executionRole = executionRolePolicyOf({
    region: o.region,
    account: o.account,
    logGroup: task.level.logGroup,
    createLogGroup: task.level.createLogGroup || undefined,
    images: [
      task.app.image,
      task.envoy.settings.image?.image,
      task.controlPlane.server?.image,
      task.agent?.image,
      ...task.extraContainers.map((c) => c.image),
    ].filter((image): image is string => typeof image === 'string'),
  });
  return {
    taskRole: { assumeRolePolicyDocument: ecsTasksTrustPolicy(), policyDocument: taskRole },
    executionRole: { assumeRolePolicyDocument: ecsTasksTrustPolicy(), policyDocument: executionRole },
  };
}

function tlsArnsOf(
  issues: InputIssues,
  kind: 'virtualNode' | 'virtualGateway',
  node: VirtualNodeResource | VirtualGatewayResource,
): {
  certificates: string[];
  authorities: string[];
} {
  const certificates: string[] = [];
  const authorities: string[] = [];
  const spec = node.spec ?? {};
  for (const listener of listAt(issues, `${kind}.spec.listeners`, spec.listeners)) {
    const arn = listener?.tls?.certificate?.acm?.certificateArn;
    if (arn) certificates.push(arn);
  }
  // A gateway has backend defaults only; a node also has per-backend client policies.
  const backends =
    node.kind === 'virtualNode'
      ? listAt(issues, `${kind}.spec.backends`, (spec as { backends?: unknown }).backends)
      : [];
  const trust = '.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns';
  const policies: [string, unknown][] = [
    [`${kind}.spec.backendDefaults`, spec.backendDefaults],
    ...Array.from(backends, (b, i): [string, unknown] => [
      `${kind}.spec.backends[${i}].virtualService`,
      b?.virtualService,
    ]),
  ];
  for (const [path, holder] of policies) {
    const arns = (
      holder as {
        clientPolicy?: {
          tls?: { validation?: { trust?: { acm?: { certificateAuthorityArns?: unknown } } } };
        };
      }
    )?.clientPolicy?.tls?.validation?.trust?.acm?.certificateAuthorityArns;
    authorities.push(...stringList(issues, `${path}${trust}`, arns));
  }
  return { certificates, authorities };
}

/** The list at `path`, or `[]` with an issue when it is present but not a list. */
// biome-ignore lint/suspicious/noExplicitAny: model specs are read defensively, item by item.
function listAt(issues: InputIssues, path: string, value: unknown): any[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  issues.add('TYPE', path, `${path} must be a list, got ${show(value)}`);
  return [];
}

/** An optional list of strings at `path`; `[]` with an issue otherwise. */
function stringList(issues: InputIssues, path: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && Array.from(value).every((item) => typeof item === 'string')) return value;
  issues.add('TYPE', path, `${path} must be a list of strings, got ${show(value)}`);
  return [];
}

/** A list option the schema has checked: the list, or `[]` when absent (or reported). */
function listOr(value: unknown): string[] {
  return isStringList(value) ? value : [];
}

function checkArn(issues: InputIssues, path: string, arn: string, pattern: RegExp): void {
  if (!pattern.test(arn))
    issues.add('ARN', path, `${path} is not a valid ARN for this permission: ${show(arn)}`);
}

const unique = (values: string[]): string[] => [...new Set(values)].sort();
