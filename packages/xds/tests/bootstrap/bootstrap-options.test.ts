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

  it('checks the rules across options: the endpoint port, the SigV4 region, one admin listener', () => {
    expect(() =>
      appMeshBootstrap({
        resourceArn: 'mesh/dj-app/virtualNode/dj',
        xdsEndpoint: 'xds.internal:70000',
        region: 'eu-west-1',
        admin: { socketPath: '/tmp/admin.sock', port: 9901 } as never,
      }),
    ).toThrow(
      'invalid bootstrap options: xdsEndpoint "xds.internal:70000": port must be 1-65535; ' +
        'admin.socketPath "/tmp/admin.sock": cannot be used together with port: a Unix socket or a TCP port',
    );
    expect(() =>
      appMeshBootstrap({
        resourceArn: 'mesh/dj-app/virtualNode/dj',
        xdsEndpoint: 'xds.internal:443',
        region: 'eu',
      }),
    ).toThrow(
      'invalid bootstrap options: region "eu": a host:port endpoint signs with SigV4 and needs an AWS region such as eu-west-1',
    );
  });

  it('needs no region for a Unix socket or for call credentials none, and refuses one that is not a string', () => {
    const unix = { resourceArn: 'mesh/dj-app/virtualNode/dj', xdsEndpoint: 'unix:///tmp/xds.sock' };
    expect(appMeshBootstrap(unix)).toBeTypeOf('object');
    expect(
      appMeshBootstrap({ ...unix, xdsEndpoint: 'xds.internal:443', callCredentials: 'none' }),
    ).toBeTypeOf('object');
    expect(() => appMeshBootstrap({ ...unix, region: 5 as never, enableStatsTags: 'yes' as never })).toThrow(
      'invalid bootstrap options: region 5: must be a string such as eu-west-1; enableStatsTags "yes": must be true or false',
    );
  });
});
