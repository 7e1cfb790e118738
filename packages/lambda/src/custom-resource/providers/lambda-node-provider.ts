import type { Backend } from '@aws-sdk/client-app-mesh';
import { appMeshModel, validateShape } from '@meshplane/core/smithy';
import {
  assertAuthType,
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
import { isPlainRecord, shown } from '../../value-text.js';
import type { ProviderClients } from '../clients.js';
import { coerceCloudFormationScalars } from '../coerce-scalars.js';
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

const ALLOWED = new Set([
  'MeshName',
  'VirtualNodeName',
  'FunctionUrl',
  'FunctionArn',
  'AuthType',
  'VirtualServiceName',
  'Backends',
  'CloudMapNamespaceName',
  'CloudMapServiceName',
  'CloudMapInstanceId',
  'CloudMapAttributes',
]);

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
  if (!isPlainRecord(properties)) {
    return { ok: false, problems: [`the properties must be an object, got ${shown(properties)}`] };
  }
  const problems: string[] = [];
  const str = (field: string, required: boolean, shape?: string): string | undefined => {
    const value = properties[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.length === 0) {
      problems.push(`${field} is required (a non-empty string), got ${shown(value)}`);
      return undefined;
    }
    if (shape) {
      for (const issue of validateShape(appMeshModel, shape, value, field))
        problems.push(`${field}: ${issue.message}`);
    }
    return value;
  };
  const unknown = Object.keys(properties).filter((k) => !ALLOWED.has(k));
  if (unknown.length > 0) problems.push(`unknown properties: ${unknown.sort().join(', ')}`);
  const meshName = str('MeshName', true, 'ResourceName');
  const virtualNodeName = str('VirtualNodeName', true, 'ResourceName');
  const url = checkFunctionUrl(properties.FunctionUrl, problems, 'FunctionUrl');
  const functionArn = checkFunctionArn(properties.FunctionArn, problems, 'FunctionArn');
  const authType = assertAuthType(properties.AuthType, problems, 'AuthType');
  const virtualServiceName = str('VirtualServiceName', false, 'ServiceName');
  let backends: Backend[] | undefined;
  if (properties.Backends !== undefined) {
    const coerced = coerceCloudFormationScalars(appMeshModel, 'Backends', properties.Backends);
    const issues = validateShape(appMeshModel, 'Backends', coerced, 'Backends');
    for (const issue of issues) {
      problems.push(issue.message.includes(issue.path) ? issue.message : `${issue.path}: ${issue.message}`);
    }
    if (issues.length === 0) backends = coerced as Backend[];
  }
  const namespaceName = str('CloudMapNamespaceName', false);
  const serviceName = str('CloudMapServiceName', false);
  const instanceId = str('CloudMapInstanceId', false);
  if ((namespaceName === undefined) !== (serviceName === undefined)) {
    problems.push('CloudMapNamespaceName and CloudMapServiceName go together: set both or neither');
  }
  let attributes: Record<string, string> | undefined;
  if (properties.CloudMapAttributes !== undefined) {
    const raw = properties.CloudMapAttributes;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push('CloudMapAttributes must be an object of string values');
    } else {
      const attributeProblems = extraAttributeProblems(raw as Record<string, unknown>, 'CloudMapAttributes');
      problems.push(...attributeProblems);
      attributes = {};
      for (const [key, value] of Object.entries(raw)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
          attributes[key] = String(value);
        }
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      meshName: meshName!,
      virtualNodeName: virtualNodeName!,
      functionUrl: url!.url,
      functionArn: functionArn!,
      authType: authType!,
      ...(virtualServiceName ? { virtualServiceName } : {}),
      ...(backends ? { backends } : {}),
      ...(namespaceName && serviceName
        ? {
            cloudMap: {
              namespaceName,
              serviceName,
              ...(instanceId ? { instanceId } : {}),
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
