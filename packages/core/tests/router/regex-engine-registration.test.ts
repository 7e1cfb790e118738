import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { afterEach, describe, expect, it } from 'vitest';
// Only the application entry points: `@meshplane/core/router` and, when asked for, `@meshplane/core/re2`
// (the router internals register RE2 on import, so this file must not import them).
import { register } from '../../src/re2/index.js';
import { createRouter, type MeshRouter, RouterConfigError } from '../../src/router/index.js';
import { instance, meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

const SVC = 'api.prod.svc.cluster.local';
const routers: MeshRouter[] = [];

const toV1 = (match: NonNullable<RouteSpec['httpRoute']>['match']): RouteSpec => ({
  httpRoute: { match, action: { weightedTargets: [{ virtualNode: 'api-v1', weight: 1 }] } },
});

function build(routes: Record<string, RouteSpec>): MeshRouter {
  const model = meshModel(
    [SVC],
    [
      node('api-v1'),
      router('api-router', 9080, 'http'),
      ...Object.entries(routes).map(([name, spec]) => route('api-router', name, spec)),
      service(SVC, { router: 'api-router' }),
    ],
  );
  const r = createRouter({
    model,
    sourceNode: 'client',
    discovery: staticDiscovery({ 'api-v1': [instance('a', 1)] }),
  });
  routers.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

// One process-wide registry: the tests run in this order, before and after register().
describe('the regex engine is registered by an explicit import', () => {
  it('routes a model without regex matches with no engine registered', () => {
    // Act
    const r = build({ api: toV1({ prefix: '/' }) });
    // Assess
    expect(r.decide(`http://${SVC}:9080/users/1`).routeName).toBe('api');
  });

  it('refuses a model with regex matches while none is registered, naming each route, field and the import', () => {
    // Prepare: a path regex, a header regex, and one regex that is too long whatever the engine.
    const routes = {
      users: toV1({ path: { regex: '/users/[0-9]+' } }),
      beta: toV1({ prefix: '/', headers: [{ name: 'x-version', match: { regex: 'v[0-9]+-beta' } }] }),
      long: toV1({ path: { regex: `/${'a'.repeat(255)}` } }),
    };
    // Act
    let error: unknown;
    try {
      build(routes);
    } catch (e) {
      error = e;
    }
    // Assess: every route at once, never a silent fallback to JavaScript's RegExp.
    expect(error).toBeInstanceOf(RouterConfigError);
    const at = (name: string) => `routes.api-router.${name}.spec.httpRoute.match`;
    const issues = (error as RouterConfigError).issues.map((i) => [i.code, i.path, i.message]);
    const missing = (pattern: string) =>
      `regex ${JSON.stringify(pattern)}: no regex engine is registered. App Mesh regexes run with RE2's rules, as Envoy's safe_regex: add \`import { register } from '@meshplane/core/re2'; register();\` before createRouter (it is not loaded by @meshplane/core/router itself, so that code without regex routes does not carry it)`;
    expect(issues).toEqual(
      expect.arrayContaining([
        ['ROUTE_MATCH', `${at('users')}.path.regex`, missing('/users/[0-9]+')],
        ['ROUTE_MATCH', `${at('beta')}.headers[0].match.regex`, missing('v[0-9]+-beta')],
        [
          'SHAPE_LENGTH',
          `${at('long')}.path.regex`,
          expect.stringMatching(/must be 1 to 255 characters long, got 256/),
        ],
      ]),
    );
    expect(issues).toHaveLength(3);
    expect((error as RouterConfigError).message).toContain(`${at('users')}.path.regex`);
  });

  it('matches with RE2 once register() ran: full match, RE2 syntax', () => {
    // Prepare
    register();
    const r = build({
      users: toV1({ path: { regex: '/users/(?P<id>[0-9]+)' } }),
      rest: toV1({ prefix: '/' }),
    });
    // Act
    const hits = ['/users/42', '/users/42/x'].map((p) => r.decide(`http://${SVC}:9080${p}`).routeName);
    // Assess
    expect(hits).toEqual(['users', 'rest']);
  });
});
