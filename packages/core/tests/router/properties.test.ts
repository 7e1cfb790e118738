import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareRoutes,
  createRouter,
  type OrderableRoute,
  parseMeshUrl,
  RouteIndex,
  requestView,
  WeightedPicker,
} from '../../src/router/internals.js';
import { meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

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

describe('route index properties', () => {
  // A small alphabet so that literals share prefixes and keys collide.
  const literal = fc.stringMatching(/^\/[ab/]{0,5}$/);
  const path = fc.stringMatching(/^\/[ab/]{0,7}$/);

  it('keeps, in order, every route whose literal the path starts with (so the first match is the same)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(literal, { nil: undefined }), { minLength: 8, maxLength: 40 }),
        fc.array(path, { minLength: 1, maxLength: 20 }),
        (literals, paths) => {
          // Prepare
          const routes = literals.map((l, order) => ({ l, order }));
          const index = RouteIndex.build(routes, (r) => r.l);
          for (const p of paths) {
            // Act
            const candidates = index ? index.candidates(p) : routes;
            // Assess
            const orders = candidates.map((r) => r.order);
            expect(orders).toEqual([...orders].sort((a, b) => a - b));
            const possible = routes.filter((r) => r.l === undefined || p.startsWith(r.l));
            for (const r of possible) expect(candidates).toContain(r);
          }
        },
      ),
    );
  });

  it('routes every request exactly as a linear scan of the ordered routes does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            prefix: literal,
            kind: fc.constantFrom('prefix', 'exact', 'regex', 'prefix+header'),
            priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
          }),
          { minLength: 8, maxLength: 30 },
        ),
        fc.array(fc.tuple(path, fc.boolean()), { minLength: 1, maxLength: 20 }),
        (specs, requests) => {
          // Prepare
          const model = meshModel(
            ['svc.local'],
            [
              node('v1'),
              router('r'),
              ...specs.map((s, i) =>
                route('r', `route-${String(i).padStart(2, '0')}`, {
                  ...(s.priority === undefined ? {} : { priority: s.priority }),
                  httpRoute: {
                    match:
                      s.kind === 'exact'
                        ? { path: { exact: s.prefix } }
                        : s.kind === 'regex'
                          ? { path: { regex: `${s.prefix}.*` } }
                          : s.kind === 'prefix+header'
                            ? { prefix: s.prefix, headers: [{ name: 'x-canary', match: { exact: '1' } }] }
                            : { prefix: s.prefix },
                    action: { weightedTargets: [{ virtualNode: 'v1', weight: 1 }] },
                  },
                }),
              ),
              service('svc.local', { router: 'r' }),
            ],
          );
          const r = createRouter({ model, sourceNode: 'client', discovery: staticDiscovery({}) });
          const provider = r.tables.services.get('svc.local')!.provider;
          if (provider.kind !== 'router') throw new Error('expected a router provider');
          const ordered = provider.only!.routes;
          for (const [p, canary] of requests) {
            const headers = canary ? { 'x-canary': '1' } : {};
            const url = `http://svc.local:9080${p}`;
            // Act
            let routed: string | undefined;
            try {
              routed = r.decide(url, { headers }).routeName;
            } catch {
              routed = undefined;
            }
            // Assess
            const view = requestView({ url, headers });
            view.port = 9080;
            expect(routed).toBe(ordered.find((x) => x.test(view))?.name);
          }
          void r.close();
        },
      ),
    );
  });
});
