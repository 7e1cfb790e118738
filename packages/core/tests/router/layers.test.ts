import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type CallPlan, sendAttempt } from '../../src/router/attempt.js';
import { decideRequest } from '../../src/router/decide.js';
import {
  compileMesh,
  createView,
  type MeshAttemptEndEvent,
  MeshTimeoutError,
  type RouteDecision,
  type Transport,
  type TransportRequest,
  UpstreamConnectionError,
} from '../../src/router/internals.js';
import { retryingCall } from '../../src/router/retrying-call.js';
import { instance, meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

// The router's layers run without a socket: the decision over compiled tables, one attempt
// through a transport, and the retrying call over attempts, each with a fake transport.
const SVC = 'jazz.prod.svc.cluster.local';
const DEFAULTS = { perRequestMs: 15_000, perRequestSource: 'default' as const, idleMs: undefined };

function tables(instances = 2) {
  const model = meshModel(
    [SVC],
    [
      node('jazz-v1'),
      node('jazz-v2'),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: {
            weightedTargets: [
              { virtualNode: 'jazz-v1', weight: 80 },
              { virtualNode: 'jazz-v2', weight: 20 },
            ],
          },
        },
      }),
      service(SVC, { router: 'jazz-router' }),
    ],
  );
  const discovery = staticDiscovery({
    'jazz-v1': Array.from({ length: instances }, (_, i) => instance(`v1-${i}`, 1000 + i)),
    'jazz-v2': [instance('v2-0', 2000)],
  });
  return compileMesh({ model, sourceNode: 'client', discovery });
}

function plan(decision: RouteDecision, overrides: Partial<CallPlan> = {}): CallPlan {
  return {
    decision,
    method: 'GET',
    path: '/',
    headerList: ['host', SVC],
    body: undefined,
    policy: decision.retryPolicy,
    maxRetries: decision.retryPolicy?.maxRetries ?? 0,
    perRequestMs: 15_000,
    deadline: Number.POSITIVE_INFINITY,
    idleMs: 0,
    signal: undefined,
    ...overrides,
  };
}

/** A transport that answers from a script: a status, or an error with a code. */
function scripted(script: ((r: TransportRequest) => number | { code: string })[]) {
  const sent: TransportRequest[] = [];
  const transport: Transport = {
    async request(r) {
      sent.push(r);
      const step = script[sent.length - 1]!(r);
      if (typeof step !== 'number') throw Object.assign(new Error(step.code), { code: step.code });
      return { statusCode: step, headers: {}, body: Readable.from([Buffer.from('ok')]) };
    },
    close: async () => undefined,
  };
  return { transport, sent };
}

describe('decideRequest (pure, over compiled tables)', () => {
  it('draws the weighted target from the random number it is given', () => {
    const t = tables();
    const at = (x: number) =>
      decideRequest(t, createView(`http://${SVC}:9080/`, undefined, undefined), () => x, DEFAULTS).targetNode;
    expect([at(0), at(0.79), at(0.8), at(0.99)]).toEqual(['jazz-v1', 'jazz-v1', 'jazz-v2', 'jazz-v2']);
  });
});

describe('sendAttempt (one request through a transport)', () => {
  it('classifies a refused connection as a connect failure naming the endpoint', async () => {
    const t = tables();
    const d = decideRequest(t, createView(`http://${SVC}:9080/`, undefined, undefined), () => 0, DEFAULTS);
    const { transport } = scripted([() => ({ code: 'ECONNREFUSED' })]);
    const endpoint = { origin: 'http://127.0.0.1:1000', host: '127.0.0.1', port: 1000, instanceId: 'v1-0' };
    const outcome = await sendAttempt(plan(d), endpoint, ['host', SVC], transport);
    expect(outcome.kind).toBe('failure');
    if (outcome.kind !== 'failure') return;
    expect(outcome.failure).toBe('connect-failure');
    expect(outcome.error).toBeInstanceOf(UpstreamConnectionError);
    expect(outcome.error.message).toContain('http://127.0.0.1:1000');
  });

  it('fails at once with the per-request timeout when the deadline has passed', async () => {
    const t = tables();
    const d = decideRequest(t, createView(`http://${SVC}:9080/`, undefined, undefined), () => 0, DEFAULTS);
    const { transport, sent } = scripted([() => 200]);
    const endpoint = { origin: 'http://127.0.0.1:1000', host: '127.0.0.1', port: 1000, instanceId: 'v1-0' };
    const late = plan(d, { deadline: performance.now() - 1 });
    await expect(sendAttempt(late, endpoint, ['host', SVC], transport)).rejects.toBeInstanceOf(
      MeshTimeoutError,
    );
    expect(sent).toEqual([]);
  });
});

describe('retryingCall (policy, budget, previous hosts, observer)', () => {
  it('retries a refused connection on the other instance and reports each attempt', async () => {
    const t = tables();
    const d = decideRequest(t, createView(`http://${SVC}:9080/`, undefined, undefined), () => 0, DEFAULTS);
    const { transport, sent } = scripted([() => ({ code: 'ECONNREFUSED' }), () => 200]);
    const ends: MeshAttemptEndEvent[] = [];
    const call = {
      method: 'GET',
      url: `http://${SVC}:9080/`,
      virtualServiceName: SVC,
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      targetNode: 'jazz-v1',
      startedAt: 0,
    };
    const response = await retryingCall(
      plan(d),
      { call, attempts: 0 },
      {
        transport,
        hooks: { onAttemptEnd: (e) => ends.push(e) },
        backoff: { baseMs: 0, maxMs: 0 },
        random: () => 0,
      },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(sent.map((r) => r.origin)).toEqual(['http://127.0.0.1:1000', 'http://127.0.0.1:1001']);
    expect(ends.map((e) => [e.attempt, e.statusCode, e.error?.constructor.name, e.willRetry])).toEqual([
      [1, undefined, 'UpstreamConnectionError', true],
      [2, 200, undefined, false],
    ]);
    // The node's retry budget is released when the call ends.
    expect([d.target!.node.budget.activeRequests, d.target!.node.budget.activeRetries]).toEqual([0, 0]);
  });
});
