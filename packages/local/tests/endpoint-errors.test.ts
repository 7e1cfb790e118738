import { MeshplaneError } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { LocalEndpointError, MalformedRequestError } from '../src/internals.js';
import { parseJsonObject } from '../src/protocol/json-body.js';
import { BodyTooLargeError } from '../src/server/read-body.js';

// Issue 12 item 7: the endpoint's request errors (answered 400/413 in the service's format) are
// errors of the package root, LocalEndpointError under core's MeshplaneError, with typed codes.
describe('request errors of the local endpoint', () => {
  it('a body that is not JSON is a MalformedRequestError with MALFORMED_REQUEST', () => {
    // Act
    let error: unknown;
    try {
      parseJsonObject(Buffer.from('{"meshName":'));
    } catch (e) {
      error = e;
    }
    // Assert
    expect(error).toBeInstanceOf(MalformedRequestError);
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error).toBeInstanceOf(MeshplaneError);
    expect((error as MalformedRequestError).code).toBe('MALFORMED_REQUEST');
    expect((error as Error).message).toMatch(/^request body is not valid JSON: /);
  });

  it('a body over the limit is a BodyTooLargeError with BODY_TOO_LARGE and its limit', () => {
    // Act
    const error = new BodyTooLargeError(1024);
    // Assert
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error).toBeInstanceOf(MeshplaneError);
    expect(error).toMatchObject({ name: 'BodyTooLargeError', code: 'BODY_TOO_LARGE', limit: 1024 });
    expect(error.message).toBe('request body is larger than 1024 bytes');
  });
});
