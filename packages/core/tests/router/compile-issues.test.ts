import { describe, expect, it } from 'vitest';
import { compileMesh, RouterConfigError } from '../../src/router/internals.js';
import { VALIDATION_CODES } from '../../src/validation/codes.js';
import { meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

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
});
