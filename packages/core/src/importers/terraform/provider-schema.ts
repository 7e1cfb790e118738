import { appMeshModel } from '../../smithy/generated/appmesh-model.js';
import type { MemberIR } from '../../smithy/ir.js';

/** How a member of an App Mesh API shape is written in the Terraform AWS provider. */
export type ProviderArgument =
  | { form: 'provider-only'; member: string; required: false; reason: string }
  | { form: 'block'; member: string; shape: string; required: boolean }
  | { form: 'blocks'; member: string; shape: string; required: boolean }
  | { form: 'attribute'; member: string; scalar: ScalarKind; required: boolean }
  | { form: 'list'; member: string; scalar: ScalarKind; required: boolean }
  | { form: 'attribute-map'; member: string; required: boolean };

export type ScalarKind = 'string' | 'number' | 'bool';

/**
 * The provider names a list of nested objects after one element (`listener`, `backend`,
 * `weighted_target`, `header`, `query_parameter`; `metadata` and `json` read the same either way).
 * Checked against internal/service/appmesh/*.go of hashicorp/terraform-provider-aws.
 */
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  listeners: 'listener',
  backends: 'backend',
  weightedTargets: 'weighted_target',
  headers: 'header',
  queryParameters: 'query_parameter',
};

/**
 * Arguments the provider's schema has but the App Mesh API shape does not (so nothing is sent for
 * them): accepted with a warning, as the provider accepts them.
 */
const PROVIDER_ONLY: Readonly<Record<string, Record<string, string>>> = {
  GrpcRouteMatch: {
    prefix:
      'the App Mesh API has no prefix in a gRPC route match (GrpcRouteMatch: serviceName, methodName, metadata, port)',
  },
};

/**
 * Arguments of AWS provider versions before 2.3.0, written for the App Mesh preview API (the
 * provider's upgrade notes for aws_appmesh_virtual_node and aws_appmesh_virtual_router): what to
 * write instead.
 */
export const LEGACY_ARGUMENTS: Readonly<Record<string, string>> = {
  'VirtualNodeSpec.backends':
    'backends = [...] is the syntax of AWS provider versions before 2.3.0 (App Mesh preview API): write one backend { virtual_service { virtual_service_name = "..." } } block per service',
  'DnsServiceDiscovery.service_name':
    'service_name is the name of hostname in AWS provider versions before 2.3.0: rename it to hostname',
  'VirtualRouterSpec.service_names':
    'service_names is the syntax of AWS provider versions before 2.3.0: give the router a listener block, and name it from the virtual service (spec { provider { virtual_router { virtual_router_name = "..." } } })',
};

/**
 * Members of the App Mesh API shapes that the provider's schema does not have, so Terraform
 * refuses them ("An argument named … is not expected here"): by `Shape.argument`, why and what to
 * do. Checked against internal/service/appmesh/gateway_route.go of hashicorp/terraform-provider-aws
 * (the schema as published for provider 5.90.1: `grpc_route.match` takes only `service_name` and
 * `port`, `grpc_route.action` only `target`, `http_route.match`/`http2_route.match` take `header`,
 * `hostname`, `path`, `port`, `prefix` and `query_parameter`). mesh.go, virtual_service.go,
 * virtual_router.go and virtual_gateway.go follow their API shapes member for member.
 */
export const NOT_IN_PROVIDER: Readonly<Record<string, string>> = {
  'HttpGatewayRouteMatch.method':
    "the AWS provider's aws_appmesh_gateway_route has no method in http_route.match or http2_route.match (internal/service/appmesh/gateway_route.go), although the App Mesh API's HttpGatewayRouteMatch has one: remove it, or set it through CloudFormation (AWS::AppMesh::GatewayRoute) or the App Mesh API",
  'GrpcGatewayRouteMatch.hostname':
    "the AWS provider's aws_appmesh_gateway_route takes only service_name and port in grpc_route.match (internal/service/appmesh/gateway_route.go), although the App Mesh API's GrpcGatewayRouteMatch has hostname: remove it, or set it through CloudFormation (AWS::AppMesh::GatewayRoute) or the App Mesh API",
  'GrpcGatewayRouteMatch.metadata':
    "the AWS provider's aws_appmesh_gateway_route takes only service_name and port in grpc_route.match (internal/service/appmesh/gateway_route.go), although the App Mesh API's GrpcGatewayRouteMatch has metadata: remove it, or set it through CloudFormation (AWS::AppMesh::GatewayRoute) or the App Mesh API",
  'GrpcGatewayRouteAction.rewrite':
    "the AWS provider's aws_appmesh_gateway_route takes only target in grpc_route.action (internal/service/appmesh/gateway_route.go), although the App Mesh API's GrpcGatewayRouteAction has rewrite: remove it, or set it through CloudFormation (AWS::AppMesh::GatewayRoute) or the App Mesh API",
};

/** Why an argument the provider does not take is refused, when it is a known case (legacy or absent from the provider). */
export function refusedArgumentReason(shapeName: string, name: string): string | undefined {
  const key = `${shapeName}.${name}`;
  return LEGACY_ARGUMENTS[key] ?? NOT_IN_PROVIDER[key];
}

/** `AwsCloudMapServiceDiscovery.attributes` is a list of {key, value} in the API, a map in the provider. */
const MAP_ATTRIBUTES = new Set(['AwsCloudMapServiceDiscovery.attributes']);

/** `virtualServiceName` → `virtual_service_name`, `http2Route` → `http2_route`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const cache = new Map<string, Map<string, ProviderArgument>>();

/**
 * The provider's arguments and blocks of an App Mesh API structure or union, by Terraform name,
 * derived from the App Mesh Smithy model: the provider's App Mesh schemas follow the API shapes
 * member for member (snake_case names, one-element lists for nested objects, repeated blocks for
 * lists of objects), with the exceptions above.
 */
export function providerArguments(shapeName: string): Map<string, ProviderArgument> {
  const known = cache.get(shapeName);
  if (known) return known;
  const out = new Map<string, ProviderArgument>();
  const shape = appMeshModel.shapes[shapeName];
  for (const [member, ir] of Object.entries(shape?.members ?? {})) {
    if (Object.hasOwn(NOT_IN_PROVIDER, `${shapeName}.${snakeCase(member)}`)) continue;
    const required = ir.required === true;
    if (MAP_ATTRIBUTES.has(`${shapeName}.${member}`)) {
      out.set(snakeCase(member), { form: 'attribute-map', member, required });
      continue;
    }
    const target = appMeshModel.shapes[ir.target];
    if (target?.type === 'list' && target.member) {
      const element = appMeshModel.shapes[target.member.target];
      if (element?.type === 'structure' || element?.type === 'union') {
        out.set(BLOCK_NAMES[member] ?? snakeCase(member), {
          form: 'blocks',
          member,
          shape: target.member.target,
          required,
        });
      } else {
        out.set(snakeCase(member), { form: 'list', member, scalar: scalarKind(target.member), required });
      }
    } else if (target?.type === 'structure' || target?.type === 'union') {
      out.set(snakeCase(member), { form: 'block', member, shape: ir.target, required });
    } else {
      out.set(snakeCase(member), { form: 'attribute', member, scalar: scalarKind(ir), required });
    }
  }
  for (const [name, reason] of Object.entries(PROVIDER_ONLY[shapeName] ?? {})) {
    out.set(name, { form: 'provider-only', member: name, required: false, reason });
  }
  cache.set(shapeName, out);
  return out;
}

function scalarKind(member: MemberIR): ScalarKind {
  const target = member.target.startsWith('smithy.api#')
    ? member.target.slice('smithy.api#'.length).toLowerCase()
    : appMeshModel.shapes[member.target]?.type;
  if (target === 'boolean') return 'bool';
  if (
    target === 'integer' ||
    target === 'long' ||
    target === 'short' ||
    target === 'byte' ||
    target === 'float' ||
    target === 'double'
  )
    return 'number';
  return 'string';
}
