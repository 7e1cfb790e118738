import type {
  MeshModel,
  ValidationIssue,
  VirtualGatewayResource,
  VirtualNodeResource,
} from '@meshplane/core';
import {
  type AgentNamespaceType,
  EcsInputError,
  ecsTasksTrustPolicy,
  envoyImage,
  type MeshTaskDefinitionOptions,
  meshExecutionRolePolicy,
  meshGatewayTaskDefinition,
  meshTaskDefinition,
  meshTaskRolePolicy,
  registrationAgentStatements,
  xdsServerStatements,
} from '@meshplane/ecs';
import { agentDiscovery } from '@meshplane/ecs/internals';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { loadModel } from '../load-model.js';
import { printFlagProblems } from '../output/failure.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { jsonHelp } from './option-help.js';

/** Raw flags of `meshplane ecs task-definition` / `meshplane ecs iam`; values may be `true` when a flag lacks its value. */
type RawFlags = Record<string, string | boolean | string[] | undefined>;

const collect = (value: string | boolean, previous: (string | boolean)[] = []) => [...previous, value];

/** One problem with the command line: the flag, the value and the rule. */
class FlagProblems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
}

function stringFlag(problems: FlagProblems, flags: RawFlags, name: string, flag: string): string | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(`${flag} needs a value`);
    return undefined;
  }
  return value;
}

function integerFlag(problems: FlagProblems, raw: unknown, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) {
    problems.add(
      `${flag} must be a whole number, got ${typeof raw === 'string' ? JSON.stringify(raw) : 'no value'}`,
    );
    return undefined;
  }
  return Number(raw);
}

function portsFlag(problems: FlagProblems, raw: unknown): number[] | undefined {
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  const ports: number[] = [];
  for (const value of values) {
    const port = integerFlag(problems, value, '--port');
    if (port !== undefined) ports.push(port);
  }
  return ports;
}

/** Shared flags: mesh, node, region, account, model. Returns what the two commands need. */
async function commonInput(
  problems: FlagProblems,
  flags: RawFlags,
  unknown: string[],
): Promise<{
  mesh?: string;
  nodeName?: string;
  node?: VirtualNodeResource;
  region?: string;
  account?: string;
}>;
async function commonInput(
  problems: FlagProblems,
  flags: RawFlags,
  unknown: string[],
  kind: 'virtualGateway',
): Promise<{
  mesh?: string;
  nodeName?: string;
  node?: VirtualGatewayResource;
  region?: string;
  account?: string;
}>;
async function commonInput(
  problems: FlagProblems,
  flags: RawFlags,
  unknown: string[],
  kind: 'virtualNode' | 'virtualGateway' = 'virtualNode',
): Promise<{
  mesh?: string;
  nodeName?: string;
  node?: VirtualNodeResource | VirtualGatewayResource;
  region?: string;
  account?: string;
}> {
  const [flagKey, flag, what] =
    kind === 'virtualNode' ? ['node', '--node', 'virtual node'] : ['gateway', '--gateway', 'virtual gateway'];
  for (const arg of unknown) problems.add(`unknown option or argument ${JSON.stringify(arg)}`);
  const mesh = stringFlag(problems, flags, 'mesh', '--mesh');
  const nodeName = stringFlag(problems, flags, flagKey, flag);
  if (flags.mesh === undefined) problems.add('--mesh is required (the mesh name)');
  if (flags[flagKey] === undefined) problems.add(`${flag} is required (the ${what} name)`);
  const region =
    stringFlag(problems, flags, 'region', '--region') ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION;
  if (!region && flags.region === undefined) problems.add('--region is required (or set AWS_REGION)');
  const account = stringFlag(problems, flags, 'account', '--account');
  const modelPath = stringFlag(problems, flags, 'model', '--model');
  let node: VirtualNodeResource | VirtualGatewayResource | undefined;
  if (modelPath && mesh && nodeName) {
    const loaded = await loadModel(modelPath);
    const errors = loaded.issues.filter((issue: ValidationIssue) => issue.severity === 'error');
    for (const issue of errors)
      problems.add(`--model ${modelPath}: ${issue.path}: ${issue.message} [${issue.code}]`);
    if (errors.length === 0) node = findNode(problems, loaded.model, mesh, nodeName, modelPath, kind);
  }
  return { mesh, nodeName, node, region, account };
}

function findNode(
  problems: FlagProblems,
  model: MeshModel,
  mesh: string,
  name: string,
  path: string,
  kind: 'virtualNode' | 'virtualGateway',
): VirtualNodeResource | VirtualGatewayResource | undefined {
  const node = model.resources.find(
    (r): r is VirtualNodeResource | VirtualGatewayResource =>
      r.kind === kind && r.meshName === mesh && r.name === name,
  );
  if (!node) {
    const known = model.resources.filter((r) => r.kind === kind && r.meshName === mesh).map((r) => r.name);
    const [flag, what, plural] =
      kind === 'virtualNode'
        ? ['--node', 'virtual node', 'nodes']
        : ['--gateway', 'virtual gateway', 'gateways'];
    problems.add(
      `${flag} ${JSON.stringify(name)}: no ${what} of that name in mesh ${JSON.stringify(mesh)} of ${path} (${plural}: ${known.join(', ') || 'none'})`,
    );
  }
  return node;
}

/**
 * Where an ecs command's result, notes and problems go. As text: the document (JSON already, to
 * pipe into `aws ecs register-task-definition --cli-input-json`) on stdout, notes and errors on
 * stderr. With `--json`: one document on stdout, the result under its name with the notes
 * (`{ taskDefinition, notes }`, `{ taskRole, executionRole, notes }`), or the failure document.
 */
interface EcsPrinter {
  note(text: string): void;
  fail(problems: string[]): void;
  result(document: unknown, named: Record<string, unknown>): void;
}

function ecsPrinter(output: Output, flags: RawFlags): EcsPrinter {
  const json = flags.json === true;
  const notes: string[] = [];
  return {
    note: (text) => {
      if (json) notes.push(text);
      else output.err(`note: ${text}\n`);
    },
    fail: (problems) => {
      printFlagProblems(output, json, problems);
      process.exitCode = EXIT.INVALID_INPUT;
    },
    result: (document, named) => {
      printJson(output, json ? { ...named, notes } : document);
      process.exitCode = EXIT.OK;
    },
  };
}

// The library names options; on the command line, point at the flags that set them.
const FLAG_HINTS: Readonly<Record<string, string>> = {
  EXECUTION_ROLE: ' (flags: --execution-role-arn ARN, --account ID, or --no-logs)',
  ENVOY_REGION: ' (flags: --envoy-registry public or --envoy-image IMAGE)',
  FARGATE_SIZE: ' (flags: --cpu, --memory)',
};

function failWithIssues(print: EcsPrinter, error: EcsInputError): void {
  print.fail(
    error.issues.map(
      (issue) => `${issue.path}: ${issue.message} [${issue.code}]${FLAG_HINTS[issue.code] ?? ''}`,
    ),
  );
}

/** The flags both task definition commands share: output format, size, Envoy image, logs, roles. */
function taskFlags(problems: FlagProblems, flags: RawFlags) {
  const format = flags.format ?? 'api';
  if (format !== 'api' && format !== 'cloudformation') {
    problems.add(`--format must be "api" or "cloudformation", got ${JSON.stringify(format)}`);
  }
  const cpu = integerFlag(problems, flags.cpu, '--cpu');
  const memory = integerFlag(problems, flags.memory, '--memory');
  const sized = flags.cpu !== undefined || flags.memory !== undefined;
  const launchType = flags.launchType ?? (sized ? 'fargate' : 'ec2');
  if (launchType !== 'fargate' && launchType !== 'ec2') {
    problems.add(`--launch-type must be "fargate" or "ec2", got ${JSON.stringify(launchType)}`);
  } else if (launchType === 'fargate' && (flags.cpu === undefined || flags.memory === undefined)) {
    problems.add('a Fargate task needs both --cpu and --memory (e.g. --cpu 256 --memory 512)');
  }
  const registry = flags.envoyRegistry;
  if (registry !== undefined && registry !== 'public' && registry !== 'regional') {
    problems.add(`--envoy-registry must be "public" or "regional", got ${JSON.stringify(registry)}`);
  }
  const family = stringFlag(problems, flags, 'family', '--family');
  const envoyImage = stringFlag(problems, flags, 'envoyImage', '--envoy-image');
  const envoyTag = stringFlag(problems, flags, 'envoyTag', '--envoy-tag');
  const logGroup = stringFlag(problems, flags, 'logGroup', '--log-group');
  const executionRoleArn = stringFlag(problems, flags, 'executionRoleArn', '--execution-role-arn');
  const taskRoleArn = stringFlag(problems, flags, 'taskRoleArn', '--task-role-arn');
  return {
    format,
    cpu,
    memory,
    launchType,
    registry,
    family,
    envoyImage,
    envoyTag,
    logGroup,
    executionRoleArn,
    taskRoleArn,
  };
}

/** The renderer options that come from {@link taskFlags}. */
function taskOptions(task: ReturnType<typeof taskFlags>, flags: RawFlags) {
  return {
    envoy: {
      ...(task.envoyImage ? { image: task.envoyImage } : {}),
      ...(task.envoyTag ? { tag: task.envoyTag } : {}),
      ...(task.registry ? { registry: task.registry as 'public' | 'regional' } : {}),
    },
    ...(flags.xray ? { xray: true } : {}),
    ...(task.launchType === 'fargate'
      ? { fargate: { cpu: task.cpu as number, memory: task.memory as number } }
      : { cpu: task.cpu, memory: task.memory }),
    ...(flags.logs === false
      ? { logging: false as const }
      : task.logGroup
        ? { logging: { group: task.logGroup } }
        : {}),
    ...(task.executionRoleArn ? { executionRoleArn: task.executionRoleArn } : {}),
    ...(task.taskRoleArn ? { taskRoleArn: task.taskRoleArn } : {}),
  };
}

// The model source of --xds-model, for the permissions it needs (a file in the image needs none).
function xdsModelOf(model: string | undefined): Parameters<typeof xdsServerStatements>[0]['model'] {
  const s3 = model ? /^s3:\/\/([^/]+)\/(.+)$/.exec(model) : null;
  if (s3) return { kind: 's3', bucket: s3[1] as string, key: s3[2] as string };
  const appmesh = model ? /^appmesh:(.+)$/.exec(model) : null;
  return appmesh ? { kind: 'appmesh', mesh: appmesh[1] as string } : { kind: 'file' };
}

// --control-plane task|central|appmesh and the xDS settings of the task and central modes.
function controlPlaneFlags(
  problems: FlagProblems,
  flags: RawFlags,
): Pick<MeshTaskDefinitionOptions, 'controlPlane' | 'xds'> {
  const mode = flags.controlPlane ?? 'task';
  if (mode !== 'task' && mode !== 'central' && mode !== 'appmesh') {
    problems.add(
      `--control-plane must be task (the default), central or appmesh, got ${JSON.stringify(mode)}`,
    );
  }
  const endpoint = stringFlag(problems, flags, 'xdsEndpoint', '--xds-endpoint');
  const model = stringFlag(problems, flags, 'xdsModel', '--xds-model');
  const image = stringFlag(problems, flags, 'xdsImage', '--xds-image');
  const xds = {
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(image !== undefined ? { image } : {}),
  };
  return {
    controlPlane: mode as MeshTaskDefinitionOptions['controlPlane'],
    ...(Object.keys(xds).length ? { xds } : {}),
  };
}

/**
 * `meshplane ecs task-definition`: the task definition of a virtual node with its Envoy sidecar.
 * Exported for tests and for programs that embed the CLI.
 *
 * @example
 * ```ts
 * import { runTaskDefinition } from './commands/ecs.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * await runTaskDefinition(
 *   { mesh: 'dj-app', node: 'dj', image: 'dj:v1', port: ['9080'], region: 'us-east-1' },
 *   [],
 *   processOutput(),
 * );
 * ```
 */
export async function runTaskDefinition(flags: RawFlags, unknown: string[], output: Output): Promise<void> {
  const print = ecsPrinter(output, flags);
  const problems = new FlagProblems();
  const common = await commonInput(problems, flags, unknown);
  const image = stringFlag(problems, flags, 'image', '--image');
  if (flags.image === undefined) problems.add('--image is required (the application image)');
  const ports = portsFlag(problems, flags.port);
  if (ports === undefined && !common.node && flags.model === undefined) {
    problems.add('--port is required (the listener port of the node), unless --model gives the node');
  }
  const task = taskFlags(problems, flags);
  const agentImage = stringFlag(problems, flags, 'agentImage', '--agent-image');
  const agentServiceId = stringFlag(problems, flags, 'agentServiceId', '--agent-service-id');
  const agentNamespace = stringFlag(problems, flags, 'agentNamespace', '--agent-namespace');
  const agentService = stringFlag(problems, flags, 'agentService', '--agent-service');
  if (!agentImage && (agentServiceId || agentNamespace || agentService)) {
    problems.add('--agent-service-id, --agent-namespace and --agent-service need --agent-image');
  }
  if ((agentNamespace === undefined) !== (agentService === undefined)) {
    problems.add('--agent-namespace and --agent-service go together');
  }
  const controlPlane = controlPlaneFlags(problems, flags);
  if (problems.list.length > 0) return print.fail(problems.list);

  const name = common.nodeName as string;
  const options: MeshTaskDefinitionOptions = {
    ...taskOptions(task, flags),
    family: task.family ?? name,
    mesh: common.mesh as string,
    virtualNode: common.node ?? { name, ports: ports ?? [] },
    app: { image: image as string, ...(common.node && ports ? { ports } : {}) },
    region: common.region as string,
    ...(common.account ? { account: common.account } : {}),
    ...(flags.statsd ? { statsd: true } : {}),
    ...controlPlane,
    ...(agentImage
      ? {
          agent: {
            image: agentImage,
            ...(agentServiceId
              ? { service: { serviceId: agentServiceId } }
              : agentNamespace && agentService
                ? { service: { namespaceName: agentNamespace, serviceName: agentService } }
                : {}),
          },
        }
      : {}),
  };
  try {
    const rendered = meshTaskDefinition(options);
    for (const notice of rendered.notices ?? []) print.note(notice);
    const taskDefinition = task.format === 'cloudformation' ? rendered.cloudFormation : rendered.api;
    print.result(taskDefinition, { taskDefinition });
  } catch (error) {
    if (error instanceof EcsInputError) return failWithIssues(print, error);
    throw error;
  }
}

/**
 * `meshplane ecs gateway-task-definition`: the task definition of a virtual gateway (Envoy alone).
 *
 * @example
 * ```ts
 * import { runGatewayTaskDefinition } from './commands/ecs.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * await runGatewayTaskDefinition({ mesh: 'dj-app', gateway: 'ingress', port: ['8080'], region: 'us-east-1' }, [], processOutput());
 * ```
 */
export async function runGatewayTaskDefinition(
  flags: RawFlags,
  unknown: string[],
  output: Output,
): Promise<void> {
  const print = ecsPrinter(output, flags);
  const problems = new FlagProblems();
  const common = await commonInput(problems, flags, unknown, 'virtualGateway');
  const ports = portsFlag(problems, flags.port);
  if (ports === undefined && !common.node && flags.model === undefined) {
    problems.add('--port is required (the listener port of the gateway), unless --model gives the gateway');
  }
  const task = taskFlags(problems, flags);
  const controlPlane = controlPlaneFlags(problems, flags);
  if (problems.list.length > 0) return print.fail(problems.list);
  const name = common.nodeName as string;
  try {
    const rendered = meshGatewayTaskDefinition({
      ...controlPlane,
      ...taskOptions(task, flags),
      family: task.family ?? name,
      mesh: common.mesh as string,
      virtualGateway: common.node ?? { name, ports: ports ?? [] },
      region: common.region as string,
      ...(common.account ? { account: common.account } : {}),
    });
    for (const notice of rendered.notices ?? []) print.note(notice);
    const taskDefinition = task.format === 'cloudformation' ? rendered.cloudFormation : rendered.api;
    print.result(taskDefinition, { taskDefinition });
  } catch (error) {
    if (error instanceof EcsInputError) return failWithIssues(print, error);
    throw error;
  }
}

/**
 * `meshplane ecs iam`: the task role and execution role policies of a virtual node's task.
 *
 * @example
 * ```ts
 * import { runIam } from './commands/ecs.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * await runIam({ mesh: 'dj-app', node: 'dj', region: 'us-east-1', account: '111122223333' }, [], processOutput());
 * ```
 */
export async function runIam(flags: RawFlags, unknown: string[], output: Output): Promise<void> {
  const print = ecsPrinter(output, flags);
  const problems = new FlagProblems();
  const common = await commonInput(problems, flags, unknown);
  const logGroup = stringFlag(problems, flags, 'logGroup', '--log-group');
  const images = (
    Array.isArray(flags.image) ? flags.image : flags.image === undefined ? [] : [flags.image]
  ).filter((image): image is string => {
    if (typeof image === 'string' && image.trim() !== '') return true;
    problems.add('--image needs a value');
    return false;
  });
  const agentServiceId = stringFlag(problems, flags, 'agentServiceId', '--agent-service-id');
  const agentNamespace = stringFlag(problems, flags, 'agentNamespace', '--agent-namespace');
  const agentService = stringFlag(problems, flags, 'agentService', '--agent-service');
  // The execution role pulls the Envoy image too when it comes from a private (regional) ECR repository.
  const envoyRegistry = flags.envoyRegistry;
  if (envoyRegistry !== undefined && envoyRegistry !== 'public' && envoyRegistry !== 'regional') {
    problems.add(`--envoy-registry must be "public" or "regional", got ${JSON.stringify(envoyRegistry)}`);
  }
  const envoyImageFlag = stringFlag(problems, flags, 'envoyImage', '--envoy-image');
  const envoyTag = stringFlag(problems, flags, 'envoyTag', '--envoy-tag');
  const namespaceType = flags.namespaceType ?? 'DNS';
  if (!['DNS', 'HTTP', 'DNS_PRIVATE', 'DNS_PUBLIC'].includes(namespaceType as string)) {
    problems.add(
      `--namespace-type must be "DNS" or "HTTP" (or "DNS_PRIVATE", "DNS_PUBLIC"), got ${JSON.stringify(namespaceType)}`,
    );
  }
  const hostedZoneId = stringFlag(problems, flags, 'hostedZoneId', '--hosted-zone-id');
  const tagFlag = stringFlag(problems, flags, 'agentServiceTag', '--agent-service-tag');
  const tagAt = tagFlag?.indexOf('=') ?? -1;
  if (tagFlag !== undefined && tagAt <= 0) {
    problems.add(`--agent-service-tag must be KEY=VALUE, got ${JSON.stringify(tagFlag)}`);
  }
  const serviceTag =
    tagFlag !== undefined && tagAt > 0
      ? { key: tagFlag.slice(0, tagAt), value: tagFlag.slice(tagAt + 1) }
      : undefined;
  const wantsAgent = flags.agent === true || Boolean(agentServiceId || agentNamespace || agentService);
  const discovered = common.node ? agentDiscovery({ virtualNode: common.node }).service : undefined;
  const agentRef = agentServiceId
    ? { serviceId: agentServiceId }
    : agentNamespace && agentService
      ? { namespaceName: agentNamespace, serviceName: agentService }
      : discovered;
  if (wantsAgent && !agentRef) {
    problems.add(
      '--agent needs --agent-service-id, or --agent-namespace and --agent-service, or a --model node with Cloud Map discovery',
    );
  }
  const controlPlane = controlPlaneFlags(problems, flags);
  if (problems.list.length > 0) return print.fail(problems.list);
  try {
    const taskPolicy = meshTaskRolePolicy({
      mesh: common.mesh as string,
      virtualNode: common.node ?? (common.nodeName as string),
      region: common.region as string,
      ...(common.account ? { account: common.account } : {}),
      xray: flags.xray === true,
      controlPlane: controlPlane.controlPlane,
    });
    if (controlPlane.controlPlane === 'task') {
      taskPolicy.Statement.push(
        ...xdsServerStatements({
          region: common.region as string,
          ...(common.account ? { account: common.account } : {}),
          model: xdsModelOf(controlPlane.xds?.model),
        }),
      );
    }
    if (wantsAgent && agentRef) {
      taskPolicy.Statement.push(
        ...registrationAgentStatements({
          region: common.region as string,
          ...(common.account ? { account: common.account } : {}),
          service: agentRef,
          namespaceType: namespaceType as AgentNamespaceType,
          ...(hostedZoneId ? { hostedZoneId } : {}),
          ...(serviceTag ? { serviceTag } : {}),
        }),
      );
      // IAM cannot scope Cloud Map's instance writes by service name (the ARN holds the generated id).
      if (!('serviceId' in agentRef) && !serviceTag) {
        print.note(
          `the agent may register in any Cloud Map service of the account in ${common.region}: give --agent-service-id or --agent-service-tag KEY=VALUE to scope it to one service`,
        );
      }
    }
    const envoy =
      envoyImageFlag ??
      (envoyRegistry === 'regional'
        ? envoyImage({
            region: common.region as string,
            registry: 'regional',
            ...(envoyTag ? { tag: envoyTag } : {}),
          }).image
        : undefined);
    const executionPolicy = meshExecutionRolePolicy({
      region: common.region as string,
      ...(common.account ? { account: common.account } : {}),
      ...(flags.logs === false ? {} : { logGroup: logGroup ?? `/ecs/${common.nodeName}` }),
      images: envoy ? [...images, envoy] : images,
    });
    if (!common.account) print.note('no --account given: the ARNs use "*" for the account');
    const roles = {
      taskRole: { assumeRolePolicyDocument: ecsTasksTrustPolicy(), policyDocument: taskPolicy },
      executionRole: { assumeRolePolicyDocument: ecsTasksTrustPolicy(), policyDocument: executionPolicy },
    };
    print.result(roles, roles);
  } catch (error) {
    if (error instanceof EcsInputError) return failWithIssues(print, error);
    throw error;
  }
}

/**
 * Registers `meshplane ecs task-definition`, `meshplane ecs gateway-task-definition` and
 * `meshplane ecs iam`. All print JSON on stdout (with `--json`, wrapped with their notes);
 * every bad flag is reported at once (on stderr, or as the `--json` failure document), exit 2.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerEcs } from './commands/ecs.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerEcs(program);
 * await program.parseAsync(['node', 'meshplane', 'ecs', 'iam', '--mesh', 'dj-app', '--node', 'dj', '--region', 'us-east-1']);
 * ```
 */
export function registerEcs(program: Command, output: Output = processOutput()): void {
  const ecs = program
    .command('ecs')
    .description('ECS tasks in the mesh: Envoy task definitions and IAM policies');
  // Values are optional at the commander level so that a missing value is reported with the
  // other problems (exit 2) instead of as a commander usage error.
  registerTaskDefinitionCommand(ecs, output);
  registerGatewayCommand(ecs, output);
  registerIamCommand(ecs, output);
}

function registerTaskDefinitionCommand(ecs: Command, output: Output): void {
  ecs
    .command('task-definition')
    .description('Print the ECS task definition (app + Envoy sidecar) of a virtual node, as JSON')
    .option('--mesh [name]', 'the mesh of the virtual node (required)')
    .option('--node [name]', 'virtual node name (required)')
    .option('--image [image]', 'application image (required)')
    .option('--port [port]', 'listener port of the node (repeatable, or comma-separated)', collect)
    .option('--model [path]', 'read the node (and its listener ports) from a model file or folder')
    .option('--region [region]', 'AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)')
    .option('--account [id]', 'account that owns the mesh: full ARNs, default execution role')
    .option('--family [family]', 'task definition family (default: the node name)')
    .option(
      '--format [format]',
      'api (RegisterTaskDefinition input) or cloudformation (AWS::ECS::TaskDefinition properties)',
    )
    .option('--xray', 'add the X-Ray daemon and Envoy X-Ray tracing')
    .option('--statsd', 'enable Envoy DogStatsD metrics')
    .option('--cpu [units]', 'task CPU units (with --memory: a Fargate task)')
    .option('--memory [mib]', 'task memory in MiB')
    .option('--launch-type [type]', 'fargate or ec2 (default: fargate when --cpu/--memory are given)')
    .option('--envoy-image [image]', 'Envoy image (replaces --envoy-registry/--envoy-tag)')
    .option('--envoy-registry [registry]', 'public (default) or regional ECR')
    .option('--envoy-tag [tag]', 'Envoy image tag')
    .option('--log-group [group]', 'awslogs group (default /ecs/<family>)')
    .option('--no-logs', 'no log configuration')
    .option('--execution-role-arn [arn]', 'task execution role')
    .option('--task-role-arn [arn]', 'task role')
    .option(
      '--agent-image [image]',
      'add the meshplane-ecs-agent sidecar (Cloud Map registration) from this image',
    )
    .option('--agent-service-id [id]', 'Cloud Map service id for the agent')
    .option(
      '--agent-namespace [name]',
      "Cloud Map namespace for the agent (default: the node's, with --model)",
    )
    .option('--agent-service [name]', "Cloud Map service for the agent (default: the node's, with --model)")
    .option(
      '--control-plane [mode]',
      'where Envoy gets its configuration: task (default: the agent serves it over a socket), central (--xds-endpoint) or appmesh (needs App Mesh, discontinued 2026-09-30)',
    )
    .option('--xds-endpoint [host:port]', 'central: the control plane load balancer (APPMESH_XDS_ENDPOINT)')
    .option(
      '--xds-model [source]',
      'task: the model the agent serves: /path/in/image.json, s3://bucket/key or appmesh:<mesh>',
    )
    .option('--xds-image [image]', 'task: the image that runs meshplane-ecs-agent (default --agent-image)')
    .option('--json', jsonHelp('{ taskDefinition, notes }'))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (flags: RawFlags, command: Command) => runTaskDefinition(flags, command.args, output));
}

function registerGatewayCommand(ecs: Command, output: Output): void {
  ecs
    .command('gateway-task-definition')
    .description('Print the ECS task definition of a virtual gateway (a standalone Envoy), as JSON')
    .option('--mesh [name]', 'the mesh of the virtual gateway (required)')
    .option('--gateway [name]', 'virtual gateway name (required)')
    .option('--port [port]', 'listener port of the gateway (repeatable, or comma-separated)', collect)
    .option('--model [path]', 'read the gateway (and its listener ports) from a model file or folder')
    .option('--region [region]', 'AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)')
    .option('--account [id]', 'account that owns the mesh: full ARNs, default execution role')
    .option('--family [family]', 'task definition family (default: the gateway name)')
    .option('--format [format]', 'api or cloudformation')
    .option('--xray', 'add the X-Ray daemon and Envoy X-Ray tracing')
    .option('--cpu [units]', 'task CPU units (with --memory: a Fargate task)')
    .option('--memory [mib]', 'task memory in MiB')
    .option('--launch-type [type]', 'fargate or ec2 (default: fargate when --cpu/--memory are given)')
    .option('--envoy-image [image]', 'Envoy image (replaces --envoy-registry/--envoy-tag)')
    .option('--envoy-registry [registry]', 'public (default) or regional ECR')
    .option('--envoy-tag [tag]', 'Envoy image tag')
    .option('--log-group [group]', 'awslogs group (default /ecs/<family>)')
    .option('--no-logs', 'no log configuration')
    .option('--execution-role-arn [arn]', 'task execution role')
    .option('--task-role-arn [arn]', 'task role')
    .option('--control-plane [mode]', 'task (default), central (--xds-endpoint) or appmesh (needs App Mesh)')
    .option('--xds-endpoint [host:port]', 'central: the control plane load balancer')
    .option('--xds-model [source]', 'task: /path/in/image.json, s3://bucket/key or appmesh:<mesh>')
    .option('--xds-image [image]', 'task: the image that runs meshplane-ecs-agent')
    .option('--json', jsonHelp('{ taskDefinition, notes }'))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (flags: RawFlags, command: Command) =>
      runGatewayTaskDefinition(flags, command.args, output),
    );
}

function registerIamCommand(ecs: Command, output: Output): void {
  ecs
    .command('iam')
    .description('Print the least-privilege task role and execution role policies of a virtual node, as JSON')
    .option('--mesh [name]', 'the mesh of the virtual node (required)')
    .option('--node [name]', 'virtual node name (required)')
    .option('--model [path]', 'read the node from a model (its TLS settings add ACM permissions)')
    .option('--region [region]', 'AWS region (default: AWS_REGION or AWS_DEFAULT_REGION)')
    .option('--account [id]', 'account that owns the mesh (default "*")')
    .option('--xray', 'add the X-Ray write permissions')
    .option(
      '--image [image]',
      'an image the task pulls (repeatable): private ECR images get pull permissions',
      collect,
    )
    .option('--log-group [group]', 'awslogs group (default /ecs/<node>)')
    .option('--no-logs', 'no CloudWatch Logs permissions')
    .option(
      '--envoy-registry [registry]',
      'public (default) or regional: the regional ECR Envoy image gets pull permissions',
    )
    .option('--envoy-tag [tag]', 'Envoy image tag (with --envoy-registry regional)')
    .option('--envoy-image [image]', 'Envoy image, when it is a private ECR image of your own')
    .option('--agent', 'add the registration agent permissions (Cloud Map)')
    .option('--agent-service-id [id]', 'Cloud Map service id the agent registers in')
    .option('--agent-namespace [name]', 'Cloud Map namespace the agent registers in (with --agent-service)')
    .option('--agent-service [name]', 'Cloud Map service the agent registers in (with --agent-namespace)')
    .option(
      '--namespace-type [type]',
      'DNS (default: adds Route 53 record permissions), DNS_PRIVATE, DNS_PUBLIC (also Route 53 health checks) or HTTP',
    )
    .option(
      '--hosted-zone-id [id]',
      "the namespace's Route 53 hosted zone: scopes the agent's record writes to it",
    )
    .option(
      '--control-plane [mode]',
      'task (default: the agent serves xDS: Cloud Map discovery and the model), central or appmesh (adds appmesh:StreamAggregatedResources)',
    )
    .option(
      '--xds-model [source]',
      'task: the model the agent reads (s3://bucket/key adds s3:GetObject on it)',
    )
    .option(
      '--agent-service-tag [key=value]',
      'a tag of the Cloud Map service: scopes the agent to it when the service is given by name',
    )
    .option('--json', jsonHelp('{ taskRole, executionRole, notes }'))
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (flags: RawFlags, command: Command) => runIam(flags, command.args, output));
}
