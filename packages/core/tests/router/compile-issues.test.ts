import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/router/index.js';
import { compileMesh, RouterConfigError } from '../../src/router/internals.js';
import { VALIDATION_CODES } from '../../src/validation/codes.js';
import { validate } from '../../src/validation/index.js';
import { instance, meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

// The compiler checks only what routing needs, and says so in validation's issue shape: each
// problem has validation's code for the rule, the path and the message, all at once.
const SVC = 'jazz.prod.svc.cluster.local';

function compileError(model: ReturnType<typeof meshModel>, withDiscovery = true): RouterConfigError {
  try {
    compileMesh({
      model,
      sourceNode: 'client',
      ...(withDiscovery ? { discovery: staticDiscovery({}) } : {}),
    });
  } catch (error) {
    return error as RouterConfigError;
  }
  throw new Error('the model compiled');
}

describe('compileMesh issues', () => {
  it('reports each unroutable part with the validation code of its rule', () => {
    const model = meshModel(
      [SVC, 'ghost.local'],
      [
        node('jazz-v1'),
        router('jazz-router'),
        route('jazz-router', 'jazz-route', {
          priority: 2000,
          httpRoute: {
            match: { path: { regex: '(unclosed' } },
            action: {
              weightedTargets: [
                { virtualNode: 'jazz-v1', weight: 150 },
                { virtualNode: 'jazz-v9', weight: 1 },
              ],
            },
          },
        }),
        service(SVC, { router: 'jazz-router' }),
        service('ghost.local', { router: 'ghost-router' }),
      ],
    );
    const error = compileError(model);
    expect(error).toBeInstanceOf(RouterConfigError);
    const path = 'routes.jazz-router.jazz-route.spec';
    expect(error.issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['REGEX_SYNTAX', `${path}.httpRoute.match.path.regex`, 'error'],
      ['SHAPE_RANGE', `${path}.priority`, 'error'],
      ['SHAPE_RANGE', `${path}.httpRoute.action.weightedTargets[0].weight`, 'error'],
      ['UNKNOWN_TARGET', `${path}.httpRoute.action.weightedTargets[1].virtualNode`, 'error'],
      ['UNKNOWN_PROVIDER', 'services.ghost.local.spec.provider', 'error'],
    ]);
    for (const issue of error.issues) expect(Object.keys(VALIDATION_CODES)).toContain(issue.code);
    expect(error.problems).toEqual(error.issues.map((i) => `${i.path}: ${i.message}`));
  });

  it('names a reachable Cloud Map node without a discovery client as a problem of the discovery option', () => {
    const model = meshModel([SVC], [node('jazz-v1'), service(SVC, { node: 'jazz-v1' })]);
    const error = compileError(model, false);
    // An option the model needs, not a problem of the model: no issue.
    expect(error.issues).toEqual([]);
    expect(error.problems).toEqual([
      'discovery: virtual node "jazz-v1" uses Cloud Map prod.svc.cluster.local/jazz-v1: pass a `discovery` client (createDiscovery from @meshplane/core/cloudmap) to createRouter',
    ]);
  });

  // App Mesh: "Route must define a port match criteria if the Virtual Router has multiple
  // listeners", and a target of a node with several listeners names its port. The compiler runs
  // validation's own rules for both: same code, same message, at the compiler's path.
  describe('which listeners a route and a target take', () => {
    const twoListeners = (protocols: [string, string] = ['http', 'http']) => ({
      listeners: [
        { portMapping: { port: 9080, protocol: protocols[0] as 'http' } },
        { portMapping: { port: 9090, protocol: protocols[1] as 'http' } },
      ],
    });
    const jazzRoute = (
      match: { prefix: string; port?: number },
      target: { port?: number } = {},
    ): RouteSpec => ({
      httpRoute: { match, action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 1, ...target }] } },
    });
    function twoListenerModel(routes: Record<string, RouteSpec>, nodeListeners = 1) {
      const jazzRouter = router('jazz-router');
      jazzRouter.spec = twoListeners();
      return meshModel(
        [SVC],
        [
          nodeListeners === 1 ? node('jazz-v1') : node('jazz-v1', twoListeners()),
          jazzRouter,
          ...Object.entries(routes).map(([name, spec]) => route('jazz-router', name, spec)),
          service(SVC, { router: 'jazz-router' }),
        ],
      );
    }
    /** Validation's issue of the same rule, at the compiler's path (`routes.<router>.<route>`). */
    function validationIssue(model: ReturnType<typeof meshModel>, code: string) {
      const found = validate(model).issues.find((i) => i.code === code);
      expect(found).toBeDefined();
      return {
        code,
        path: found!.path.replace(/^routers\.([^.]+)\.routes\./, 'routes.$1.'),
        message: found!.message,
        severity: 'error',
      };
    }

    it('refuses a route without match.port on a router with two listeners (ROUTE_PORT_REQUIRED)', () => {
      const model = twoListenerModel({ 'jazz-route': jazzRoute({ prefix: '/' }) });
      const error = compileError(model);
      expect(error.issues).toEqual([validationIssue(model, 'ROUTE_PORT_REQUIRED')]);
      expect(error.issues[0]).toMatchObject({
        path: 'routes.jazz-router.jazz-route.spec.httpRoute.match.port',
        message:
          'virtual router "jazz-router" has several listeners (9080/http, 9090/http), so the route must set match.port',
      });
    });

    it('refuses a route whose match.port is not a listener of its router (ROUTE_PORT)', () => {
      const model = twoListenerModel({ 'jazz-route': jazzRoute({ prefix: '/', port: 7000 }) });
      expect(compileError(model).issues).toEqual([validationIssue(model, 'ROUTE_PORT')]);
    });

    it('refuses a target without port to a node with two listeners (TARGET_PORT_REQUIRED)', () => {
      const model = twoListenerModel({ 'jazz-route': jazzRoute({ prefix: '/', port: 9080 }) }, 2);
      const error = compileError(model);
      expect(error.issues).toEqual([validationIssue(model, 'TARGET_PORT_REQUIRED')]);
      expect(error.issues[0]).toMatchObject({
        path: 'routes.jazz-router.jazz-route.spec.httpRoute.action.weightedTargets[0].port',
        message:
          'virtual node "jazz-v1" has several listeners (9080/http, 9090/http), so the target must set port',
      });
    });

    it('routes each port to its route, and each target to the listener it names, once ports are set', () => {
      const model = twoListenerModel(
        {
          nine: jazzRoute({ prefix: '/', port: 9080 }, { port: 9090 }),
          ninety: jazzRoute({ prefix: '/', port: 9090 }, { port: 9080 }),
        },
        2,
      );
      expect(validate(model).issues.filter((i) => i.severity === 'error')).toEqual([]);
      const r = createRouter({
        model,
        sourceNode: 'client',
        discovery: staticDiscovery({ 'jazz-v1': [instance('a', 1)] }),
      });
      const at = (port: number) => r.decide(`http://${SVC}:${port}/`);
      expect([at(9080).routeName, at(9080).listenerPort, at(9080).targetPort]).toEqual(['nine', 9080, 9090]);
      expect([at(9090).routeName, at(9090).listenerPort, at(9090).targetPort]).toEqual([
        'ninety',
        9090,
        9080,
      ]);
      return r.close();
    });

    it('refuses a target port that is not a number, instead of sending to no listener', () => {
      const model = twoListenerModel({
        'jazz-route': jazzRoute({ prefix: '/', port: 9080 }, { port: '9080' as unknown as number }),
      });
      expect(compileError(model).issues).toEqual([
        {
          code: 'SHAPE_TYPE',
          path: 'routes.jazz-router.jazz-route.spec.httpRoute.action.weightedTargets[0].port',
          message: '"9080" must be a port number',
          severity: 'error',
        },
      ]);
    });

    it('refuses a listener without a protocol: App Mesh PortMapping requires one, there is none to assume', () => {
      const model = meshModel(
        [SVC],
        [
          node('jazz-v1', { listeners: [{ portMapping: { port: 9080 } as never }] }),
          service(SVC, { node: 'jazz-v1' }),
        ],
      );
      expect(compileError(model).issues.map((i) => [i.code, i.path])).toEqual([
        ['SHAPE_REQUIRED', 'nodes.jazz-v1.spec.listeners[0].portMapping'],
      ]);
    });
  });
});
