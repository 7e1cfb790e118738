import type { AppMeshClient, Backend, TagRef } from '@aws-sdk/client-app-mesh';
import {
  type AppMeshClientOptions,
  clientTokenFor,
  createAppMeshClient,
  createResource,
  deleteResource,
  describeResource,
  diffFields,
  isAwsError,
  normalizeSpec,
  updateResource,
} from '@meshplane/core/appmesh/internals';
import {
  type CloudMapClientOptions,
  createCloudMapClient,
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
} from '@meshplane/core/cloudmap';
import type { VirtualNodeResource, VirtualServiceResource } from '@meshplane/core/model';
import { checkOptions, defineOptions, optionRule } from '@meshplane/core/options';
import { MeshplaneLambdaError } from '../errors.js';
import { isPlainRecord, shown } from '../value-text.js';
import {
  assertAuthType,
  checkFunctionArn,
  checkFunctionUrl,
  type FunctionUrlAuthType,
  failIfProblems,
  lambdaNodeSpec,
  lambdaNodeTags,
} from './lambda-node-spec.js';

/**
 * The Cloud Map attributes `registerLambdaNode` sets itself (with `AWS_INSTANCE_PORT`); extra
 * attributes may not use these names.
 *
 * @example
 * ```ts
 * import { LAMBDA_INSTANCE_ATTRIBUTES } from '@meshplane/lambda';
 * LAMBDA_INSTANCE_ATTRIBUTES.includes('url'); // true
 * ```
 */
export const LAMBDA_INSTANCE_ATTRIBUTES = [
  'url',
  'host',
  'functionArn',
  'authType',
  'meshName',
  'virtualNodeName',
] as const;

/**
 * Problems with extra Cloud Map attributes: `AWS_` names are reserved, and the names the
 * registration sets itself would be overwritten silently.
 *
 * @example
 * ```ts
 * extraAttributeProblems({ version: 'v2', url: 'https://x/' }, 'cloudMap.attributes');
 * // ['cloudMap.attributes.url: set by the registration itself (url, host, functionArn, authType, meshName, virtualNodeName); use another name']
 * ```
 */
export function extraAttributeProblems(attributes: Record<string, unknown>, field: string): string[] {
  if (!isPlainRecord(attributes))
    return [`${field} must be an object of string values, got ${shown(attributes)}`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    // Cloud Map attribute values are strings; CloudFormation sends numbers and booleans as strings.
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`${field}.${key} must be a string, got ${shown(value)}`);
    }
    if (key.startsWith('AWS_')) problems.push(`${field}.${key}: names starting with AWS_ are reserved`);
    else if ((LAMBDA_INSTANCE_ATTRIBUTES as readonly string[]).includes(key)) {
      problems.push(
        `${field}.${key}: set by the registration itself (${LAMBDA_INSTANCE_ATTRIBUTES.join(', ')}); use another name`,
      );
    }
  }
  return problems;
}

/** Where the function is registered in Cloud Map. */
export interface LambdaCloudMapRegistration {
  /** An HTTP namespace; created when missing. */
  namespaceName: string;
  serviceName: string;
  /** Default: the function name (with `.<qualifier>` for a qualified ARN). */
  instanceId?: string;
  /** Extra custom attributes (not `AWS_`-prefixed). */
  attributes?: Record<string, string>;
}

/** Options of {@link registerLambdaNode}. */
export interface RegisterLambdaNodeOptions {
  meshName: string;
  virtualNodeName: string;
  /** `https://<url-id>.lambda-url.<region>.on.aws/` */
  functionUrl: string;
  functionArn: string;
  /** The function URL's auth type; default `AWS_IAM` (callers sign with SigV4). */
  authType?: FunctionUrlAuthType;
  /** Also create (or update) a virtual service of this name provided by the node. */
  virtualServiceName?: string;
  /** Backends of the function's own outbound calls (for the proxyless router's egress rules). */
  backends?: Backend[];
  /** Extra tags on the virtual node. */
  tags?: TagRef[];
  /** Also register a Cloud Map instance carrying the URL and the ARN. */
  cloudMap?: LambdaCloudMapRegistration;
  /** App Mesh client or its config (default: the SDK's standard configuration). */
  appMesh?: AppMeshClientOptions;
  /** Cloud Map client or its config (default: the SDK's standard configuration). */
  serviceDiscovery?: CloudMapClientOptions;
  /** Stops waiting for Cloud Map operations. */
  signal?: AbortSignal;
}

/** What {@link registerLambdaNode} did. */
export interface LambdaNodeRegistration {
  virtualNode: VirtualNodeResource;
  virtualNodeArn: string | undefined;
  virtualService: VirtualServiceResource | undefined;
  /** The Cloud Map instance, when `cloudMap` was given. */
  instance:
    | {
        namespaceId: string;
        serviceId: string;
        serviceArn: string;
        instanceId: string;
        attributes: Record<string, string>;
      }
    | undefined;
  /** What happened to the node: created, updated, or unchanged. */
  outcome: 'created' | 'updated' | 'unchanged';
}

type WriteOutcome = 'created' | 'updated' | 'unchanged';

async function upsert(
  client: AppMeshClient,
  resource: VirtualNodeResource | VirtualServiceResource,
): Promise<{ outcome: WriteOutcome; arn: string | undefined }> {
  let existing: Awaited<ReturnType<typeof describeResource>> | undefined;
  try {
    existing = await describeResource(client, resource);
    if (existing.status === 'DELETED') existing = undefined;
  } catch (error) {
    if (!isAwsError(error, 'NotFoundException')) throw error;
  }
  if (!existing) {
    try {
      const created = await createResource(client, resource, clientTokenFor('create', resource));
      return { outcome: 'created', arn: created.metadata?.arn };
    } catch (error) {
      // A retried create (crash, CloudFormation retry) finds its own resource: fall through to update.
      if (!isAwsError(error, 'ConflictException')) throw error;
      existing = await describeResource(client, resource);
    }
  }
  const same =
    diffFields(
      'spec',
      normalizeSpec({ kind: resource.kind, spec: existing.spec as never }),
      normalizeSpec(resource),
    ).length === 0;
  if (same) return { outcome: 'unchanged', arn: existing.metadata?.arn };
  const updated = await updateResource(client, resource, clientTokenFor('update', resource));
  return { outcome: 'updated', arn: updated.metadata?.arn ?? existing.metadata?.arn };
}

/**
 * The Cloud Map instance id used when none is given: the function name, `.qualifier` appended.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * defaultInstanceId('arn:aws:lambda:us-east-1:123456789012:function:recommender:live'); // 'recommender.live'
 * ```
 */
export function defaultInstanceId(functionArn: string): string {
  const problems: string[] = [];
  checkFunctionArn(functionArn, problems);
  failIfProblems(problems, 'Lambda function ARN');
  const parts = functionArn.split(':');
  const name = parts[6]!;
  const qualifier = parts[7];
  return qualifier ? `${name}.${qualifier}` : name;
}

// App Mesh's ResourceName (and virtual service names): 1-255 characters.
const meshNameRule = (required: boolean) =>
  optionRule(
    'must be a name of 1-255 characters',
    (v) => typeof v === 'string' && v.length > 0 && v.length <= 255,
    required,
  );
const nonEmpty = (required: boolean) =>
  optionRule(
    required ? 'is required (a non-empty string)' : 'must be a non-empty string',
    (v) => typeof v === 'string' && v.length > 0,
    required,
  );
// Client options may hold credentials: named, never printed.
const clientOptions = {
  ...optionRule('must be { client } or { clientConfig }', isPlainRecord),
  sensitive: true,
};

/**
 * The declared schema of {@link registerLambdaNode}'s options. The function URL, ARN and auth
 * type are parsed by the helpers the custom resource shares (`checkFunctionUrl`, …), whose
 * problems say which part of a URL is wrong; extra Cloud Map attributes by `extraAttributeProblems`.
 */
const REGISTER_OPTIONS = defineOptions<
  Omit<RegisterLambdaNodeOptions, 'functionUrl' | 'functionArn' | 'authType'>
>({
  meshName: meshNameRule(true),
  virtualNodeName: meshNameRule(true),
  virtualServiceName: meshNameRule(false),
  backends: optionRule('must be a list of App Mesh Backend objects', Array.isArray),
  tags: optionRule('must be a list of { key, value }', Array.isArray),
  cloudMap: {
    ...optionRule('must be { namespaceName, serviceName, instanceId?, attributes? }', isPlainRecord),
    members: defineOptions<Omit<LambdaCloudMapRegistration, 'attributes'>>({
      namespaceName: nonEmpty(true),
      serviceName: nonEmpty(true),
      instanceId: nonEmpty(false),
    }),
  },
  appMesh: clientOptions,
  serviceDiscovery: clientOptions,
  signal: optionRule('must be an AbortSignal', (v) => v instanceof AbortSignal),
});

/** Validates the options, reporting every problem at once. */
function checkRegisterOptions(options: RegisterLambdaNodeOptions) {
  if (!isPlainRecord(options))
    failIfProblems([`options must be an object, got ${shown(options)}`], 'Lambda node');
  const problems = checkOptions(REGISTER_OPTIONS, options).map((p) => `${p.field} ${p.rule}, got ${p.shown}`);
  const url = checkFunctionUrl(options.functionUrl, problems);
  const arn = checkFunctionArn(options.functionArn, problems);
  const authType = assertAuthType(options.authType, problems);
  if (isPlainRecord(options.cloudMap) && options.cloudMap.attributes !== undefined)
    problems.push(...extraAttributeProblems(options.cloudMap.attributes, 'cloudMap.attributes'));
  failIfProblems(problems, 'Lambda node');
  return { url: url!, arn: arn!, authType: authType! };
}

/**
 * Makes a Lambda function a mesh service: a virtual node whose DNS service discovery is the
 * function URL host (listener 443; callers originate TLS, see `lambdaBackend`), optionally a
 * virtual service it provides, and optionally a Cloud Map instance (HTTP namespace) carrying
 * `url`, `functionArn`, `authType`, `meshName`, `virtualNodeName` and `AWS_INSTANCE_PORT=443`.
 * The node is tagged with the auth type and the ARN so that proxyless callers know to sign.
 * Idempotent: running it again with the same options changes nothing; with new options it
 * updates in place.
 *
 * @example
 * ```ts
 * import { registerLambdaNode } from '@meshplane/lambda';
 * const registration = await registerLambdaNode({
 *   meshName: 'dj-app',
 *   virtualNodeName: 'recommender',
 *   functionUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
 *   functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:recommender',
 *   virtualServiceName: 'recommender.prod.svc.cluster.local',
 *   cloudMap: { namespaceName: 'lambda.local', serviceName: 'recommender' },
 * });
 * console.log(registration.outcome);
 * ```
 */
export async function registerLambdaNode(
  options: RegisterLambdaNodeOptions,
): Promise<LambdaNodeRegistration> {
  const { url, arn, authType } = checkRegisterOptions(options);
  const client = createAppMeshClient(options.appMesh ?? {});
  try {
    await describeResource(client, { kind: 'mesh', meshName: options.meshName, name: options.meshName });
  } catch (error) {
    if (isAwsError(error, 'NotFoundException')) {
      throw new MeshplaneLambdaError(
        'MESH_NOT_FOUND',
        `mesh "${options.meshName}" does not exist: create it first`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const virtualNode: VirtualNodeResource = {
    kind: 'virtualNode',
    meshName: options.meshName,
    name: options.virtualNodeName,
    spec: lambdaNodeSpec(url.host, options.backends),
    tags: lambdaNodeTags(authType, arn, options.tags),
  };
  const node = await upsert(client, virtualNode);
  let virtualService: VirtualServiceResource | undefined;
  if (options.virtualServiceName) {
    virtualService = {
      kind: 'virtualService',
      meshName: options.meshName,
      name: options.virtualServiceName,
      spec: { provider: { virtualNode: { virtualNodeName: options.virtualNodeName } } },
    };
    await upsert(client, virtualService);
  }

  let instance: LambdaNodeRegistration['instance'];
  if (options.cloudMap) {
    const cm = options.cloudMap;
    const cloudMap = options.serviceDiscovery ?? { clientConfig: {} };
    const sd = { client: createCloudMapClient(cloudMap) };
    const wait = options.signal ? { signal: options.signal } : {};
    const namespace = await ensureNamespace(sd, { name: cm.namespaceName, type: 'HTTP', ...wait });
    const service = await ensureService(sd, { namespaceId: namespace.id, name: cm.serviceName });
    const instanceId = cm.instanceId ?? defaultInstanceId(arn);
    const attributes: Record<string, string> = {
      ...cm.attributes,
      AWS_INSTANCE_PORT: '443',
      url: url.url,
      host: url.host,
      functionArn: arn,
      authType,
      meshName: options.meshName,
      virtualNodeName: options.virtualNodeName,
    };
    await registerInstance(sd, { serviceId: service.id, instanceId, attributes, ...wait });
    instance = {
      namespaceId: namespace.id,
      serviceId: service.id,
      serviceArn: service.arn,
      instanceId,
      attributes,
    };
  }
  return { virtualNode, virtualNodeArn: node.arn, virtualService, instance, outcome: node.outcome };
}

/** Options of {@link deregisterLambdaNode}. */
export interface DeregisterLambdaNodeOptions {
  meshName: string;
  virtualNodeName: string;
  virtualServiceName?: string;
  /** The Cloud Map registration to remove (the instance only; the service and namespace stay). */
  cloudMap?: { namespaceName: string; serviceName: string; instanceId: string };
  appMesh?: AppMeshClientOptions;
  serviceDiscovery?: CloudMapClientOptions;
  signal?: AbortSignal;
  /** Remove only this part (used when an update moves one part elsewhere). */
  only?: 'cloudMap' | 'virtualService';
}

/**
 * Undoes {@link registerLambdaNode}: deregisters the Cloud Map instance, deletes the virtual
 * service (if named) and the virtual node. Anything already gone is skipped, so it can be re-run.
 *
 * @example
 * ```ts
 * import { deregisterLambdaNode } from '@meshplane/lambda';
 * // What registerLambdaNode's example created: the node, its virtual service, its instance.
 * await deregisterLambdaNode({
 *   meshName: 'dj-app',
 *   virtualNodeName: 'recommender',
 *   virtualServiceName: 'recommender.prod.svc.cluster.local',
 *   cloudMap: { namespaceName: 'lambda.local', serviceName: 'recommender', instanceId: 'recommender' },
 * });
 * ```
 */
export async function deregisterLambdaNode(options: DeregisterLambdaNodeOptions): Promise<void> {
  checkDeregisterOptions(options);
  const client = createAppMeshClient(options.appMesh ?? {});
  if (options.cloudMap && options.only !== 'virtualService') {
    const sd = { client: createCloudMapClient(options.serviceDiscovery ?? { clientConfig: {} }) };
    const serviceId = await findServiceId(
      sd.client,
      options.cloudMap.namespaceName,
      options.cloudMap.serviceName,
    );
    if (serviceId) {
      await deregisterInstance(sd, {
        serviceId,
        instanceId: options.cloudMap.instanceId,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
  }
  const gone = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      if (!isAwsError(error, 'NotFoundException')) throw error;
    }
  };
  if (options.only === 'cloudMap') return;
  if (options.virtualServiceName) {
    await gone(() =>
      deleteResource(client, {
        kind: 'virtualService',
        meshName: options.meshName,
        name: options.virtualServiceName!,
      }),
    );
  }
  if (options.only === 'virtualService') return;
  await gone(() =>
    deleteResource(client, {
      kind: 'virtualNode',
      meshName: options.meshName,
      name: options.virtualNodeName,
    }),
  );
}

/** Validates the options of {@link deregisterLambdaNode}, reporting every problem at once. */
function checkDeregisterOptions(options: DeregisterLambdaNodeOptions): void {
  if (!isPlainRecord(options))
    failIfProblems([`options must be an object, got ${shown(options)}`], 'Lambda node');
  const problems: string[] = [];
  const name = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
      problems.push(`${field} must be a name of 1-255 characters, got ${shown(value)}`);
    }
  };
  name('meshName', options.meshName);
  name('virtualNodeName', options.virtualNodeName);
  if (options.virtualServiceName !== undefined) name('virtualServiceName', options.virtualServiceName);
  const cm = options.cloudMap as unknown;
  if (cm !== undefined) {
    if (!isPlainRecord(cm))
      problems.push(`cloudMap must be { namespaceName, serviceName, instanceId }, got ${shown(cm)}`);
    else
      for (const field of ['namespaceName', 'serviceName', 'instanceId'])
        name(`cloudMap.${field}`, cm[field]);
  }
  if (options.only !== undefined && options.only !== 'cloudMap' && options.only !== 'virtualService') {
    problems.push(`only must be 'cloudMap' or 'virtualService', got ${shown(options.only)}`);
  }
  failIfProblems(problems, 'Lambda node');
}

async function findServiceId(
  client: ReturnType<typeof createCloudMapClient>,
  namespaceName: string,
  serviceName: string,
): Promise<string | undefined> {
  const { ListNamespacesCommand, ListServicesCommand } = await import('@aws-sdk/client-servicediscovery');
  const namespaces = await client.send(
    new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: [namespaceName], Condition: 'EQ' }] }),
  );
  const namespace = namespaces.Namespaces?.find((n) => n.Name === namespaceName);
  if (!namespace?.Id) return undefined;
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListServicesCommand({
        Filters: [{ Name: 'NAMESPACE_ID', Values: [namespace.Id], Condition: 'EQ' }],
        NextToken,
      }),
    );
    const found = page.Services?.find((s) => s.Name === serviceName);
    if (found?.Id) return found.Id;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}
