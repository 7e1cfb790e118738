import type { MeshModel } from '@meshplane/core';
import type { Context } from 'aws-lambda';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { lambdaNodeSpec, lambdaNodeTags } from '../../src/lambda-node/lambda-node-spec.js';
import { type WithMeshContext, withMesh } from '../../src/middleware/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws';
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:recommender';

function recordingDispatcher() {
  const sent: Dispatcher.RequestOptions[] = [];
  const dispatcher = {
    async request(options: Dispatcher.RequestOptions) {
      sent.push(options);
      const { Readable } = await import('node:stream');
      const body = Object.assign(Readable.from(['["Miles Davis"]']), {
        text: async () => '["Miles Davis"]',
        dump: async () => {},
      });
      return {
        statusCode: 200,
        statusText: 'OK',
        headers: {},
        trailers: {},
        opaque: null,
        context: {},
        body,
      };
    },
    dispatch() {
      throw new Error('the router sends with request()');
    },
    async close() {},
  } as unknown as Dispatcher;
  return { dispatcher, sent };
}

function model(authType: 'AWS_IAM' | 'NONE'): MeshModel {
  return {
    resources: [
      { kind: 'mesh' as const, meshName: 'dj-app', name: 'dj-app', spec: {} },
      {
        kind: 'virtualNode' as const,
        meshName: 'dj-app',
        name: 'dj',
        spec: { backends: [{ virtualService: { virtualServiceName: 'recommender.local' } }] },
      },
      {
        kind: 'virtualNode' as const,
        meshName: 'dj-app',
        name: 'recommender',
        spec: lambdaNodeSpec(HOST),
        tags: lambdaNodeTags(authType, ARN),
      },
      {
        kind: 'virtualService' as const,
        meshName: 'dj-app',
        name: 'recommender.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'recommender' } } },
      },
    ],
  };
}

const callRecommender = async (_event: unknown, context: Context & WithMeshContext) => {
  const response = await context.mesh.fetch('http://recommender.local/recs?genre=jazz', {
    method: 'POST',
    body: '{"user":1}',
  });
  const resolved = await context.mesh.resolve('http://recommender.local/recs');
  return { status: response.status, target: response.mesh.targetNode, resolved: resolved.url };
};

describe('mesh calls to a Lambda virtual node', () => {
  it('go over HTTPS to the function URL host, SigV4-signed for an AWS_IAM URL', async () => {
    // Prepare
    const { dispatcher, sent } = recordingDispatcher();
    const handler = withMesh(callRecommender, {
      model: model('AWS_IAM'),
      virtualNodeName: 'dj',
      dispatcher,
      functionUrls: { signer: { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } } },
    });
    // Act
    const result = await handler({}, lambdaContext());
    await handler.runtime.close();
    // Assess
    expect(result).toEqual({ status: 200, target: 'recommender', resolved: `https://${HOST}/recs` });
    expect(sent[0]).toMatchObject({ origin: `https://${HOST}`, path: '/recs?genre=jazz', method: 'POST' });
    const headers = sent[0]!.headers as Record<string, string>;
    expect(headers.host).toBe(HOST);
    expect(headers.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/lambda\/aws4_request/);
  });

  it('are not signed when the node says the URL auth type is NONE', async () => {
    // Prepare
    const { dispatcher, sent } = recordingDispatcher();
    const handler = withMesh(callRecommender, { model: model('NONE'), virtualNodeName: 'dj', dispatcher });
    // Act
    await handler({}, lambdaContext());
    await handler.runtime.close();
    // Assess
    expect(sent[0]?.origin).toBe(`https://${HOST}`);
    expect((sent[0]!.headers as Record<string, string>).authorization).toBeUndefined();
  });
});
