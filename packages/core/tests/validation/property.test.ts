import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  assertValid,
  type MeshModel,
  MeshValidationError,
  RESOURCE_KINDS,
  validate,
} from '../../src/index.js';
import { sampleModel } from './sample-models.js';

const garbage = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(Array.from({ length: 1000 }, () => ({ virtualNode: 'x', weight: 1 }))),
  fc.constant(Array.from({ length: 300 }, (_, i) => `svc-${i}`)),
  fc.constant('x'.repeat(300)),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.anything(),
);

/** Every (container, key) slot of a JSON value, so a mutation can hit any depth. */
function slots(value: unknown, out: [Record<string | number, unknown>, string | number][] = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value as unknown as Record<number, unknown>, i]);
      slots(item, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots((value as Record<string, unknown>)[key], out);
    }
  }
  return out;
}

function assertWellFormed(model: unknown, strict: boolean): void {
  const result = validate(model as MeshModel, { strict });
  expect(typeof result.valid).toBe('boolean');
  for (const issue of result.issues) {
    expect(typeof issue.code).toBe('string');
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(['error', 'warning']).toContain(issue.severity);
  }
  expect(result.valid).toBe(!result.issues.some((issue) => issue.severity === 'error'));
  try {
    assertValid(model as MeshModel, { strict });
  } catch (error) {
    expect(error).toBeInstanceOf(MeshValidationError);
  }
}

describe('validate on random and mutated models', () => {
  test('a mutated valid model only ever yields issues or a MeshValidationError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), garbage, fc.boolean()), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (mutations, strict) => {
          // Prepare
          const model = sampleModel() as unknown;
          for (const [pick, value, remove] of mutations) {
            const all = slots(model);
            if (all.length === 0) break;
            const [container, key] = all[pick % all.length] as [
              Record<string | number, unknown>,
              string | number,
            ];
            // A fresh copy, so that shared constants never turn the model into a cyclic graph.
            if (remove && !Array.isArray(container)) delete container[key];
            else container[key] = structuredClone(value);
          }
          // Act / Assess
          assertWellFormed(model, strict);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('random resources of every kind only ever yield issues', () => {
    const resource = fc.record(
      {
        kind: fc.oneof(fc.constantFrom(...RESOURCE_KINDS), garbage),
        meshName: fc.oneof(fc.constantFrom('m', 'other'), garbage),
        name: fc.oneof(fc.constantFrom('a', 'b', ''), garbage),
        virtualRouterName: fc.oneof(fc.constant('a'), garbage),
        virtualGatewayName: fc.oneof(fc.constant('a'), garbage),
        spec: fc.oneof(
          garbage,
          fc.dictionary(
            fc.constantFrom('listeners', 'httpRoute', 'provider', 'backends', 'priority'),
            garbage,
          ),
        ),
        tags: garbage,
        source: fc.oneof(garbage, fc.record({ file: fc.string(), line: fc.integer() })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ resources: fc.array(fc.oneof(resource, garbage), { maxLength: 12 }) }),
        ),
        (model) => {
          assertWellFormed(model, true);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a spec holding a cyclic object is reported, not thrown', () => {
    // Prepare
    const model = sampleModel();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const spec = model.resources[1]?.spec as Record<string, unknown>;
    spec.backendDefaults = {
      clientPolicy: { tls: { ports: [cyclic, cyclic], validation: { trust: { sds: { secretName: 's' } } } } },
    };
    // Act
    const result = validate(model);
    // Assess
    expect(result.valid).toBe(false);
    const portIssues = result.issues.filter((issue) => issue.path.includes('clientPolicy.tls.ports[1]'));
    expect(portIssues.map((issue) => issue.code)).toContain('SHAPE_TYPE');
  });
});
