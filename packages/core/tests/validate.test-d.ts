import type { RouteSpec, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import { describe, expectTypeOf, test } from 'vitest';
import {
  assertValid,
  type MeshModel,
  type ResourceOfKind,
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
});
