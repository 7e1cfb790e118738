import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCustomResourceHandler } from '../../src/custom-resource/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';

// A ResponseURL that accepts connections and never answers: the handler must give up and return
// before the Lambda deadline, whatever time is left (issue 13, item 11: it finished 138-663 ms
// after the deadline in 10 of 16 runs). The deadline is the one getRemainingTimeInMillis counts to.
let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

async function hangingServer(): Promise<{ port: number; puts: () => number }> {
  let puts = 0;
  server = createServer(() => {
    puts++; // never answers
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, puts: () => puts };
}

describe('a hanging ResponseURL', () => {
  it('makes the handler return before the Lambda deadline, with the last try cut to the time left', async () => {
    // Prepare
    const { port, puts } = await hangingServer();
    const handler = createCustomResourceHandler({
      providers: {
        'Custom::Echo': {
          parse: (properties) => ({ ok: true, value: properties }),
          create: async () => ({ physicalResourceId: 'echo' }),
          update: async () => ({}),
          delete: async () => undefined,
        },
      },
      responseUrl: { allowLoopback: true },
      responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
      logger: { log: () => {} },
    });
    const remaining = [700, 1_100, 1_300, 1_700, 2_300, 2_900];
    // Act: one invocation per time left, all at once
    const outcomes = await Promise.all(
      remaining.map(async (ms, i) => {
        const deadline = Date.now() + ms;
        const context = {
          ...lambdaContext(),
          getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        };
        const error = await handler(
          {
            RequestType: 'Create',
            ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
            ResponseURL: `http://127.0.0.1:${port}/r?X-Amz-Signature=abc`,
            StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
            RequestId: `hang-${i}`,
            LogicalResourceId: 'Echo',
            ResourceType: 'Custom::Echo',
            ResourceProperties: {},
          },
          context,
        ).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        return { ms, finishedBeforeDeadline: Date.now() <= deadline, error };
      }),
    );
    // Assess
    for (const outcome of outcomes) {
      expect(outcome, `${outcome.ms} ms left`).toMatchObject({ finishedBeforeDeadline: true });
      expect(outcome.error?.message).toContain('could not be delivered');
    }
    expect(puts()).toBeGreaterThanOrEqual(remaining.length);
  });
});
