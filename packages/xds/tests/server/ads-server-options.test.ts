import { describe, expect, it } from 'vitest';
import { createAdsServer, MeshplaneXdsError } from '../../src/internals.js';

describe('createAdsServer options', () => {
  it('reports every bad option at once, each with its value and rule, before loading anything', () => {
    // Act
    let error: unknown;
    try {
      createAdsServer({
        cache: {} as never,
        logger: 'stderr' as never,
        maxReceiveMessageBytes: 10,
        onEvent: 1 as never,
      });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(MeshplaneXdsError);
    expect((error as MeshplaneXdsError).code).toBe('XDS_INVALID_OPTION');
    expect((error as Error).message).toBe(
      'invalid ADS server options: cache must be a snapshot cache (createSnapshotCache()), got {}; ' +
        'logger must be a function, got "stderr"; maxReceiveMessageBytes must be an integer >= 1024, got 10; ' +
        'onEvent must be a function, got 1',
    );
  });

  it('refuses options that are not an object, naming them', () => {
    expect(() => createAdsServer(null as never)).toThrow(
      'invalid ADS server options: createAdsServer options must be an object, got null',
    );
  });
});
