import type {
  GatewayRouteSpec,
  MeshSpec,
  RouteSpec,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from '@aws-sdk/client-app-mesh';
import { describe, expectTypeOf, test } from 'vitest';
import {
  assertValid,
  type GatewayDefinition,
  type MeshDefinition,
  type MeshModel,
  type NodeDefinition,
  type ResourceOfKind,
  type RouteDefinition,
  type RouterDefinition,
  type ServiceDefinition,
  type ValidationCode,
  type ValidationIssue,
  type ValidationResult,
  validate,
} from '../src/index.js';

describe('model and validation types', () => {
  test('ResourceOfKind narrows to the kind, with its API spec and parent name', () => {
    expectTypeOf<ResourceOfKind<'virtualNode'>['spec']>().toEqualTypeOf<VirtualNodeSpec>();
    expectTypeOf<ResourceOfKind<'route'>['spec']>().toEqualTypeOf<RouteSpec>();
    expectTypeOf<ResourceOfKind<'route'>['virtualRouterName']>().toEqualTypeOf<string>();
    expectTypeOf<ResourceOfKind<'gatewayRoute'>['virtualGatewayName']>().toEqualTypeOf<string>();
  });

  test('validate and assertValid take a model and options and return the result', () => {
    expectTypeOf(validate).parameter(0).toEqualTypeOf<MeshModel>();
    expectTypeOf(validate).parameter(1).toEqualTypeOf<{ strict?: boolean } | undefined>();
    expectTypeOf(validate).returns.toEqualTypeOf<ValidationResult>();
    expectTypeOf(assertValid).returns.toEqualTypeOf<ValidationResult>();
    expectTypeOf<ValidationResult['issues']>().toEqualTypeOf<ValidationIssue[]>();
  });

  test('validation codes are a closed union', () => {
    expectTypeOf<'WEIGHT_TOTAL'>().toExtend<ValidationCode>();
    // @ts-expect-error not a validation code
    const code: ValidationCode = 'WEIGHT_TOTALS';
    expectTypeOf(code).toEqualTypeOf<ValidationCode>();
  });
  test('every kind carries the SDK spec of its API shape', () => {
    expectTypeOf<ResourceOfKind<'mesh'>['spec']>().toEqualTypeOf<MeshSpec>();
    expectTypeOf<ResourceOfKind<'virtualRouter'>['spec']>().toEqualTypeOf<VirtualRouterSpec>();
    expectTypeOf<ResourceOfKind<'virtualGateway'>['spec']>().toEqualTypeOf<VirtualGatewaySpec>();
    expectTypeOf<ResourceOfKind<'virtualService'>['spec']>().toEqualTypeOf<VirtualServiceSpec>();
    expectTypeOf<ResourceOfKind<'gatewayRoute'>['spec']>().toEqualTypeOf<GatewayRouteSpec>();
  });

  // If the SDK grows a spec member, these fail: defineMesh then needs a friendly key for it.
  test('the friendly definitions cover every spec member of the API', () => {
    expectTypeOf<keyof MeshSpec>().toEqualTypeOf<'egressFilter' | 'serviceDiscovery'>();
    expectTypeOf<'egressFilter' | 'ipPreference'>().toExtend<keyof MeshDefinition>();
    expectTypeOf<keyof VirtualNodeSpec>().toEqualTypeOf<
      'serviceDiscovery' | 'listeners' | 'backends' | 'backendDefaults' | 'logging'
    >();
    expectTypeOf<'discovery' | 'listeners' | 'backends' | 'backendDefaults' | 'logging'>().toExtend<
      keyof NodeDefinition<string>
    >();
    expectTypeOf<keyof VirtualRouterSpec>().toEqualTypeOf<'listeners'>();
    expectTypeOf<'listeners'>().toExtend<keyof RouterDefinition<string>>();
    expectTypeOf<keyof RouteSpec>().toEqualTypeOf<
      'priority' | 'httpRoute' | 'tcpRoute' | 'http2Route' | 'grpcRoute'
    >();
    expectTypeOf<'priority' | 'http' | 'tcp' | 'http2' | 'grpc'>().toExtend<keyof RouteDefinition<string>>();
    expectTypeOf<keyof VirtualServiceSpec>().toEqualTypeOf<'provider'>();
    expectTypeOf<'provider'>().toExtend<keyof ServiceDefinition<string, string>>();
    expectTypeOf<keyof VirtualGatewaySpec>().toEqualTypeOf<'backendDefaults' | 'listeners' | 'logging'>();
    expectTypeOf<'backendDefaults' | 'listeners' | 'logging'>().toExtend<keyof GatewayDefinition<string>>();
    expectTypeOf<keyof GatewayRouteSpec>().toEqualTypeOf<
      'priority' | 'httpRoute' | 'http2Route' | 'grpcRoute'
    >();
  });
});
