import { describe, expect, it } from 'vitest';
import {
  type CustomResourceLogger,
  type CustomResourceProvider,
  createCustomResourceHandler,
  createMeshplaneHandler,
} from '../../src/custom-resource/index.js';
import { invokeCustomResource } from '../../src/testing/index.js';

// CloudFormation waits up to an hour for an answer that never comes: every path must answer,
// whatever a provider throws and however deep the properties go (issue 13, item 5).

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

function throwingProvider(thrown: () => unknown): CustomResourceProvider<Record<string, unknown>> {
  return {
    parse: (properties) => ({ ok: true, value: properties }),
    create: async () => {
      throw thrown();
    },
    update: async () => {
      throw thrown();
    },
    delete: async () => undefined,
  };
}

function handlerFor(
  provider: CustomResourceProvider<Record<string, unknown>>,
  logger?: CustomResourceLogger,
) {
  return createCustomResourceHandler({
    providers: { 'Custom::Thing': provider },
    responseUrl: { allowLoopback: true },
    responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: logger ?? { log: () => {} },
  });
}

const hostileThrows: [string, () => unknown][] = [
  ['an object without a prototype', () => Object.create(null)],
  [
    'an object whose toString throws',
    () => ({
      toString: () => {
        throw new Error('no');
      },
    }),
  ],
  ['an object whose toString is not a function', () => ({ toString: 'x', valueOf: 'y' })],
  ['a symbol', () => Symbol('s')],
  ['undefined', () => undefined],
  [
    'an Error whose message getter throws',
    () => {
      const error = new Error('x');
      Object.defineProperty(error, 'message', {
        get: () => {
          throw new Error('getter');
        },
      });
      return error;
    },
  ],
  [
    'a revoked proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
  ],
];

describe('the custom-resource handler answers on every path', () => {
  it.each(hostileThrows)('answers FAILED when the provider throws %s', async (_what, thrown) => {
    // Act
    const result = await invokeCustomResource(handlerFor(throwingProvider(thrown)), {
      requestType: 'Create',
      resourceType: 'Custom::Thing',
      properties: { Name: 'a' },
    });
    // Assess
    expect(result.handlerError).toBeUndefined();
    expect(result.rejected).toEqual([]);
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toMatch(/non-Error value was thrown|could not be read/);
    expect(result.response?.Reason).not.toMatch(/^(TypeError|RangeError)/);
  });

  it('answers when the properties are nested 3,000 deep (custom provider)', async () => {
    // Act
    const result = await invokeCustomResource(handlerFor(throwingProvider(() => new Error('boom'))), {
      requestType: 'Create',
      resourceType: 'Custom::Thing',
      properties: { Deep: nested(3_000) },
    });
    // Assess
    expect(result.handlerError).toBeUndefined();
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('ResourceProperties.Deep.next');
    expect(result.response?.Reason).toContain('nested more than 100 levels deep');
    expect(result.rejected).toEqual([]);
  });

  it('answers FAILED naming the depth when a meshplane resource is nested 3,000 deep', async () => {
    // Prepare
    const handler = createMeshplaneHandler({
      responseUrl: { allowLoopback: true },
      responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
      logger: { log: () => {} },
      appMesh: { clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' } },
    });
    const model = { resources: [{ kind: 'virtualNode', name: 'n', meshName: 'm', spec: nested(3_000) }] };
    // Act
    const results = await Promise.all(
      (
        ['Custom::MeshplaneMesh', 'Custom::MeshplaneLambdaNode', 'Custom::MeshplaneTrafficShift'] as const
      ).map((resourceType) =>
        invokeCustomResource(handler, {
          requestType: 'Create',
          resourceType,
          properties: { Model: model, Backends: [nested(3_000)], Weights: nested(3_000), MeshName: 'm' },
        }),
      ),
    );
    // Assess
    for (const result of results) {
      expect(result.handlerError).toBeUndefined();
      expect(result.response?.Status).toBe('FAILED');
      expect(result.response?.Reason).toContain('nested more than 100 levels deep');
    }
  });

  it('answers when the logger throws on every line', async () => {
    // Prepare
    const logger: CustomResourceLogger = {
      log: () => {
        throw new Error('log sink is gone');
      },
    };
    // Act
    const result = await invokeCustomResource(
      handlerFor(
        throwingProvider(() => new Error('boom')),
        logger,
      ),
      {
        requestType: 'Create',
        resourceType: 'Custom::Thing',
        properties: { Name: 'a' },
      },
    );
    // Assess
    expect(result.handlerError).toBeUndefined();
    expect(result.response).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('boom') });
  });
});
