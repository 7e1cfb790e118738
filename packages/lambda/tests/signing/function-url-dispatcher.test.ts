import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import {
  createFunctionUrlDispatcher,
  type RequestDispatcher,
} from '../../src/signing/function-url-dispatcher.js';
import { createFunctionUrlSigner } from '../../src/signing/function-url-signer.js';

const HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';

function recordingInner() {
  const sent: Dispatcher.RequestOptions[] = [];
  const inner: RequestDispatcher = {
    async request(options) {
      sent.push(options);
      return { statusCode: 200 } as Dispatcher.ResponseData;
    },
    dispatch: () => true,
    close: async () => {},
  };
  return { inner, sent };
}

const signer = createFunctionUrlSigner({
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  now: () => new Date('2026-01-02T03:04:05Z'),
});

describe('function URL dispatcher', () => {
  it('passes dispatch() through for other origins and refuses it for a function URL', () => {
    // Prepare
    const { inner } = recordingInner();
    const dispatcher = createFunctionUrlDispatcher({ inner, signer, authTypeOf: () => 'AWS_IAM' });
    const handler = {} as Dispatcher.DispatchHandler;
    // Act
    const passed = dispatcher.dispatch(
      { origin: 'http://127.0.0.1:9080', path: '/', method: 'GET' },
      handler,
    );
    // Assess
    expect(passed).toBe(true);
    expect(() =>
      dispatcher.dispatch({ origin: `http://${HOST}:443`, path: '/', method: 'GET' }, handler),
    ).toThrow('dispatch() cannot');
  });

  it('sends a call to a Lambda node over https with the URL host and a SigV4 signature', async () => {
    // Prepare
    const { inner, sent } = recordingInner();
    const dispatcher = createFunctionUrlDispatcher({ inner, signer, authTypeOf: () => 'AWS_IAM' });
    // Act
    await dispatcher.request({
      origin: `http://${HOST}:443`,
      path: '/orders?id=1',
      method: 'POST',
      headers: { host: 'orders.lambda.local', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    // Assess
    expect(sent[0]?.origin).toBe(`https://${HOST}`);
    const headers = sent[0]?.headers as Record<string, string>;
    expect(headers.host).toBe(HOST);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/us-east-1\/lambda\/aws4_request/,
    );
    expect(headers['x-amz-date']).toBe('20260102T030405Z');
  });

  it('does not sign an AuthType NONE URL but still switches to https and the URL host', async () => {
    // Prepare
    const { inner, sent } = recordingInner();
    const dispatcher = createFunctionUrlDispatcher({ inner, signer, authTypeOf: () => 'NONE' });
    // Act
    await dispatcher.request({
      origin: `http://${HOST}:443`,
      path: '/',
      method: 'GET',
      headers: { host: 'x' },
    });
    // Assess
    expect(sent[0]?.origin).toBe(`https://${HOST}`);
    expect(sent[0]?.headers).toEqual({ host: HOST });
  });

  it('passes every other origin through untouched', async () => {
    // Prepare
    const { inner, sent } = recordingInner();
    const dispatcher = createFunctionUrlDispatcher({ inner, signer, authTypeOf: () => 'AWS_IAM' });
    const request = {
      origin: 'http://127.0.0.1:9080',
      path: '/',
      method: 'GET' as const,
      headers: { host: 'jazz' },
    };
    // Act
    await dispatcher.request(request);
    // Assess
    expect(sent[0]).toBe(request);
  });

  it('refuses to sign a stream body, naming the host', async () => {
    // Prepare
    const { inner } = recordingInner();
    const dispatcher = createFunctionUrlDispatcher({ inner, signer, authTypeOf: () => 'AWS_IAM' });
    const { Readable } = await import('node:stream');
    // Act
    const outcome = dispatcher.request({
      origin: `http://${HOST}:443`,
      path: '/',
      method: 'POST',
      body: Readable.from(['x']),
    });
    // Assess
    await expect(outcome).rejects.toThrow(`the call to the AWS_IAM function URL ${HOST} has a stream body`);
  });
});
