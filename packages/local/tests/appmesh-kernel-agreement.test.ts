import { KINDS, type MeshplaneResource, references } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { createAppMeshService, type LocalServiceError } from '../src/index.js';

const ctx = { region: 'us-east-1', accountId: '000000000000', now: () => new Date(1_800_000_000_000) };
const http = { listeners: [{ portMapping: { port: 8080, protocol: 'http' as const } }] };
const target = (node: string) => ({
  httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } },
});

/** A mesh with every kind of edge: route targets, providers, a gateway route target, a backend, parents. */
const MODEL: MeshplaneResource[] = [
  { kind: 'mesh', meshName: 'm', name: 'm', spec: {} },
  { kind: 'virtualNode', meshName: 'm', name: 'a', spec: http },
  {
    kind: 'virtualNode',
    meshName: 'm',
    name: 'b',
    spec: { ...http, backends: [{ virtualService: { virtualServiceName: 'via-router.local' } }] },
  },
  { kind: 'virtualNode', meshName: 'm', name: 'lonely', spec: http },
  { kind: 'virtualRouter', meshName: 'm', name: 'r', spec: http },
  { kind: 'virtualGateway', meshName: 'm', name: 'g', spec: http },
  { kind: 'route', meshName: 'm', name: 'x', virtualRouterName: 'r', spec: target('a') },
  {
    kind: 'virtualService',
    meshName: 'm',
    name: 'via-node.local',
    spec: { provider: { virtualNode: { virtualNodeName: 'b' } } },
  },
  {
    kind: 'virtualService',
    meshName: 'm',
    name: 'via-router.local',
    spec: { provider: { virtualRouter: { virtualRouterName: 'r' } } },
  },
  {
    kind: 'gatewayRoute',
    meshName: 'm',
    name: 'in',
    virtualGatewayName: 'g',
    spec: {
      httpRoute: {
        match: { prefix: '/' },
        action: { target: { virtualService: { virtualServiceName: 'via-node.local' } } },
      },
    },
  },
] as MeshplaneResource[];

function input(resource: MeshplaneResource): Record<string, unknown> {
  const info = KINDS[resource.kind];
  const out: Record<string, unknown> = { meshName: resource.meshName, [info.nameMember]: resource.name };
  if (resource.kind === 'route') out.virtualRouterName = resource.virtualRouterName;
  if (resource.kind === 'gatewayRoute') out.virtualGatewayName = resource.virtualGatewayName;
  return out;
}

/** What a call came to: `success` when it answered, else the error shape it threw. */
async function outcomeOf(call: () => unknown, success: string): Promise<string> {
  try {
    await call();
    return success;
  } catch (error) {
    return (error as LocalServiceError).type;
  }
}

async function built() {
  const service = createAppMeshService();
  for (const resource of MODEL)
    await service.handle(
      KINDS[resource.kind].operations.create,
      { ...input(resource), spec: resource.spec },
      ctx,
    );
  return service;
}

describe("the emulator's graph is core's references(), not a copy", () => {
  it('refuses a delete exactly when another resource holds a hard reference to it', async () => {
    for (const resource of MODEL) {
      // Prepare
      const service = await built();
      const held = MODEL.some(
        (other) =>
          other !== resource &&
          references(other).some(
            (r) => r.strength === 'hard' && r.kind === resource.kind && r.name === resource.name,
          ),
      );
      // Act
      const outcome = await outcomeOf(
        () => service.handle(KINDS[resource.kind].operations.delete, input(resource), ctx),
        'deleted',
      );
      // Assess
      expect([resource.kind, resource.name, outcome]).toEqual([
        resource.kind,
        resource.name,
        held ? 'ResourceInUseException' : 'deleted',
      ]);
    }
  });

  it('refuses a create exactly when a hard reference of its spec is missing, never for a backend', async () => {
    // Prepare: every resource of the model created alone into an empty mesh.
    const outcomes: Array<[string, string]> = [];
    for (const resource of MODEL.filter(
      (r) => r.kind !== 'mesh' && r.kind !== 'route' && r.kind !== 'gatewayRoute',
    )) {
      const service = createAppMeshService();
      await service.handle('CreateMesh', { meshName: 'm' }, ctx);
      // Act
      const outcome = await outcomeOf(
        () =>
          service.handle(
            KINDS[resource.kind].operations.create,
            { ...input(resource), spec: resource.spec },
            ctx,
          ),
        'created',
      );
      outcomes.push([resource.name, outcome]);
    }
    // Assess: only resources whose spec makes a hard reference (a provider) fail.
    const expected = MODEL.filter(
      (r) => r.kind !== 'mesh' && r.kind !== 'route' && r.kind !== 'gatewayRoute',
    ).map((r): [string, string] => [
      r.name,
      references(r).some((ref) => ref.strength === 'hard' && ref.role !== 'mesh' && ref.role !== 'parent')
        ? 'NotFoundException'
        : 'created',
    ]);
    expect(outcomes).toEqual(expected);
    expect(outcomes).toContainEqual(['b', 'created']);
  });
});
