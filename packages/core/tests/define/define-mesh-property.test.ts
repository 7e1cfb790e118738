import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defineMesh, type MeshDefinition, MeshDefinitionError, validate } from '../../src/index.js';

const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.anything(),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk);
const named = <T>(arb: fc.Arbitrary<T>) => maybe(fc.dictionary(fc.constantFrom('a', 'b', 'c'), maybe(arb)));

const definition = fc.record(
  {
    name: maybe(fc.constantFrom('m', '')),
    egressFilter: maybe(fc.constantFrom('DROP_ALL', 'ALLOW_ALL')),
    tags: maybe(fc.dictionary(fc.string(), fc.string())),
    nodes: named(
      fc.record(
        { listeners: maybe(fc.array(junk)), backends: maybe(fc.array(maybe(fc.constantFrom('a', 'b')))) },
        { requiredKeys: [] },
      ),
    ),
    routers: named(
      fc.record(
        {
          listeners: maybe(fc.array(junk)),
          routes: named(
            fc.record(
              { priority: junk, http: maybe(fc.record({ match: junk, action: junk })), tcp: junk },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    services: named(
      fc.record(
        { provider: maybe(fc.oneof(fc.record({ router: junk }), fc.record({ node: junk }))) },
        { requiredKeys: [] },
      ),
    ),
    gateways: named(
      fc.record(
        {
          listeners: junk,
          gatewayRoutes: named(fc.record({ http: maybe(fc.record({ action: junk })) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('defineMesh on arbitrary input', () => {
  test('either throws a MeshDefinitionError or returns a model that validate handles', () => {
    fc.assert(
      fc.property(definition, (input) => {
        let model: ReturnType<typeof defineMesh> | undefined;
        try {
          model = defineMesh(input as unknown as MeshDefinition<string, string, string>);
        } catch (error) {
          expect(error).toBeInstanceOf(MeshDefinitionError);
          return;
        }
        const result = validate(model);
        expect(typeof result.valid).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
