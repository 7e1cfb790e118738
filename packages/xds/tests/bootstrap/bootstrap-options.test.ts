import { describe, expect, it } from 'vitest';
import { appMeshBootstrap } from '../../src/index.js';

describe('appMeshBootstrap options', () => {
  it('names options that are not an object instead of throwing a TypeError', () => {
    expect(() => appMeshBootstrap(null as never)).toThrow(
      'invalid bootstrap options: options null: must be an object',
    );
  });

  it('reports a getter that throws as a problem of that option, with the others', () => {
    const options = Object.defineProperty(
      { xdsEndpoint: 'unix:///tmp/xds.sock', apiType: 'REST' },
      'resourceArn',
      {
        get() {
          throw new Error('no arn');
        },
        enumerable: true,
      },
    );
    expect(() => appMeshBootstrap(options as never)).toThrow(
      'invalid bootstrap options: resourceArn undefined: cannot be read: no arn; apiType "REST": must be GRPC or DELTA_GRPC',
    );
  });
});
