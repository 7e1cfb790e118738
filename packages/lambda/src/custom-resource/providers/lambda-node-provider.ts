import type { Backend } from '@aws-sdk/client-app-mesh';
import { optionRule, requires } from '@meshplane/core/options';
import { appMeshModel } from '@meshplane/core/smithy';
import {
  checkFunctionArn,
  checkFunctionUrl,
  type FunctionUrlAuthType,
} from '../../lambda-node/lambda-node-spec.js';
import {
  defaultInstanceId,
  deregisterLambdaNode,
  extraAttributeProblems,
  registerLambdaNode,
} from '../../lambda-node/register-lambda-node.js';
import type { ProviderClients } from '../clients.js';
import { coerceCloudFormationScalars } from '../coerce-scalars.js';
import { appMeshShapeRule, checkProperties, collectingRule, defineProperties } from '../property-schema.js';
import type { CustomResourceProvider, ParseResult, ProviderContext } from '../types.js';

/** The parsed properties of `Custom::MeshplaneLambdaNode`. */
export interface LambdaNodeProperties {
  meshName: string;
  virtualNodeName: string;
  functionUrl: string;
  functionArn: string;
  authType: FunctionUrlAuthType;
  virtualServiceName?: string;
  backends?: Backend[];
  cloudMap?: {
    namespaceName: string;
    serviceName: string;
    instanceId?: string;
    attributes?: Record<string, string>;
  };
}

const nonEmpty = (rule: string) => optionRule(rule, (v) => typeof v === 'string' && v.length > 0);
const CLOUD_MAP_PAIR = 'set both CloudMapNamespaceName and CloudMapServiceName, or neither';

/**
 * The declared properties of `Custom::MeshplaneLambdaNode`. Names follow App Mesh's shapes
 * (`ResourceName`, `ServiceName`); `Backends` is App Mesh's `Backends` shape, CloudFormation's
 * strings turned back into numbers and booleans (`"443"` → `443`, `"true"` → `true`). The Cloud
 * Map properties go together: an instance id or attributes without a service would be ignored.
 */
const LAMBDA_NODE_PROPERTIES = defineProperties<{
  MeshName: string;
  VirtualNodeName: string;
  FunctionUrl: string;
  FunctionArn: string;
  AuthType?: FunctionUrlAuthType;
  VirtualServiceName?: string;
  Backends?: unknown[];
  CloudMapNamespaceName?: string;
  CloudMapServiceName?: string;
  CloudMapInstanceId?: string;
  CloudMapAttributes?: Record<string, string>;
}>(
  {
    MeshName: appMeshShapeRule('ResourceName', 'is required: a name of 1-255 characters', true),
    VirtualNodeName: appMeshShapeRule('ResourceName', 'is required: a name of 1-255 characters', true),
    FunctionUrl: collectingRule(
      'is required: the function URL (https://<url-id>.lambda-url.<region>.on.aws/)',
      checkFunctionUrl,
      true,
    ),
    FunctionArn: collectingRule('is required: a Lambda function ARN', checkFunctionArn, true),
    AuthType: optionRule('must be AWS_IAM or NONE', (v) => v === 'AWS_IAM' || v === 'NONE'),
    // App Mesh's model puts no length on ServiceName; the API takes 1-255 characters, as registerLambdaNode checks.
    VirtualServiceName: optionRule(
      'must be a virtual service name of 1-255 characters',
      (v) => typeof v === 'string' && v.length > 0 && v.length <= 255,
    ),
    Backends: appMeshShapeRule('Backends', 'must be a list of App Mesh Backend objects'),
    CloudMapNamespaceName: nonEmpty('must be a non-empty string'),
    CloudMapServiceName: nonEmpty('must be a non-empty string'),
    CloudMapInstanceId: nonEmpty('must be a non-empty string'),
    CloudMapAttributes: collectingRule(
      'must be an object of string values, none named by the registration or starting with AWS_',
      (value, problems, field) =>
        problems.push(...extraAttributeProblems(value as Record<string, unknown>, field)),
    ),
  },
  [
    requires('CloudMapNamespaceName', 'CloudMapServiceName', `needs CloudMapServiceName: ${CLOUD_MAP_PAIR}`),
    requires(
      'CloudMapServiceName',
      'CloudMapNamespaceName',
      `needs CloudMapNamespaceName: ${CLOUD_MAP_PAIR}`,
    ),
    requires(
      'CloudMapInstanceId',
      'CloudMapServiceName',
      'needs CloudMapNamespaceName and CloudMapServiceName',
    ),
    requires(
      'CloudMapAttributes',
      'CloudMapServiceName',
      'needs CloudMapNamespaceName and CloudMapServiceName',
    ),
  ],
);

/**
 * Reads the properties of `Custom::MeshplaneLambdaNode`: `MeshName`, `VirtualNodeName`,
 * `FunctionUrl` (the `FunctionUrl` attribute of `AWS::Lambda::Url`), `FunctionArn`, `AuthType`
 * (`AWS_IAM` default, or `NONE`), optional `VirtualServiceName`, `Backends` (App Mesh `Backend`
 * shapes) and `CloudMapNamespaceName` + `CloudMapServiceName` (+ `CloudMapInstanceId`,
 * `CloudMapAttributes`) to register a Cloud Map instance.
 *
 * @example
 * ```ts
 * import { parseLambdaNodeProperties } from '@meshplane/lambda/custom-resource';
 * const parsed = parseLambdaNodeProperties({ MeshName: 'dj-app' });
 * console.log(parsed.ok); // false: VirtualNodeName, FunctionUrl and FunctionArn are missing
 * ```
 */
export function parseLambdaNodeProperties(
  properties: Record<string, unknown>,
): ParseResult<LambdaNodeProperties> {
  const problems = checkProperties(LAMBDA_NODE_PROPERTIES, properties);
  if (problems.length > 0) return { ok: false, problems };
  const p = properties as Record<string, string | undefined>;
  const backends =
    properties.Backends === undefined
      ? undefined
      : (coerceCloudFormationScalars(appMeshModel, 'Backends', properties.Backends) as Backend[]);
  // Cloud Map attribute values are strings; CloudFormation sends numbers and booleans as strings
  // already, a template tool may not.
  const attributes =
    properties.CloudMapAttributes === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(properties.CloudMapAttributes as Record<string, unknown>).map(([k, v]) => [
            k,
            String(v),
          ]),
        );
  const { CloudMapNamespaceName: namespaceName, CloudMapServiceName: serviceName } = p;
  return {
    ok: true,
    value: {
      meshName: p.MeshName!,
      virtualNodeName: p.VirtualNodeName!,
      functionUrl: checkFunctionUrl(p.FunctionUrl, [], 'FunctionUrl')!.url,
      functionArn: p.FunctionArn!,
      authType: (p.AuthType as FunctionUrlAuthType | undefined) ?? 'AWS_IAM',
      ...(p.VirtualServiceName ? { virtualServiceName: p.VirtualServiceName } : {}),
      ...(backends ? { backends } : {}),
      ...(namespaceName && serviceName
        ? {
            cloudMap: {
              namespaceName,
              serviceName,
              ...(p.CloudMapInstanceId ? { instanceId: p.CloudMapInstanceId } : {}),
              ...(attributes ? { attributes } : {}),
            },
          }
        : {}),
    },
  };
}

const idOf = (p: LambdaNodeProperties) => `${p.meshName}/${p.virtualNodeName}`;

function cloudMapKey(p: LambdaNodeProperties | undefined): string | undefined {
  return p?.cloudMap ? `${p.cloudMap.namespaceName}/${p.cloudMap.serviceName}` : undefined;
}

/**
 * `Custom::MeshplaneLambdaNode`: `registerLambdaNode` as a resource. PhysicalResourceId =
 * `mesh/node`; a new mesh or node name is a replacement (the old node is removed by the Delete
 * CloudFormation sends after). Moving the Cloud Map registration deregisters the old instance.
 * `Data`: `VirtualNodeName`, `VirtualNodeArn`, `Host`, and `CloudMapServiceId` /
 * `CloudMapInstanceId` when registered.
 *
 * @example
 * ```ts
 * import { createLambdaNodeProvider, lazyProviderClients } from '@meshplane/lambda/custom-resource';
 * const provider = createLambdaNodeProvider(lazyProviderClients());
 * ```
 */
export function createLambdaNodeProvider(
  clients: ProviderClients,
): CustomResourceProvider<LambdaNodeProperties> {
  const register = async (props: LambdaNodeProperties, context: ProviderContext) => {
    const result = await registerLambdaNode({
      ...props,
      appMesh: { client: clients.appMesh() },
      serviceDiscovery: { client: clients.serviceDiscovery() },
      signal: context.signal,
    });
    return {
      physicalResourceId: idOf(props),
      data: {
        VirtualNodeName: props.virtualNodeName,
        VirtualNodeArn: result.virtualNodeArn ?? '',
        Host: new URL(props.functionUrl).hostname,
        ...(result.instance
          ? { CloudMapServiceId: result.instance.serviceId, CloudMapInstanceId: result.instance.instanceId }
          : {}),
      },
    };
  };
  const instanceIdOf = (p: LambdaNodeProperties) =>
    p.cloudMap?.instanceId ?? defaultInstanceId(p.functionArn);
  return {
    parse: parseLambdaNodeProperties,
    create: register,
    async update(props, old, context) {
      const result = await register(props, context);
      const sameResource = context.event.PhysicalResourceId === idOf(props);
      if (sameResource && old?.cloudMap && cloudMapKey(old) !== cloudMapKey(props)) {
        await deregisterLambdaNode({
          meshName: old.meshName,
          virtualNodeName: old.virtualNodeName,
          cloudMap: { ...old.cloudMap, instanceId: instanceIdOf(old) },
          appMesh: { client: clients.appMesh() },
          serviceDiscovery: { client: clients.serviceDiscovery() },
          only: 'cloudMap',
        });
      }
      if (sameResource && old?.virtualServiceName && old.virtualServiceName !== props.virtualServiceName) {
        await deregisterLambdaNode({
          meshName: old.meshName,
          virtualNodeName: old.virtualNodeName,
          virtualServiceName: old.virtualServiceName,
          appMesh: { client: clients.appMesh() },
          only: 'virtualService',
        });
      }
      return result;
    },
    async delete(props, context) {
      const [meshName, virtualNodeName] = context.event.PhysicalResourceId!.split('/');
      const matches = props && props.meshName === meshName && props.virtualNodeName === virtualNodeName;
      await deregisterLambdaNode({
        meshName: meshName!,
        virtualNodeName: virtualNodeName!,
        ...(matches && props.virtualServiceName ? { virtualServiceName: props.virtualServiceName } : {}),
        ...(matches && props.cloudMap
          ? { cloudMap: { ...props.cloudMap, instanceId: instanceIdOf(props) } }
          : {}),
        appMesh: { client: clients.appMesh() },
        serviceDiscovery: { client: clients.serviceDiscovery() },
        signal: context.signal,
      });
      return undefined;
    },
  };
}
