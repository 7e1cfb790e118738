import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { egressRoutes, routed, to } from './support/model.js';

describe('route order', () => {
  it('puts routes with a priority first (0 highest), then the most specific match, then the name', () => {
    // Arrange: written in the worst order on purpose.
    const m = routed({
      zz: { httpRoute: { match: { prefix: '/' }, action: to({ a: 1 }) } },
      yy: { httpRoute: { match: { prefix: '/api' }, action: to({ a: 1 }) } },
      xx: { httpRoute: { match: { prefix: '/api', headers: [{ name: 'x' }] }, action: to({ a: 1 }) } },
      ww: { httpRoute: { match: { path: { exact: '/api/health' } }, action: to({ a: 1 }) } },
      low: { priority: 9, httpRoute: { match: { prefix: '/' }, action: to({ b: 1 }) } },
      high: { priority: 0, httpRoute: { match: { prefix: '/x' }, action: to({ b: 1 }) } },
      tieB: { httpRoute: { match: { prefix: '/same' }, action: to({ a: 1 }) } },
      tieA: { httpRoute: { match: { prefix: '/same' }, action: to({ b: 1 }) } },
    });

    // Act
    const routes = egressRoutes(
      translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client'),
      'svc',
    );

    // Assess: priority 0, priority 9, exact path, then prefixes longest first (the one with a
    // header before the one without), equal matches by route name (tieA before tieB).
    expect(
      routes.map((x) => [
        x.match.path ?? x.match.prefix,
        x.route.weighted_clusters.clusters[0].name.split('_')[3],
      ]),
    ).toEqual([
      ['/x', 'b'],
      ['/', 'b'],
      ['/api/health', 'a'],
      ['/same', 'b'],
      ['/same', 'a'],
      ['/api', 'a'],
      ['/api', 'a'],
      ['/', 'a'],
    ]);
    expect(routes[5].match.headers).toEqual([{ name: 'x', present_match: true }]);
  });
});
