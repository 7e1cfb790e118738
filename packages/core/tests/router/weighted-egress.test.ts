import { afterEach, describe, expect, it } from 'vitest';
import type { MeshModel } from '../../src/model/resources.js';
import {
  createRouter,
  type MeshRouter,
  NoHealthyEndpointError,
  NoRouteMatchedError,
  RouterConfigError,
  UndeclaredBackendError,
  WeightedPicker,
} from '../../src/router/internals.js';
import {
  instance,
  meshModel,
  node,
  route,
  router,
  seededRandom,
  service,
  staticDiscovery,
} from './helpers.js';

const JAZZ = 'jazz.prod.svc.cluster.local';
const routers: MeshRouter[] = [];
afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

function jazzModel(weights: Record<string, number>, egress: 'DROP_ALL' | 'ALLOW_ALL' = 'DROP_ALL') {
  return meshModel(
    [JAZZ],
    [
      ...Object.keys(weights).map((n) =>
        node(n, {
          serviceDiscovery: {
            awsCloudMap: {
              namespaceName: 'prod.svc.cluster.local',
              serviceName: 'jazz',
              attributes: [{ key: 'version', value: n }],
            },
          },
        }),
      ),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: {
            weightedTargets: Object.entries(weights).map(([virtualNode, weight]) => ({
              virtualNode,
              weight,
            })),
          },
        },
      }),
      service(JAZZ, { router: 'jazz-router' }),
      node('rock-v1'),
      service('rock.prod.svc.cluster.local', { node: 'rock-v1' }),
    ],
    egress,
  );
}

const discovery = staticDiscovery({
  jazz: [instance('j1', 1001, { version: 'jazz-v1' }), instance('j2', 1002, { version: 'jazz-v2' })],
});

describe('weighted targets', () => {
  it('lands 10,000 decisions at 90/10 within ±1.5 points', () => {
    // Prepare
    const r = createRouter({
      model: jazzModel({ 'jazz-v1': 90, 'jazz-v2': 10 }),
      sourceNode: 'client',
      discovery,
      random: seededRandom(42),
    });
    routers.push(r);
    const counts: Record<string, number> = {};
    // Act
    for (let i = 0; i < 10_000; i++) {
      const target = r.decide(`http://${JAZZ}:9080/`).targetNode!;
      counts[target] = (counts[target] ?? 0) + 1;
    }
    // Assess
    expect(Math.abs((counts['jazz-v1'] ?? 0) / 100 - 90)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((counts['jazz-v2'] ?? 0) / 100 - 10)).toBeLessThanOrEqual(1.5);
  });

  it('never picks a target of weight 0 and reads weights as relative', () => {
    // Prepare
    const picker = new WeightedPicker([0, 1, 0, 3]);
    const random = seededRandom(7);
    const counts = [0, 0, 0, 0];
    // Act
    for (let i = 0; i < 4000; i++) counts[picker.pick(random())]!++;
    // Assess
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(Math.abs(counts[3]! / 4000 - 0.75)).toBeLessThan(0.03);
    expect(picker.pick(0)).toBe(1);
    expect(picker.pick(0.999999)).toBe(3);
    expect(new WeightedPicker([0, 0]).pick(0.5)).toBe(-1);
  });

  it('reports a matched route whose targets all weigh 0', () => {
    // Prepare
    const r = createRouter({
      model: jazzModel({ 'jazz-v1': 0, 'jazz-v2': 0 }),
      sourceNode: 'client',
      discovery,
    });
    routers.push(r);
    // Act / Assess
    expect(() => r.decide(`http://${JAZZ}:9080/`)).toThrow(
      /route "jazz-route" matched but all its weighted targets have weight 0/,
    );
  });

  it('resolves the chosen node to the Cloud Map instance matching its attributes', async () => {
    // Prepare
    const r = createRouter({
      model: jazzModel({ 'jazz-v1': 0, 'jazz-v2': 100 }),
      sourceNode: 'client',
      discovery,
    });
    routers.push(r);
    // Act
    const resolution = await r.resolve(`http://${JAZZ}:9080/artists?x=1`);
    // Assess
    expect(resolution.targetNode).toBe('jazz-v2');
    expect(resolution.url).toBe('http://127.0.0.1:1002/artists?x=1');
    expect(resolution.endpoint.instanceId).toBe('j2');
    expect(resolution.timeouts).toEqual({
      perRequestMs: 15_000,
      perRequestSource: 'default',
      idleMs: undefined,
    });
  });

  it('awaits discovery when its cache is cold, and reports an empty answer', async () => {
    // Prepare
    const cold = staticDiscovery({ jazz: [instance('j1', 1001, { version: 'jazz-v1' })] }, { cold: true });
    const r = createRouter({
      model: jazzModel({ 'jazz-v1': 50, 'jazz-v2': 50 }),
      sourceNode: 'client',
      discovery: cold,
      random: () => 0.9,
    });
    routers.push(r);
    // Act
    const attempt = r.resolve(`http://${JAZZ}:9080/`);
    // Assess
    await expect(attempt).rejects.toThrow(NoHealthyEndpointError);
    await expect(attempt).rejects.toThrow(
      /jazz-v2.*Cloud Map prod.svc.cluster.local\/jazz \(version=jazz-v2\).*no instance/,
    );
    expect(cold.calls).toHaveLength(1);
    expect(cold.calls[0]).toMatchObject({
      serviceName: 'jazz',
      queryParameters: { version: 'jazz-v2' },
      healthStatus: 'HEALTHY',
    });
  });
});

describe('backends and the egress filter', () => {
  it('rejects an undeclared backend under DROP_ALL, naming the backend and the node', () => {
    // Prepare
    const r = createRouter({ model: jazzModel({ 'jazz-v1': 1 }), sourceNode: 'client', discovery });
    routers.push(r);
    // Act
    const call = () => r.decide('http://rock.prod.svc.cluster.local:9080/');
    // Assess
    expect(call).toThrow(UndeclaredBackendError);
    expect(call).toThrow(
      /"rock.prod.svc.cluster.local" is not a backend of virtual node "client".*DROP_ALL.*jazz.prod.svc.cluster.local/,
    );
  });

  it('lets an undeclared host through unrouted under ALLOW_ALL, and *.amazonaws.com under DROP_ALL', () => {
    // Prepare
    const open = createRouter({
      model: jazzModel({ 'jazz-v1': 1 }, 'ALLOW_ALL'),
      sourceNode: 'client',
      discovery,
    });
    const closed = createRouter({ model: jazzModel({ 'jazz-v1': 1 }), sourceNode: 'client', discovery });
    routers.push(open, closed);
    // Act
    const passthrough = open.decide('http://example.com:8080/x');
    const aws = closed.decide('https://s3.us-east-1.amazonaws.com/bucket');
    // Assess
    expect(passthrough).toMatchObject({ kind: 'passthrough', targetNode: undefined, targetPort: 8080 });
    expect(aws.kind).toBe('passthrough');
  });

  it('routes a virtual service provided by a virtual node straight to it', () => {
    // Prepare
    const model = jazzModel({ 'jazz-v1': 1 });
    const client = model.resources.find((r) => r.kind === 'virtualNode' && r.name === 'client')!;
    if (client.kind === 'virtualNode')
      client.spec.backends!.push({ virtualService: { virtualServiceName: 'rock.prod.svc.cluster.local' } });
    const r = createRouter({ model, sourceNode: 'client', discovery });
    routers.push(r);
    // Act
    const decision = r.decide('http://rock.prod.svc.cluster.local/');
    // Assess
    expect(decision).toMatchObject({
      kind: 'node',
      targetNode: 'rock-v1',
      listenerPort: 9080,
      routeName: undefined,
    });
    expect(decision.retryPolicy?.source).toBe('app-mesh-default');
    expect(() => r.decide('http://rock.prod.svc.cluster.local:7000/')).toThrow(NoRouteMatchedError);
  });

  it('refuses options it cannot honour, naming the problem', () => {
    // Prepare
    const model = jazzModel({ 'jazz-v1': 1 });
    // Act / Assess
    expect(() => createRouter({ model, sourceNode: 'nobody', discovery })).toThrow(RouterConfigError);
    expect(() => createRouter({ model, sourceNode: 'nobody', discovery })).toThrow(
      /sourceNode "nobody" is not a virtual node/,
    );
    expect(() => createRouter({ model, sourceNode: 'client' })).toThrow(
      /uses Cloud Map prod.svc.cluster.local\/jazz .*pass a `discovery` client/,
    );
  });
});

describe('model reload and discovery warm-up', () => {
  it('switches to a reloaded model atomically and keeps the old tables when the new one is broken', () => {
    // Prepare
    const r = createRouter({
      model: jazzModel({ 'jazz-v1': 100, 'jazz-v2': 0 }),
      sourceNode: 'client',
      discovery,
    });
    routers.push(r);
    const before = r.decide(`http://${JAZZ}:9080/`).targetNode;
    // Act
    r.reload(jazzModel({ 'jazz-v1': 0, 'jazz-v2': 100 }));
    const after = r.decide(`http://${JAZZ}:9080/`).targetNode;
    const broken = () => r.reload({ resources: [] });
    const notAModel = () => r.reload(null as unknown as MeshModel);
    // Assess
    expect([before, after]).toEqual(['jazz-v1', 'jazz-v2']);
    expect(broken).toThrow(RouterConfigError);
    expect(notAModel).toThrow(
      new RouterConfigError(
        'reload: model null must be a MeshModel ({ resources: [...] }); the current tables stay',
      ),
    );
    expect(r.decide(`http://${JAZZ}:9080/`).targetNode).toBe('jazz-v2');
  });

  it('lists the Cloud Map queries of reachable nodes and warms them through discover', async () => {
    // Prepare
    const cold = staticDiscovery({}, { cold: true });
    const r = createRouter({
      model: jazzModel({ 'jazz-v1': 50, 'jazz-v2': 50 }),
      sourceNode: 'client',
      discovery: cold,
    });
    routers.push(r);
    // Act
    const queries = r.discoveryQueries();
    await r.warm();
    // Assess
    expect(queries.map((q) => q.queryParameters?.version).sort()).toEqual(['jazz-v1', 'jazz-v2']);
    expect(cold.calls).toHaveLength(2);
  });
});

/** The error createRouter throws for these options (undefined when it does not throw). */
function configError(options: Parameters<typeof createRouter>[0]): RouterConfigError | undefined {
  try {
    createRouter(options);
  } catch (e) {
    return e as RouterConfigError;
  }
  return undefined;
}

describe('configuration problems', () => {
  it('reports every bad option at once, naming the field, the value and the rule', () => {
    // Prepare
    const bad = {
      model: jazzModel({ 'jazz-v1': 1 }),
      sourceNode: '',
      discovery,
      healthStatus: 'GREEN',
      defaultRetryPolicy: 'always',
      retryBudget: { percent: 150, minRetryConcurrency: 1.5 },
      connections: 0,
      hooks: { onAttempt: 'log', onFinish: () => undefined },
    } as unknown as Parameters<typeof createRouter>[0];
    // Act
    const error = configError(bad);
    // Assess
    expect(error).toBeInstanceOf(RouterConfigError);
    expect(error?.problems).toEqual([
      'sourceNode: "" must be the name of a virtual node',
      'healthStatus: "GREEN" must be one of HEALTHY, HEALTHY_OR_ELSE_ALL, ALL, UNHEALTHY',
      "defaultRetryPolicy: \"always\" must be 'app-mesh' or 'none'",
      'retryBudget.percent: 150 must be a number from 0 to 100',
      'retryBudget.minRetryConcurrency: 1.5 must be an integer >= 0',
      'connections: 0 must be an integer >= 1',
      'hooks.onAttempt: "log" must be a function',
      'hooks.onFinish: unknown hook (hooks: onRequestStart, onAttempt, onAttemptEnd, onResponse, onError)',
    ]);
  });

  it('refuses options that are not objects where objects are expected, reading nothing inside them', () => {
    // Prepare
    const bad = {
      model: jazzModel({ 'jazz-v1': 1 }),
      sourceNode: 'client',
      discovery,
      retryBudget: 5,
      retryBackoff: 'fast',
      dispatcher: { request: 'nope' },
      hooks: ['onAttempt'],
    } as unknown as Parameters<typeof createRouter>[0];
    // Act
    const error = configError(bad);
    // Assess
    expect(error).toBeInstanceOf(RouterConfigError);
    expect(error?.problems).toEqual([
      'retryBudget: 5 must be an object { percent?, minRetryConcurrency? }',
      'retryBackoff: "fast" must be an object { baseMs?, maxMs? }',
      'dispatcher: {"request":"nope"} must be an undici Dispatcher (an Agent, a Pool, …)',
      'hooks: ["onAttempt"] must be an object of hook functions (onRequestStart, onAttempt, onAttemptEnd, onResponse, onError)',
    ]);
  });

  it('reports resources without a spec at once, instead of failing on the first with a TypeError', () => {
    // Prepare
    const model = jazzModel({ 'jazz-v1': 100 });
    const jazzV1 = model.resources.find((r) => r.name === 'jazz-v1')!;
    (jazzV1 as { spec: unknown }).spec = undefined;
    (model.resources as unknown[]).push(null);
    // Act
    const error = configError({ model, sourceNode: 'client', discovery });
    // Assess
    expect(error).toBeInstanceOf(RouterConfigError);
    const at = model.resources.indexOf(jazzV1);
    expect(error?.problems).toEqual([
      `resources[${at}] (virtualNode "jazz-v1" of mesh "dj-app"): spec undefined must be an object`,
      `resources[${model.resources.length - 1}]: null must be a resource ({ kind, meshName, name, spec })`,
    ]);
  });

  it('refuses weights and priorities outside the App Mesh ranges, which would skew the weighted choice', () => {
    // Prepare
    const model = jazzModel({ 'jazz-v1': 90, 'jazz-v2': 10 });
    const jazzRoute = model.resources.find((r) => r.kind === 'route')!;
    if (jazzRoute.kind === 'route') {
      (jazzRoute.spec as { priority: unknown }).priority = 'high';
      const targets = jazzRoute.spec.httpRoute!.action!.weightedTargets!;
      (targets[0] as { weight: unknown }).weight = 'ninety';
      targets[1]!.weight = 101;
    }
    // Act
    const error = configError({ model, sourceNode: 'client', discovery });
    // Assess
    expect(error?.problems).toEqual([
      'routes.jazz-router.jazz-route.spec.priority: "high" must be an integer from 0 to 1000',
      'routes.jazz-router.jazz-route.spec.httpRoute.action.weightedTargets[0].weight: "ninety" must be an integer from 0 to 100',
      'routes.jazz-router.jazz-route.spec.httpRoute.action.weightedTargets[1].weight: 101 must be an integer from 0 to 100',
    ]);
  });

  it('reports every unroutable part of the model at once', () => {
    // Prepare
    const model = jazzModel({ 'jazz-v1': 50, 'jazz-v9': 50 });
    model.resources = model.resources.filter((r) => r.name !== 'jazz-v9');
    const jazzRoute = model.resources.find((r) => r.kind === 'route')!;
    if (jazzRoute.kind === 'route') jazzRoute.spec.httpRoute!.match = { path: { regex: '(unclosed' } };
    const client = model.resources.find((r) => r.kind === 'virtualNode' && r.name === 'client')!;
    if (client.kind === 'virtualNode')
      client.spec.backends!.push({ virtualService: { virtualServiceName: 'ghost.local' } });
    model.resources.push(service('ghost.local', { router: 'ghost-router' }));
    // Act
    const error = configError({ model, sourceNode: 'client', discovery });
    // Assess
    expect(error?.problems).toEqual([
      'routes.jazz-router.jazz-route.spec.httpRoute.match.path.regex: regex "(unclosed": RE2 refuses it: missing closing ): `(unclosed`',
      'routes.jazz-router.jazz-route.spec.httpRoute.action.weightedTargets[1].virtualNode: virtual node "jazz-v9" does not exist in mesh "dj-app"',
      'services.ghost.local.spec.provider: virtual service "ghost.local" is provided by virtual router "ghost-router", which does not exist in mesh "dj-app"',
    ]);
    expect(error?.message).toMatch(
      /cannot be routed for source node "client" of mesh "dj-app": 3 problem\(s\)/,
    );
  });
});
