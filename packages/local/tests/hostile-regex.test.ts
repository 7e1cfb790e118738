import {
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  DescribeRouteCommand,
  ListMeshesCommand,
} from '@aws-sdk/client-app-mesh';
import { type MeshplaneResource, validate } from '@meshplane/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

const route = (routeName: string, regex: string) =>
  new CreateRouteCommand({
    meshName: 'm',
    virtualRouterName: 'rt',
    routeName,
    spec: {
      httpRoute: {
        match: { path: { regex } },
        action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] },
      },
    },
  });

/**
 * Regexes that could have hurt a process that compiled them with V8 (the hostile-input crash was
 * a stack overflow on a RegExp compile): the endpoint compiles none, applies App Mesh's documented
 * rule for `regex` (1 to 255 characters) and stays up; meshplane's own `validate` is where RE2's
 * syntax is checked (REGEX_SYNTAX), since the App Mesh API reference documents no syntax rule.
 */
describe('route regexes at the local App Mesh endpoint, over a real socket', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'm' }));
    await f.appMesh.send(
      new CreateVirtualRouterCommand({
        meshName: 'm',
        virtualRouterName: 'rt',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      }),
    );
    await f.appMesh.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: {} }));
  });
  afterAll(() => f.close());

  it('a 256-character regex is a 400 BadRequestException naming the field, the length and the value', async () => {
    const refused = await failure(f.appMesh.send(route('long', `/${'a'.repeat(255)}`)));
    expect(refused).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(refused.message).toContain('spec.httpRoute.match.path.regex must have 1 to 255 characters');
    expect(refused.message).toContain('got 256');
    await expect(f.appMesh.send(route('edge', `/${'a'.repeat(254)}`))).resolves.toBeDefined();
  });

  it('stores what App Mesh accepts, and validate names what Envoy would refuse in it', async () => {
    await f.appMesh.send(route('nested', '(a{1000}){1000}'));
    await f.appMesh.send(route('backtracking', '/(a+)+b'));
    const stored = await f.appMesh.send(
      new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'rt', routeName: 'nested' }),
    );
    const resources: MeshplaneResource[] = [
      { kind: 'mesh', meshName: 'm', name: 'm', spec: {} },
      {
        kind: 'virtualRouter',
        meshName: 'm',
        name: 'rt',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      },
      { kind: 'virtualNode', meshName: 'm', name: 'a', spec: {} },
      { kind: 'route', meshName: 'm', name: 'nested', virtualRouterName: 'rt', spec: stored.route!.spec! },
    ];
    const issues = validate({ resources }).issues.filter((i) => i.code === 'REGEX_SYNTAX');
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'routers.rt.routes.nested.spec.httpRoute.match.path.regex',
        message: expect.stringMatching(
          /^regex "\(a\{1000\}\)\{1000\}": RE2 refuses it: invalid repeat count/,
        ),
      }),
    ]);
  });

  it('a regex nested 100 000 levels deep is a 400, and the endpoint keeps answering', async () => {
    const body = `{"routeName":"deep","spec":{"httpRoute":{"match":{"path":{"regex":${'['.repeat(100_000)}${']'.repeat(100_000)}}},"action":{"weightedTargets":[{"virtualNode":"a","weight":1}]}}}}`;
    const answer = await fetch(`${f.endpoint.url}/v20190125/meshes/m/virtualRouter/rt/routes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(((await answer.json()) as { message: string }).message).toContain(
      'spec.httpRoute.match.path.regex must be a string',
    );
    const meshes = await f.appMesh.send(new ListMeshesCommand({}));
    expect(meshes.meshes?.map((m) => m.meshName)).toEqual(['m']);
  });
});
