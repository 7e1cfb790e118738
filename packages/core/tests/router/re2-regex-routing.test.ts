import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRouter,
  type MeshRouter,
  NoRouteMatchedError,
  RouterConfigError,
} from '../../src/router/index.js';
import {
  compileHeaderTest,
  compileHttpMatch,
  fullMatchRegex,
  requestView,
} from '../../src/router/internals.js';
import { instance, meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

const SVC = 'api.prod.svc.cluster.local';
const BASE = `http://${SVC}:9080`;
const routers: MeshRouter[] = [];

const toV1 = (match: NonNullable<RouteSpec['httpRoute']>['match']): RouteSpec => ({
  httpRoute: { match, action: { weightedTargets: [{ virtualNode: 'api-v1', weight: 1 }] } },
});

function model(routes: Record<string, RouteSpec>) {
  return meshModel(
    [SVC],
    [
      node('api-v1'),
      router('api-router', 9080, 'http'),
      ...Object.entries(routes).map(([name, spec]) => route('api-router', name, spec)),
      service(SVC, { router: 'api-router' }),
    ],
  );
}

function build(routes: Record<string, RouteSpec>) {
  const discovery = staticDiscovery({ 'api-v1': [instance('a', 1)] });
  const r = createRouter({ model: model(routes), sourceNode: 'client', discovery });
  routers.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

describe('regex matches follow RE2, as Envoy runs them', () => {
  it('routes with RE2-only syntax that JavaScript reads differently or refuses', () => {
    const r = build({
      // JavaScript: "one of [:digt" then "]+"; RE2: a POSIX class.
      posix: toV1({ path: { regex: '/items/[[:digit:]]+' } }),
      // JavaScript refuses (?P<…>); RE2 names the group.
      named: toV1({ path: { regex: '/users/(?P<id>[0-9]+)' } }),
      // JavaScript without the u flag reads \pL as "pL"; RE2: a Unicode letter.
      letters: toV1({ path: { regex: '/tags/\\pL+' } }),
    });
    expect(r.decide(`${BASE}/items/42`).routeName).toBe('posix');
    expect(r.decide(`${BASE}/users/7`).routeName).toBe('named');
    expect(r.decide(`${BASE}/tags/abc`).routeName).toBe('letters');
    expect(() => r.decide(`${BASE}/items/:]`)).toThrow(NoRouteMatchedError);
    expect(() => r.decide(`${BASE}/tags/42`)).toThrow(NoRouteMatchedError);
  });

  it('matches the whole value, and a pattern that backtracks exponentially in JavaScript answers', () => {
    const re = fullMatchRegex('(a+)+b', 'path.regex');
    // A backtracking engine takes 2^n steps here (n = 40: hours); RE2 reads the value once.
    expect(re.test('a'.repeat(40))).toBe(false);
    expect(re.test(`${'a'.repeat(40)}b`)).toBe(true);
    expect(fullMatchRegex('v[0-9]+', 'x').test('v12x')).toBe(false);
    const header = compileHeaderTest({ regex: 'v[0-9]+' }, false, 'headers[0]');
    expect([header('v12'), header('xv1'), header(undefined)]).toEqual([true, false, false]);
    const { test } = compileHttpMatch({ path: { regex: '/a{1000}' } }, 'match');
    expect(test(requestView({ url: `http://svc.local/${'a'.repeat(1000)}` }))).toBe(true);
  });

  it('refuses, at createRouter, every regex Envoy would refuse, with validation codes', () => {
    const routes = {
      ahead: toV1({ path: { regex: '/a(?=b)' } }),
      repeat: toV1({ prefix: '/', headers: [{ name: 'x-v', match: { regex: 'v{1001}' } }] }),
      long: toV1({ path: { regex: `/${'a'.repeat(255)}` } }),
    };
    const discovery = staticDiscovery({ 'api-v1': [instance('a', 1)] });
    let error: unknown;
    try {
      routers.push(createRouter({ model: model(routes), sourceNode: 'client', discovery }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RouterConfigError);
    const path = (name: string) => `routes.api-router.${name}.spec.httpRoute.match`;
    expect((error as RouterConfigError).issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'REGEX_SYNTAX',
        `${path('ahead')}.path.regex`,
        'regex "/a(?=b)": RE2 refuses it: invalid or unsupported Perl syntax: `(?=` (RE2 has no lookahead or lookbehind)',
      ],
      [
        'REGEX_SYNTAX',
        `${path('repeat')}.headers[0].match.regex`,
        expect.stringMatching(/^regex "v\{1001\}": RE2 refuses it: invalid repeat count: `\{1001\}`/),
      ],
      ['SHAPE_LENGTH', `${path('long')}.path.regex`, expect.stringMatching(/got 256/)],
    ]);
  });
});
