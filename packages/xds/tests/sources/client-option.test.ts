import { describe, expect, it } from 'vitest';
import { createCloudMapPoller } from '../../src/control-plane/cloud-map-poller.js';
import { appMeshSource } from '../../src/sources/appmesh-source.js';
import { ONE_CLIENT_RULE } from '../../src/sources/model-source.js';
import { s3Source } from '../../src/sources/s3-source.js';

// One rule for every AWS client option of the package: the App Mesh source's `appMesh`, the S3
// source's `s3` and the Cloud Map poller's client options accept and refuse the same values.
const client = { send: async () => ({}), destroy: () => {} };
const secretConfig = { region: 'us-east-1', credentials: { accessKeyId: 'AKIA', secretAccessKey: 'SECRET' } };
const refused: unknown[] = [undefined, null, 'client', 7, {}, { client, clientConfig: secretConfig }];
const accepted: unknown[] = [{ client }, { clientConfig: secretConfig }];

const sources = {
  appMesh: (value: unknown) => appMeshSource({ meshName: 'm', appMesh: value as never }),
  s3: (value: unknown) => s3Source({ bucket: 'b', key: 'k.json', s3: value as never }),
};

function messageOf(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the one-client option rule', () => {
  it('is exactly one of client and clientConfig, and hides the value (credentials)', () => {
    expect(refused.map((v) => ONE_CLIENT_RULE.test(v))).toEqual(refused.map(() => false));
    expect(accepted.map((v) => ONE_CLIENT_RULE.test(v))).toEqual([true, true]);
    expect(ONE_CLIENT_RULE.sensitive).toBe(true);
  });

  for (const [field, build] of Object.entries(sources)) {
    it(`is the rule of the ${field} source's ${field} option, without printing the value`, () => {
      for (const value of refused) {
        const message = messageOf(() => build(value));
        expect(message).toContain(`${field} must be { client } or { clientConfig } (exactly one)`);
        expect(message).not.toContain('SECRET');
      }
      for (const value of accepted) expect(messageOf(() => build(value))).toBeUndefined();
    });
  }

  it("is the rule of the Cloud Map poller's client options", () => {
    const refusedMessage = messageOf(() =>
      createCloudMapPoller({ client, clientConfig: secretConfig } as never, { onChange: () => {} }),
    );
    expect(refusedMessage).toContain(
      'cloudMap <hidden> must be { client } or { clientConfig } (exactly one)',
    );
    expect(refusedMessage).not.toContain('SECRET');
  });
});
