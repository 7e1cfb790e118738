import { MeshplaneError } from '@meshplane/core';
import * as root from '@meshplane/lambda';
import * as customResource from '@meshplane/lambda/custom-resource';
import * as middleware from '@meshplane/lambda/middleware';
import * as testing from '@meshplane/lambda/testing';
import { describe, expect, it } from 'vitest';

// The package's public surface (issue 12, item 7): the test harness lives on its own subpath,
// production subpaths export factories, option types and errors, and the package's error root
// sits under core's MeshplaneError.
describe('the public surface of @meshplane/lambda', () => {
  it('serves the custom-resource harness from @meshplane/lambda/testing only', () => {
    // Assess
    expect(Object.keys(testing).sort()).toEqual(['invokeCustomResource', 'stringifyScalars']);
    expect(customResource).not.toHaveProperty('invokeCustomResource');
    expect(customResource).not.toHaveProperty('stringifyScalars');
  });

  it('keeps engine internals off the production subpaths', () => {
    // Assess
    for (const internal of [
      'encodeResponse',
      'sendResponse',
      'scrubUrl',
      'redactUrl',
      'coerceCloudFormationScalars',
      'loopbackAllowedByEnvironment',
    ]) {
      expect(customResource, internal).not.toHaveProperty(internal);
    }
    expect(middleware).not.toHaveProperty('resolveOptions');
  });

  it('keeps the checks and helpers only the package uses off the root and the custom-resource subpath', () => {
    // Assess
    for (const internal of [
      'checkFunctionArn',
      'checkFunctionUrl',
      'isFunctionUrlHost',
      'defaultInstanceId',
      'functionUrlRegion',
      'redactUrlCredentials',
      'REDACTED_CREDENTIALS',
      'assertAuthType',
      'failIfProblems',
      'extraAttributeProblems',
    ]) {
      expect(root, internal).not.toHaveProperty(internal);
    }
    expect(customResource).not.toHaveProperty('checkResponseUrl');
    // What users build with stays: factories, their option constants and the error.
    for (const name of [
      'registerLambdaNode',
      'deregisterLambdaNode',
      'lambdaBackend',
      'lambdaNodeSpec',
      'lambdaNodeTags',
      'createFunctionUrlSigner',
      'createFunctionUrlDispatcher',
      'AUTH_TYPE_TAG',
      'FUNCTION_ARN_TAG',
      'LAMBDA_INSTANCE_ATTRIBUTES',
      'MeshplaneLambdaError',
    ]) {
      expect(root, name).toHaveProperty(name);
    }
  });

  it('roots its errors in core MeshplaneError, with a code from the package union', () => {
    // Act
    const error = new root.MeshplaneLambdaError('INVALID_OPTIONS', 'bad');
    // Assess
    expect(error).toBeInstanceOf(MeshplaneError);
    expect(error).toMatchObject({ name: 'MeshplaneLambdaError', code: 'INVALID_OPTIONS', message: 'bad' });
    // @ts-expect-error: a code outside MeshplaneLambdaErrorCode does not compile
    expect(new root.MeshplaneLambdaError('NOT_A_CODE', 'x').code).toBe('NOT_A_CODE');
  });
});
