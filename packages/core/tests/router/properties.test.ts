import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRoutes, type OrderableRoute, parseMeshUrl, WeightedPicker } from '../../src/router/index.js';

const routeArb: fc.Arbitrary<OrderableRoute> = fc.record({
  name: fc.string({ minLength: 1, maxLength: 6 }),
  priority: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  specificity: fc.record({
    pathKind: fc.integer({ min: 0, max: 3 }),
    pathLength: fc.integer({ min: 0, max: 40 }),
    conditions: fc.integer({ min: 0, max: 10 }),
  }),
});

describe('route order properties', () => {
  it('does not depend on the order of the model list, and puts every prioritised route first', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(routeArb, { selector: (r) => r.name, maxLength: 50 }),
        fc.integer(),
        (routes, seed) => {
          // Prepare
          const shuffled = [...routes].sort(() => 0).reverse();
          const rotated = routes.map((_, i) => routes[(i + Math.abs(seed)) % routes.length]!);
          // Act
          const a = [...routes].sort(compareRoutes).map((r) => r.name);
          const b = shuffled.sort(compareRoutes).map((r) => r.name);
          const c = rotated.sort(compareRoutes).map((r) => r.name);
          const sorted = [...routes].sort(compareRoutes);
          const firstUnprioritised = sorted.findIndex((r) => r.priority === undefined);
          // Assess
          expect(b).toEqual(a);
          expect(c).toEqual(a);
          if (firstUnprioritised >= 0) {
            expect(sorted.slice(firstUnprioritised).every((r) => r.priority === undefined)).toBe(true);
          }
          for (let i = 1; i < firstUnprioritised; i++) {
            expect(sorted[i - 1]!.priority!).toBeLessThanOrEqual(sorted[i]!.priority!);
          }
        },
      ),
    );
  });
});

describe('URL parsing properties', () => {
  const label = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,10}$/);
  const segment = fc.oneof(
    fc.stringMatching(/^[a-zA-Z0-9._~-]{0,8}$/),
    fc.string({
      unit: fc.constantFrom('a', '.', ' ', '%20', '"', '^', '{', '|', 'é', '\\', ':', '@', '!'),
      maxLength: 6,
    }),
  );
  it('agrees with the WHATWG URL parser on mesh URLs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.array(segment, { maxLength: 4 }),
        fc.option(fc.stringMatching(/^[a-z0-9=&]{0,12}$/), { nil: undefined }),
        (scheme, labels, port, segments, query) => {
          // Prepare
          const url = `${scheme}://${labels.join('.')}${port === undefined ? '' : `:${port}`}/${segments.join('/')}${query === undefined ? '' : `?${query}`}`;
          const whatwg = new URL(url);
          // Act
          const parsed = parseMeshUrl(url);
          // Assess
          expect(parsed.host).toBe(whatwg.hostname);
          expect(parsed.path).toBe(whatwg.pathname);
          expect(parsed.query).toBe(whatwg.search.replace(/^\?/, ''));
          const defaultPort = scheme === 'https' ? 443 : 80;
          expect(parsed.explicitPort ?? defaultPort).toBe(
            whatwg.port === '' ? defaultPort : Number(whatwg.port),
          );
        },
      ),
    );
  });
});

describe('weighted pick properties', () => {
  it('picks index i exactly for random numbers inside its share of the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (weights, r) => {
          // Prepare
          const picker = new WeightedPicker(weights);
          const total = weights.reduce((a, b) => a + b, 0);
          // Act
          const index = picker.pick(r);
          // Assess
          if (total === 0) {
            expect(index).toBe(-1);
            return;
          }
          const before = weights.slice(0, index).reduce((a, b) => a + b, 0);
          expect(weights[index]).toBeGreaterThan(0);
          expect(r * total).toBeGreaterThanOrEqual(before);
          expect(r * total).toBeLessThan(before + weights[index]!);
        },
      ),
    );
  });
});
