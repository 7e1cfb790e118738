import { AsyncLocalStorage } from 'node:async_hooks';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MeshModel } from '@meshplane/core';
import type { Context } from 'aws-lambda';
import middy from 'middy7';
import type { Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lambdaNodeSpec, lambdaNodeTags } from '../../src/lambda-node/lambda-node-spec.js';
import type { MeshInternal, WithMeshContext } from '../../src/middleware/index.js';
import { createFunctionUrlSigner } from '../../src/signing/function-url-signer.js';
import { lambdaContext } from '../helpers/lambda-context.js';

// Lambda Managed Instances run several invocations at once in one environment (issue 12, item
// 5): each invocation's mesh calls must carry its own trace (downstream header and X-Ray
// subsegments) and a signature over its own headers, however the invocations interleave. The
// runtime's per-invocation store is simulated as Lambda's is, by an AsyncLocalStorage entered
// around each invocation, and the process-wide _X_AMZN_TRACE_ID holds a trace of none of them.

const HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const SIGNING_DATE = new Date('2026-12-04T05:00:00Z');
const POISON_ROOT = '1-00000000-000000000000000000000000';
const INVOCATIONS = 12;
const CALLS = 3;

// Lambda Managed Instances set this when the environment starts, before any module loads.
process.env.AWS_LAMBDA_MAX_CONCURRENCY = String(INVOCATIONS);
const { meshplane, withMesh } = await import('../../src/middleware/index.js');

const rootOf = (i: number) => `1-6759e988-${String(i).padStart(24, '0')}`;
const headerOf = (i: number) => `Root=${rootOf(i)};Parent=${String(i).padStart(16, 'a')};Sampled=1`;

const model: MeshModel = {
  resources: [
    { kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} },
    {
      kind: 'virtualNode',
      meshName: 'dj-app',
      name: 'dj',
      spec: { backends: [{ virtualService: { virtualServiceName: 'recommender.local' } }] },
    },
    {
      kind: 'virtualNode',
      meshName: 'dj-app',
      name: 'recommender',
      spec: lambdaNodeSpec(HOST),
      tags: lambdaNodeTags('AWS_IAM', 'arn:aws:lambda:eu-west-1:123456789012:function:recommender'),
    },
    {
      kind: 'virtualService',
      meshName: 'dj-app',
      name: 'recommender.local',
      spec: { provider: { virtualNode: { virtualNodeName: 'recommender' } } },
    },
  ],
};

/** A dispatcher that answers after a random pause, so that the invocations' calls interleave. */
function slowDispatcher() {
  const sent: Dispatcher.RequestOptions[] = [];
  const dispatcher = {
    async request(options: Dispatcher.RequestOptions) {
      sent.push(options);
      await sleep(Math.floor(Math.random() * 8));
      const { Readable } = await import('node:stream');
      const body = Object.assign(Readable.from(['ok']), { text: async () => 'ok', dump: async () => {} });
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

let daemon: Socket;
const documents: Record<string, unknown>[] = [];
const store = new AsyncLocalStorage<{ trace: string }>();
const saved = { ...process.env };

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (msg) => documents.push(JSON.parse(msg.toString('utf8').split('\n')[1]!)));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  (globalThis as { awslambda?: unknown }).awslambda = {
    InvokeStore: { getXRayTraceId: () => store.getStore()?.trace },
  };
  process.env._X_AMZN_TRACE_ID = `Root=${POISON_ROOT};Parent=0000000000000000;Sampled=1`;
});
afterEach(() => {
  documents.length = 0;
});
afterAll(() => {
  daemon.close();
  delete (globalThis as { awslambda?: unknown }).awslambda;
  process.env = saved;
});

async function waitForDocuments(count: number) {
  const until = Date.now() + 5_000;
  while (documents.length < count && Date.now() < until) await sleep(10);
  return [...documents];
}

/** The handler of every invocation: a few mesh calls, each naming the invocation, with pauses. */
async function calls(event: { i: number }, context: Context & WithMeshContext) {
  for (let c = 0; c < CALLS; c++) {
    await sleep(Math.floor(Math.random() * 5));
    const response = await context.mesh.fetch(`http://recommender.local/recs?i=${event.i}&c=${c}`, {
      method: 'POST',
      headers: { 'x-invocation': String(event.i) },
      body: `{"invocation":${event.i}}`,
    });
    await response.text();
  }
  return event.i;
}

async function assertNothingCrossed(sent: Dispatcher.RequestOptions[]) {
  const subsegments = await waitForDocuments(INVOCATIONS * CALLS);
  expect(sent).toHaveLength(INVOCATIONS * CALLS);
  expect(subsegments).toHaveLength(INVOCATIONS * CALLS);
  const signer = createFunctionUrlSigner({ credentials: CREDENTIALS, now: () => SIGNING_DATE });
  const subsegmentIds = new Map<string, number>();
  for (const doc of subsegments) {
    const i = Number(new URL((doc.http as { request: { url: string } }).request.url).searchParams.get('i'));
    expect(doc.trace_id, `subsegment of invocation ${i}`).toBe(rootOf(i));
    expect(doc.parent_id).toBe(String(i).padStart(16, 'a'));
    subsegmentIds.set(doc.id as string, i);
  }
  for (const request of sent) {
    const headers = request.headers as Record<string, string>;
    const i = Number(headers['x-invocation']);
    const trace = headers['x-amzn-trace-id']!;
    expect(trace, `call of invocation ${i}`).toContain(`Root=${rootOf(i)};`);
    expect(subsegmentIds.get(/Parent=([0-9a-f]{16})/.exec(trace)![1]!)).toBe(i);
    expect(String(request.body)).toBe(`{"invocation":${i}}`);
    // The signature is this request's own (its path, body and headers; SigV4 leaves the trace
    // header unsigned, as the AWS SDK does).
    const { authorization, 'x-amz-date': _date, 'x-amz-content-sha256': _sha, ...unsigned } = headers;
    const again = await signer.sign({
      url: `${request.origin}${request.path}`,
      method: request.method,
      headers: unsigned,
      body: String(request.body),
    });
    expect(authorization).toContain('x-invocation');
    expect(authorization, `signature of invocation ${i}`).toBe(again.authorization);
  }
  expect(JSON.stringify(sent.map((r) => r.headers))).not.toContain(POISON_ROOT);
}

const options = (dispatcher: Dispatcher) => ({
  model,
  virtualNodeName: 'dj',
  dispatcher,
  xrayDaemonAddress: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
  functionUrls: { signer: { credentials: CREDENTIALS, now: () => SIGNING_DATE } },
});

const invokeAll = <T>(invoke: (i: number, context: Context) => Promise<T>) =>
  Promise.all(
    Array.from({ length: INVOCATIONS }, (_, i) =>
      store.run({ trace: headerOf(i) }, () => invoke(i, lambdaContext())),
    ),
  );

describe('concurrent invocations in one environment', () => {
  it('keep traces and signatures apart through the middy middleware, each with its own state', async () => {
    // Prepare
    const { dispatcher, sent } = slowDispatcher();
    const middleware = meshplane(options(dispatcher));
    const states: MeshInternal['meshplane'][] = [];
    const handler = middy<{ i: number }, number, Error, Context & WithMeshContext>(calls)
      .use(middleware)
      .use({ after: (request) => void states.push((request.internal as MeshInternal).meshplane) });
    await middleware.runtime.ready();
    // Act
    const results = await invokeAll((i, context) => handler({ i }, context as Context & WithMeshContext));
    // Assess
    expect(results).toEqual(Array.from({ length: INVOCATIONS }, (_, i) => i));
    await assertNothingCrossed(sent);
    expect(states).toHaveLength(INVOCATIONS);
    for (const state of states) expect(state).toEqual({ traced: true, calls: CALLS });
    await middleware.runtime.close();
  });

  it('keep traces and signatures apart through withMesh, from the first (cold) invocation on', async () => {
    // Prepare
    const { dispatcher, sent } = slowDispatcher();
    const handler = withMesh(calls, options(dispatcher));
    // Act
    await invokeAll((i, context) => handler({ i }, context));
    // Assess
    await assertNothingCrossed(sent);
    await handler.runtime.close();
  });
});
