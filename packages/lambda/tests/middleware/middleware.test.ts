import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import middy6 from '@middy/core';
import type { Context } from 'aws-lambda';
import middy7 from 'middy7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appMeshModelSource } from '../../src/app-mesh-source/index.js';
import { MeshplaneLambdaError } from '../../src/errors.js';
import {
  type MeshInternal,
  type MeshMiddleware,
  meshplane,
  type WithMeshContext,
  withMesh,
} from '../../src/middleware/index.js';
import { type DjUpstreams, startDjUpstreams } from '../helpers/dj-upstreams.js';
import { lambdaContext as plainContext } from '../helpers/lambda-context.js';
import { djAppModel, type LocalMesh, startLocalMesh } from '../helpers/local-mesh.js';

let local: LocalMesh;
let upstreams: DjUpstreams;
const opened: { runtime: { close(): Promise<void> } }[] = [];

beforeAll(async () => {
  local = await startLocalMesh();
  upstreams = await startDjUpstreams(local.cloudMap);
});
afterAll(async () => {
  await upstreams.close();
  await local.close();
});
afterEach(async () => {
  delete process.env._X_AMZN_TRACE_ID;
  for (const m of opened.splice(0)) await m.runtime.close();
});

function track<T extends { runtime: { close(): Promise<void> } }>(m: T): T {
  opened.push(m);
  return m;
}

// middy types the handler's context as the handler declares it; the mesh is added by the middleware.
const lambdaContext = () => plainContext() as Context & WithMeshContext;

const discovery = () => ({ cloudMap: { clientConfig: local.cloudMapConfig } });

type Handler = (event: unknown, context: Context & WithMeshContext) => Promise<unknown>;
const callJazz: Handler = async (_event, context) => {
  const response = await context.mesh.fetch('http://jazz.prod.svc.cluster.local:9080/artists');
  return { status: response.status, body: await response.json(), target: response.mesh.targetNode };
};

it('runs the middleware tests against the two middy majors it supports', () => {
  // Act
  // Their package.json is not exported: the nearest one above the resolved entry point (both
  // packages are named @middy/core; middy7 is an alias).
  const require = createRequire(import.meta.url);
  const major = (specifier: string) => {
    for (let dir = dirname(require.resolve(specifier)); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === '@middy/core') return manifest.version?.split('.')[0];
    }
    return undefined;
  };
  // Assess
  expect([major('@middy/core'), major('middy7')]).toEqual(['6', '7']);
});

describe.each([
  ['middy 6', middy6 as unknown as typeof middy7],
  ['middy 7', middy7],
])('meshplane middleware with %s', (_name, middy) => {
  it('builds the router once at init and gives every invocation context.mesh', async () => {
    // Prepare
    let modelLoads = 0;
    const middleware = track(
      meshplane({
        model: () => {
          modelLoads++;
          return djAppModel();
        },
        virtualNodeName: 'dj',
        discovery: discovery(),
      }),
    );
    let internal: MeshInternal | undefined;
    const handler = middy<unknown, unknown, Error, Context & WithMeshContext>(callJazz)
      .use(middleware)
      .use({
        after: (request) => {
          internal = request.internal as MeshInternal;
        },
      });
    // Act
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await handler({}, lambdaContext()));
    // Assess
    expect(results).toEqual(Array(3).fill({ status: 200, body: { node: 'jazz-v1' }, target: 'jazz-v1' }));
    expect(modelLoads).toBe(1);
    expect(internal?.meshplane).toEqual({ traced: false, calls: 1 });
    expect(upstreams.seen.at(-1)).toMatchObject({
      node: 'jazz-v1',
      path: '/artists',
      traceHeader: undefined,
    });
  });

  it('resolves without sending: route, target node and endpoint URL', async () => {
    // Prepare
    const middleware = track(
      meshplane({ model: djAppModel(), virtualNodeName: 'dj', discovery: discovery() }),
    );
    const handler = middy<unknown, unknown, Error, Context & WithMeshContext>(
      async (_event: unknown, context: Context & WithMeshContext) => {
        const r = await context.mesh.resolve('http://metal.prod.svc.cluster.local:9080/x?y=1');
        return { route: r.routeName, target: r.targetNode, url: r.url };
      },
    ).use(middleware);
    const before = upstreams.seen.length;
    // Act
    const result = await handler({}, lambdaContext());
    // Assess
    expect(result).toEqual({
      route: 'metal-route',
      target: 'metal-v1',
      url: `http://127.0.0.1:${upstreams.ports['metal-v1']}/x?y=1`,
    });
    expect(upstreams.seen.length).toBe(before);
  });

  it('fails the invocation with a clear error when the node calls an undeclared backend', async () => {
    // Prepare
    const middleware = track(
      meshplane({ model: djAppModel(), virtualNodeName: 'jazz-v1', discovery: discovery() }),
    );
    const handler = middy<unknown, unknown, Error, Context & WithMeshContext>(callJazz).use(middleware);
    // Act
    const outcome = handler({}, lambdaContext());
    // Assess
    await expect(outcome).rejects.toThrow(/jazz\.prod\.svc\.cluster\.local/);
  });
});

describe('init (cold start)', () => {
  it('warms Cloud Map discovery for every reachable service before the first invocation', async () => {
    // Prepare
    const before = local.endpoint.stats().byOperation.DiscoverInstances ?? 0;
    const middleware = track(
      meshplane({ model: djAppModel(), virtualNodeName: 'dj', discovery: discovery() }),
    );
    // Act
    await middleware.runtime.ready();
    const atInit = (local.endpoint.stats().byOperation.DiscoverInstances ?? 0) - before;
    const handler = middy7<unknown, unknown, Error, Context & WithMeshContext>(callJazz).use(middleware);
    await handler({}, lambdaContext());
    const afterFirstCall = (local.endpoint.stats().byOperation.DiscoverInstances ?? 0) - before;
    // Assess: jazz and metal, once each, and the first call is served from the warm cache.
    expect(atInit).toBe(2);
    expect(afterFirstCall).toBe(2);
  });
});

describe('model from the App Mesh API', () => {
  it('reads the mesh, refreshes it in the background and keeps the last good copy when the API fails', async () => {
    // Prepare
    const { apply, plan, readMesh, shiftTraffic } = await import('@meshplane/core/appmesh');
    await apply(plan(djAppModel(), await readMesh(local.appMesh, 'dj-app')), { client: local.appMesh });
    const middleware: MeshMiddleware = track(
      meshplane({
        model: appMeshModelSource({
          meshName: 'dj-app',
          appMesh: { clientConfig: local.appMeshConfig },
          refreshIntervalMs: 1_000,
        }),
        virtualNodeName: 'dj',
        discovery: discovery(),
        logger: { warn: () => {} },
      }),
    );
    const handler = middy7<unknown, unknown, Error, Context & WithMeshContext>(callJazz).use(middleware);
    const first = await handler({}, lambdaContext());
    await shiftTraffic({
      client: local.appMesh,
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      weights: { 'jazz-v1': 0, 'jazz-v2': 100 },
    });
    // Act: invocations past the refresh interval start a background refresh.
    let refreshed: unknown;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      refreshed = await handler({}, lambdaContext());
      if ((refreshed as { target: string }).target === 'jazz-v2') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    local.endpoint.setFaults({ errorRate: 1, operations: ['DescribeMesh', 'ListVirtualNodes'] });
    const runtime = await middleware.runtime.ready();
    const failuresBefore = runtime.refreshFailures();
    let whileDown: unknown;
    const downUntil = Date.now() + 10_000;
    while (Date.now() < downUntil && runtime.refreshFailures() === failuresBefore) {
      whileDown = await handler({}, lambdaContext());
      await new Promise((r) => setTimeout(r, 100));
    }
    local.endpoint.setFaults(undefined);
    // Assess
    expect(first).toMatchObject({ target: 'jazz-v1' });
    expect(refreshed).toMatchObject({ target: 'jazz-v2' });
    expect(runtime.refreshFailures()).toBeGreaterThan(failuresBefore);
    expect(whileDown).toMatchObject({ status: 200, target: 'jazz-v2' });
  });

  it('fails the first invocation with the reason when the mesh does not exist, and retries on the next', async () => {
    // Prepare
    const middleware = track(
      meshplane({
        model: appMeshModelSource({
          meshName: 'no-such-mesh',
          appMesh: { clientConfig: local.appMeshConfig },
        }),
        virtualNodeName: 'dj',
      }),
    );
    const handler = middy7<unknown, unknown, Error, Context & WithMeshContext>(callJazz).use(middleware);
    // Act
    const first = handler({}, lambdaContext());
    const second = handler({}, lambdaContext());
    // Assess
    await expect(first).rejects.toThrow('mesh "no-such-mesh" does not exist');
    await expect(second).rejects.toThrow('mesh "no-such-mesh" does not exist');
  });
});

describe('withMesh (no middy)', () => {
  it('wraps a plain handler with the same context.mesh', async () => {
    // Prepare
    const handler = track(
      withMesh(callJazz, { model: djAppModel(), virtualNodeName: 'dj', discovery: discovery() }),
    );
    // Act
    const result = await handler({}, lambdaContext());
    // Assess
    expect(result).toEqual({ status: 200, body: { node: 'jazz-v1' }, target: 'jazz-v1' });
  });

  it('rejects bad options at init, naming each problem', () => {
    // Act + Assess
    expect(() => withMesh(callJazz, { virtualNodeName: '', model: { nodes: [] } as never })).toThrow(
      /virtualNodeName is required.*model must be a MeshModel/,
    );
    expect(() => appMeshModelSource({ meshName: '', refreshIntervalMs: 5 })).toThrow(
      /meshName is required.*refreshIntervalMs must be at least 1000 ms, got 5/,
    );
  });

  it('rejects at init the options read only later (discovery, tracing, logger, auth types), all at once', () => {
    // Act
    const attempt = () =>
      meshplane({
        virtualNodeName: 'dj',
        model: djAppModel(),
        warmDiscovery: 'yes' as never,
        xrayDaemonAddress: 2000 as never,
        logger: console.log as never,
        discovery: { clientConfig: {} } as never,
        functionUrls: { authTypes: { recommender: 'IAM' as never } },
      });
    // Assess
    expect(attempt).toThrow(MeshplaneLambdaError);
    expect(attempt).toThrow(
      new RegExp(
        [
          'warmDiscovery must be true or false, got "yes"',
          'xrayDaemonAddress must be a string \\(host:port\\), got 2000',
          'logger must be an object with a warn\\(message, fields\\) method',
          'discovery must be a RouterDiscovery',
          'functionUrls.authTypes.recommender must be AWS_IAM or NONE, got "IAM"',
        ].join('.*'),
      ),
    );
    expect(() => withMesh(undefined as never, { virtualNodeName: 'dj', model: djAppModel() })).toThrow(
      'handler must be a function (event, context) => Promise, got undefined',
    );
  });
});
