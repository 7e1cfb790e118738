import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CREATE_FAILED_PREFIX,
  type CustomResourceEvent,
  type CustomResourceLogger,
  type CustomResourceProvider,
  createCustomResourceHandler,
} from '../../src/custom-resource/index.js';
import { checkResponseUrl, redactUrl } from '../../src/custom-resource/response-url.js';
import { invokeCustomResource } from '../../src/testing/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';

interface EchoProps {
  Name: string;
  Size?: number;
  Secret?: string;
}

function recorder() {
  const lines: string[] = [];
  const logger: CustomResourceLogger = {
    log: (level, message, fields) => lines.push(JSON.stringify({ level, message, ...fields })),
  };
  return { lines, logger, text: () => lines.join('\n') };
}

function echoProvider(overrides: Partial<CustomResourceProvider<EchoProps>> = {}) {
  const calls: string[] = [];
  const provider: CustomResourceProvider<EchoProps> = {
    parse(properties) {
      const problems: string[] = [];
      if (typeof properties.Name !== 'string' || properties.Name.length === 0) {
        problems.push(`Name is required (a non-empty string), got ${JSON.stringify(properties.Name)}`);
      }
      if (properties.Size !== undefined && !/^\d+$/.test(String(properties.Size))) {
        problems.push(`Size must be a whole number, got ${JSON.stringify(properties.Size)}`);
      }
      if (problems.length > 0) return { ok: false, problems };
      return {
        ok: true,
        value: {
          Name: properties.Name as string,
          ...(properties.Size !== undefined ? { Size: Number(properties.Size) } : {}),
          ...(typeof properties.Secret === 'string' ? { Secret: properties.Secret } : {}),
        },
      };
    },
    async create(props) {
      calls.push(`create:${props.Name}`);
      return { physicalResourceId: `echo-${props.Name}`, data: { Name: props.Name, Size: props.Size ?? 0 } };
    },
    async update(props, old) {
      calls.push(`update:${old?.Name}->${props.Name}`);
      return props.Name === old?.Name
        ? { data: { Name: props.Name } }
        : { physicalResourceId: `echo-${props.Name}` };
    },
    async delete(props) {
      calls.push(`delete:${props?.Name}`);
      return undefined;
    },
    ...overrides,
  };
  return { provider, calls };
}

function handlerWith(provider: CustomResourceProvider<EchoProps>, extra: { deadlineMarginMs?: number } = {}) {
  const logs = recorder();
  const handler = createCustomResourceHandler({
    providers: { 'Custom::Echo': provider },
    responseUrl: { allowLoopback: true },
    responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: logs.logger,
    ...extra,
  });
  return { handler, logs };
}

describe('custom-resource framework', () => {
  it('answers SUCCESS with the provider id and stringified data', async () => {
    // Prepare
    const { provider } = echoProvider();
    const { handler } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a', Size: 3 },
    });
    // Assess
    expect(result.response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'echo-a',
      Data: { Name: 'a', Size: '3' },
      RequestId: result.event.RequestId,
      StackId: result.event.StackId,
      LogicalResourceId: result.event.LogicalResourceId,
    });
    expect(result.attempts).toBe(1);
  });

  it('turns a throwing handler into FAILED with a sentinel id, and the Delete that follows touches nothing', async () => {
    // Prepare
    const { provider, calls } = echoProvider({
      create: async () => {
        throw new Error('boom: the API said no');
      },
    });
    const { handler } = handlerWith(provider);
    // Act
    const created = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
    });
    const deleted = await invokeCustomResource(handler, {
      requestType: 'Delete',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      physicalResourceId: created.response!.PhysicalResourceId,
    });
    // Assess
    expect(created.response?.Status).toBe('FAILED');
    expect(created.response?.Reason).toContain('boom: the API said no');
    expect(created.response?.PhysicalResourceId.startsWith(CREATE_FAILED_PREFIX)).toBe(true);
    expect(deleted.response?.Status).toBe('SUCCESS');
    expect(deleted.response?.PhysicalResourceId).toBe(created.response?.PhysicalResourceId);
    expect(calls).toEqual([]);
  });

  it('reports every invalid property at once', async () => {
    // Prepare
    const { provider, calls } = echoProvider();
    const { handler } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Size: 'big' },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('Name is required');
    expect(result.response?.Reason).toContain('Size must be a whole number, got "big"');
    expect(calls).toEqual([]);
  });

  it('answers FAILED before the Lambda deadline when the work cannot finish', async () => {
    // Prepare
    const { provider } = echoProvider({ create: () => new Promise(() => {}) });
    const { handler } = handlerWith(provider, { deadlineMarginMs: 700 });
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'slow' },
      remainingTimeMs: 1_000,
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('did not finish in time');
    expect(result.answeredBeforeDeadline).toBe(true);
  });

  it('retries the answer PUT until the ResponseURL accepts it (fails twice, then succeeds)', async () => {
    // Prepare
    const { provider } = echoProvider();
    const { handler, logs } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      responseFailures: 2,
    });
    // Assess
    expect(result.attempts).toBe(3);
    expect(result.response?.Status).toBe('SUCCESS');
    expect(logs.lines.filter((line) => line.includes('retrying'))).toHaveLength(2);
  });

  it('keeps time to retry when a PUT hangs: each try is cut to half the time the function has left', async () => {
    // Prepare: a ResponseURL whose first PUT never answers (default PUT timeout: 10 s), and a
    // function with 3 s left.
    const bodies: string[] = [];
    let answeredAt = Number.POSITIVE_INFINITY;
    let puts = 0;
    const server = createServer((req, res) => {
      puts++;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (puts === 1) return; // hang
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        answeredAt = Date.now();
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { provider } = echoProvider();
    const { handler } = handlerWith(provider);
    const event = {
      RequestType: 'Create',
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      ResponseURL: `http://127.0.0.1:${port}/response?X-Amz-Signature=abc`,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
      RequestId: 'hang-1',
      LogicalResourceId: 'Echo',
      ResourceType: 'Custom::Echo',
      ResourceProperties: { Name: 'a' },
    } as const;
    const deadline = Date.now() + 3_000;
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    // Act
    try {
      await handler({ ...event }, context);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    // Assess
    expect(puts).toBe(2);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ Status: 'SUCCESS', RequestId: 'hang-1' });
    expect(answeredAt).toBeLessThanOrEqual(deadline);
  });

  it('rejects the invocation when the answer cannot be delivered, without leaking the signature', async () => {
    // Prepare
    const { provider } = echoProvider();
    const { handler, logs } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      responseFailures: 99,
    });
    // Assess
    expect(result.attempts).toBe(5);
    expect(result.response).toBeUndefined();
    expect(String(result.handlerError)).toContain('after 5 attempts');
    expect(String(result.handlerError)).not.toContain(result.signature);
    expect(logs.text()).not.toContain(result.signature);
  });

  it('keeps the body under 4,096 bytes: oversized Data fails a Create with the size named', async () => {
    // Prepare
    const { provider } = echoProvider({
      create: async () => ({ physicalResourceId: 'big', data: { Blob: 'x'.repeat(5_000), Small: 'y' } }),
    });
    const { handler } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toMatch(/Data is too large: \d+ bytes.*Blob \(5000 bytes\)/);
    expect(result.response?.Data).toBeUndefined();
    expect(result.bytes).toBeLessThanOrEqual(4096);
  });

  it('shortens a huge failure reason so the body still fits', async () => {
    // Prepare
    const { provider } = echoProvider({
      create: async () => {
        throw new Error('e'.repeat(10_000));
      },
    });
    const { handler } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.bytes).toBeLessThanOrEqual(4096);
    expect(result.bytes).toBeGreaterThan(3_900);
  });

  it('keeps the PhysicalResourceId on update, replaces it when the provider says so, never changes it on Delete', async () => {
    // Prepare
    const { provider, calls } = echoProvider({
      delete: async () => ({ physicalResourceId: 'something-else' }),
    });
    const { handler } = handlerWith(provider);
    // Act
    const same = await invokeCustomResource(handler, {
      requestType: 'Update',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      oldProperties: { Name: 'a' },
      physicalResourceId: 'echo-a',
    });
    const replaced = await invokeCustomResource(handler, {
      requestType: 'Update',
      resourceType: 'Custom::Echo',
      properties: { Name: 'b' },
      oldProperties: { Name: 'a' },
      physicalResourceId: 'echo-a',
    });
    const deleted = await invokeCustomResource(handler, {
      requestType: 'Delete',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      physicalResourceId: 'echo-a',
    });
    // Assess
    expect(same.response?.PhysicalResourceId).toBe('echo-a');
    expect(replaced.response?.PhysicalResourceId).toBe('echo-b');
    expect(deleted.response?.PhysicalResourceId).toBe('echo-a');
    expect(calls).toEqual(['update:a->a', 'update:a->b']);
  });

  it('generates a deterministic id when a Create returns none', async () => {
    // Prepare
    const { provider } = echoProvider({ create: async () => ({}) });
    const first = handlerWith(provider).handler;
    const second = handlerWith(provider).handler;
    // Act
    const a = await invokeCustomResource(first, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      requestId: 'req-1',
    });
    const b = await invokeCustomResource(second, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      requestId: 'req-1',
    });
    // Assess
    expect(a.response?.PhysicalResourceId).toMatch(/^MeshplaneResource-[0-9a-f]{16}$/);
    expect(b.response?.PhysicalResourceId).toBe(a.response?.PhysicalResourceId);
  });

  it('does not run a Create twice when CloudFormation retries the same RequestId', async () => {
    // Prepare
    const { provider, calls } = echoProvider();
    const { handler } = handlerWith(provider);
    // Act
    const first = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      requestId: 'same-request',
    });
    const again = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      requestId: 'same-request',
    });
    // Assess
    expect(calls).toEqual(['create:a']);
    expect(again.body).toBe(first.body);
  });

  it('honours NoEcho: Data and properties stay out of the logs and the response is masked', async () => {
    // Prepare
    const { provider } = echoProvider({
      create: async (props) => ({ physicalResourceId: 'secret', data: { Token: `tok-${props.Secret}` } }),
    });
    const { handler, logs } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a', Secret: 'hunter2', NoEcho: true },
    });
    // Assess
    expect(result.response).toMatchObject({
      Status: 'SUCCESS',
      NoEcho: true,
      Data: { Token: 'tok-hunter2' },
    });
    expect(logs.text()).not.toContain('hunter2');
    expect(logs.text()).toContain('<hidden: NoEcho');
  });

  it('keeps the old properties out of the logs when an update drops NoEcho', async () => {
    // Prepare
    const { provider } = echoProvider();
    const { handler, logs } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Update',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      oldProperties: { Name: 'a', Secret: 'old-hunter2', NoEcho: true },
      physicalResourceId: 'echo-a',
    });
    // Assess
    expect(result.response?.Status).toBe('SUCCESS');
    expect(result.response?.NoEcho).toBeUndefined();
    expect(logs.text()).not.toContain('old-hunter2');
  });

  it('honours NoEcho when the properties are invalid: the failure reason names the rule, not the values', async () => {
    // Prepare: the echo provider's parse quotes the bad value, as most validators do.
    const { provider } = echoProvider();
    const { handler, logs } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a', Size: 'hunter2-secret', NoEcho: true },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('Size must be a whole number');
    expect(result.response?.Reason).not.toContain('hunter2-secret');
    expect(logs.text()).not.toContain('hunter2-secret');
    expect(logs.text()).toContain('Size must be a whole number');
  });

  it('never logs the ResponseURL signature, on success or failure', async () => {
    // Prepare
    const { provider } = echoProvider({
      create: async (_props, ctx) => {
        throw new Error(`failed while talking to ${ctx.event.ResponseURL}`);
      },
    });
    const { handler, logs } = handlerWith(provider);
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      responseFailures: 1,
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).not.toContain(result.signature);
    expect(logs.text()).not.toContain(result.signature);
    expect(logs.text()).toContain('?<redacted>');
  });

  it('answers FAILED for an unknown resource type, and the sentinel Delete still succeeds', async () => {
    // Prepare
    const { provider } = echoProvider();
    const { handler } = handlerWith(provider);
    // Act
    const created = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Nope',
      properties: {},
    });
    const deleted = await invokeCustomResource(handler, {
      requestType: 'Delete',
      resourceType: 'Custom::Nope',
      physicalResourceId: created.response!.PhysicalResourceId,
    });
    // Assess
    expect(created.response?.Status).toBe('FAILED');
    expect(created.response?.Reason).toContain('"Custom::Nope" is not handled here');
    expect(deleted.response?.Status).toBe('SUCCESS');
  });

  it('refuses to PUT to a loopback ResponseURL unless configured for local tests', async () => {
    // Prepare
    const { provider, calls } = echoProvider();
    const handler = createCustomResourceHandler({
      providers: { 'Custom::Echo': provider },
      responseUrl: { allowLoopback: false },
      logger: recorder().logger,
    });
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
    });
    // Assess
    expect(result.attempts).toBe(0);
    expect(String(result.handlerError)).toContain('loopback host');
    expect(calls).toEqual([]);
  });
});

describe('invokeCustomResource', () => {
  it('reports no answer when a handler returns without answering, after a short grace', async () => {
    // Prepare
    const silent = async () => {};
    // Act
    const result = await invokeCustomResource(silent, { requestType: 'Create', waitMs: 50 });
    // Assess
    expect(result.response).toBeUndefined();
    expect(result.attempts).toBe(0);
    expect(result.answeredBeforeDeadline).toBe(false);
  });

  it('says what CloudFormation would refuse in an answer, instead of throwing on it', async () => {
    // Prepare: handlers that PUT bad answers to the ResponseURL themselves.
    const put = (body: (event: CustomResourceEvent) => string) => async (event: CustomResourceEvent) => {
      await fetch(event.ResponseURL, { method: 'PUT', body: body(event) });
    };
    // Act
    const notJson = await invokeCustomResource(
      put(() => 'OK'),
      { requestType: 'Create' },
    );
    const wrong = await invokeCustomResource(
      put((e) =>
        JSON.stringify({
          Status: 'FAILED',
          RequestId: e.RequestId,
          PhysicalResourceId: 'other',
          NoEcho: 'yes',
        }),
      ),
      { requestType: 'Delete', physicalResourceId: 'mine', logicalResourceId: 'Thing' },
    );
    // Assess
    expect(notJson.response).toBeUndefined();
    expect(notJson.rejected).toEqual([expect.stringMatching(/^the body is not JSON: /)]);
    expect(wrong.response?.Status).toBe('FAILED');
    expect(wrong.rejected).toEqual([
      'Reason is required when Status is FAILED',
      'a Delete must answer the PhysicalResourceId it was sent (mine), got other',
      `StackId must be copied from the request (${wrong.event.StackId}), got undefined`,
      'LogicalResourceId must be copied from the request (Thing), got undefined',
      'NoEcho must be a boolean, got "yes"',
    ]);
  });

  it('finds nothing to refuse in the answers of the handler, SUCCESS or FAILED', async () => {
    // Prepare
    const { provider } = echoProvider();
    const { handler } = handlerWith(provider);
    // Act
    const created = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a', Size: 3 },
    });
    const failed = await invokeCustomResource(handler, {
      requestType: 'Update',
      resourceType: 'Custom::Echo',
      properties: { Name: '' },
      physicalResourceId: 'echo-a',
    });
    const deleted = await invokeCustomResource(handler, {
      requestType: 'Delete',
      resourceType: 'Custom::Echo',
      properties: { Name: 'a' },
      physicalResourceId: 'echo-a',
    });
    // Assess
    expect([created.response?.Status, failed.response?.Status, deleted.response?.Status]).toEqual([
      'SUCCESS',
      'FAILED',
      'SUCCESS',
    ]);
    expect([created.rejected, failed.rejected, deleted.rejected]).toEqual([[], [], []]);
  });

  it('builds the event CloudFormation sends: stringified scalars, ids, old properties on Update', async () => {
    // Prepare
    let seen: unknown;
    const capture = async (event: unknown) => {
      seen = event;
    };
    // Act
    await invokeCustomResource(capture, {
      requestType: 'Update',
      resourceType: 'Custom::Echo',
      properties: { Port: 9080, Tls: true, Nested: [{ Weight: 10 }] },
      oldProperties: { Port: 8080 },
      physicalResourceId: 'echo-1',
      logicalResourceId: 'Echo',
      waitMs: 10,
    });
    // Assess
    expect(seen).toMatchObject({
      RequestType: 'Update',
      ResourceType: 'Custom::Echo',
      LogicalResourceId: 'Echo',
      PhysicalResourceId: 'echo-1',
      ResourceProperties: { Port: '9080', Tls: 'true', Nested: [{ Weight: '10' }] },
      OldResourceProperties: { Port: '8080' },
    });
    expect((seen as { StackId: string }).StackId).toMatch(
      /^arn:aws:cloudformation:us-east-1:123456789012:stack\/meshplane-test\//,
    );
    expect((seen as { ResponseURL: string }).ResponseURL).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Signature=/,
    );
  });
});

describe('checkResponseUrl', () => {
  it.each([
    'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=s',
    'https://cloudformation-custom-resource-response-uswest2.s3-us-west-2.amazonaws.com/x',
    'https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x',
    'https://cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com/x',
  ])('accepts the AWS host %s', (url) => {
    // Act
    const parsed = checkResponseUrl(url, { allowLoopback: false });
    // Assess
    expect(parsed.protocol).toBe('https:');
  });

  it.each([
    ['http://bucket.s3.amazonaws.com/x', 'must use https'],
    ['https://amazonaws.com.evil.example/x', 'not an AWS host'],
    ['https://evilamazonaws.com/x', 'not an AWS host'],
    ['https://user:pw@bucket.s3.amazonaws.com/x', 'must not carry credentials'],
    ['not a url', 'not a valid absolute URL'],
    ['http://localhost:8080/x', 'loopback host'],
  ])('rejects %s', (url, rule) => {
    // Act + Assess
    expect(() => checkResponseUrl(url, { allowLoopback: false })).toThrow(rule);
  });

  it('accepts extra host suffixes only over https', () => {
    // Act
    const accepted = checkResponseUrl('https://bucket.s3.us-iso-east-1.c2s.ic.gov/x', {
      extraHostSuffixes: ['.c2s.ic.gov'],
    });
    // Assess
    expect(accepted.hostname).toBe('bucket.s3.us-iso-east-1.c2s.ic.gov');
    expect(() =>
      checkResponseUrl('https://bucket.example.org/x', { extraHostSuffixes: ['.c2s.ic.gov'] }),
    ).toThrow('not an AWS host');
  });

  it('redacts the query string', () => {
    // Act
    const shown = redactUrl('https://b.s3.amazonaws.com/k?X-Amz-Signature=abc');
    // Assess
    expect(shown).toBe('https://b.s3.amazonaws.com/k?<redacted>');
  });
});
