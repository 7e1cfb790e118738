import type { MeshModel, RouteResource } from '@meshplane/core/model';
// As a function's code does: the middleware, and RE2 only when its model has regex matches
// (the router internals, which register RE2 on import, are not imported here).
import { register } from '@meshplane/core/re2';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { meshplane, type WithMeshContext } from '../../src/middleware/index.js';
import { type DjUpstreams, startDjUpstreams } from '../helpers/dj-upstreams.js';
import { lambdaContext } from '../helpers/lambda-context.js';
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
  for (const m of opened.splice(0)) await m.runtime.close();
});

/** The DJ app with the jazz route matching `/artists` by a path regex instead of a prefix. */
function regexModel(): MeshModel {
  const model = djAppModel();
  const jazz = model.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route') as RouteResource;
  jazz.spec.httpRoute!.match = { path: { regex: '/art(ist)?s' } };
  return model;
}

async function invokeJazz(): Promise<unknown> {
  const mesh = meshplane({
    model: regexModel(),
    virtualNodeName: 'dj',
    discovery: { cloudMap: { clientConfig: local.cloudMapConfig } },
  });
  opened.push(mesh);
  const callJazz = async (_event: unknown, context: Context & WithMeshContext) => {
    const response = await context.mesh.fetch('http://jazz.prod.svc.cluster.local:9080/artists');
    return { status: response.status, target: response.mesh.targetNode };
  };
  const handler = middy<unknown, unknown, Error, Context & WithMeshContext>(callJazz).use(mesh);
  return handler({}, lambdaContext() as Context & WithMeshContext);
}

// One registry per process: the refusal runs first, then register().
describe('a function whose model has regex routes', () => {
  it('fails with the route, the field and the import to add while RE2 is not registered', async () => {
    // Act
    const failure = await invokeJazz().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    // Assess: never a silent fallback to JavaScript's RegExp.
    expect(failure?.message).toContain('routes.jazz-router.jazz-route.spec.httpRoute.match.path.regex');
    expect(failure?.message).toContain("import { register } from '@meshplane/core/re2'; register();");
  });

  it('routes by RE2 once register() ran', async () => {
    // Prepare
    register();
    // Act
    const result = await invokeJazz();
    // Assess
    expect(result).toEqual({ status: 200, target: 'jazz-v1' });
  });
});
