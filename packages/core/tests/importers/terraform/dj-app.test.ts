import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { djAppMesh } from '../../../../../examples/dj-app/src/mesh.js';
import type { MeshplaneResource } from '../../../src/index.js';
import { loadModelFromPath, refineIssueLocations, resourceKey, validate } from '../../../src/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url));
const hclFolder = join(fixtures, 'terraform/dj-app');
const stateFile = join(fixtures, 'terraform/show-json/dj-app-state.json');

/** Resources without their source locations, in key order: what two imports must agree on. */
function comparable(resources: readonly MeshplaneResource[]) {
  return resources
    .map(({ source: _source, ...rest }) => rest)
    .sort((a, b) => (resourceKey(a as MeshplaneResource) < resourceKey(b as MeshplaneResource) ? -1 : 1));
}

// The canary state of the walkthrough: jazz 90/10, metal 50/50 (the fixture's variable defaults).
const canary = djAppMesh({ jazz: { v1: 90, v2: 10 }, metal: { v1: 50, v2: 50 } });

describe('the DJ app written in Terraform (tests/fixtures/terraform/dj-app)', () => {
  test('imports to exactly the DJ app model, ignoring the ECS and Cloud Map resources with one warning', async () => {
    // Act
    const { model, issues } = await loadModelFromPath(hclFolder);
    // Assess
    expect(comparable(model.resources)).toEqual(comparable(canary.resources));
    expect(issues).toEqual([
      {
        code: 'IGNORED_RESOURCES',
        path: 'resource',
        message:
          '3 resource(s) that are not App Mesh resources were ignored: aws_ecs_cluster ×1, aws_service_discovery_service ×1, aws_service_discovery_private_dns_namespace ×1',
        severity: 'warning',
        file: join(hclFolder, 'genres.tf'),
        line: 87,
        column: 1,
      },
    ]);
    expect(validate(model, { strict: true })).toEqual({ valid: true, issues: [] });
  });

  test('takes -var values: the weights as an HCL map give the default DJ app (all traffic on v1)', async () => {
    // Arrange
    const weights = '{ jazz = { v1 = 100, v2 = 0 }, metal = { v1 = 100, v2 = 0 } }';
    // Act
    const { model, issues } = await loadModelFromPath(hclFolder, {
      variables: { weights, app_port: '9080' },
    });
    // Assess
    expect(issues.map((i) => i.code)).toEqual(['IGNORED_RESOURCES']);
    expect(comparable(model.resources)).toEqual(comparable(djAppMesh().resources));
  });

  test('places each resource and each value at its file:line:column (validate issues point at the argument)', async () => {
    // Arrange
    const imported = await loadModelFromPath(hclFolder, { variables: { app_port: '0' } });
    // Act
    const issues = refineIssueLocations(validate(imported.model).issues, imported.locate);
    // Assess: the dj node's port is the `port` argument in main.tf; the versioned nodes share genres.tf's.
    const djPort = issues.find((i) => i.path === 'nodes.dj.spec.listeners[0].portMapping.port');
    expect(djPort).toMatchObject({
      code: 'SHAPE_RANGE',
      file: join(hclFolder, 'main.tf'),
      line: 40,
      column: 9,
    });
    const jazzPort = issues.find((i) => i.path === 'nodes.jazz-v1.spec.listeners[0].portMapping.port');
    expect(jazzPort).toMatchObject({ file: join(hclFolder, 'genres.tf'), line: 12, column: 9 });
    const mesh = imported.model.resources.find((r) => r.kind === 'mesh');
    expect(mesh?.source).toEqual({ file: join(hclFolder, 'main.tf'), line: 29, column: 1 });
  });

  test('merges with other formats of the same folder list: the later definition wins with OVERRIDDEN', async () => {
    // Act: the v1beta1 controller YAML of the walkthrough first, then the Terraform configuration.
    const { model, issues } = await loadModelFromPath([join(fixtures, 'dj-app'), hclFolder]);
    // Assess: the Terraform routes (90/10, 50/50) replace the YAML ones (100/0).
    const jazz = model.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route');
    expect(jazz?.spec).toEqual(
      canary.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route')?.spec,
    );
    expect(jazz?.source?.file).toBe(join(hclFolder, 'genres.tf'));
    expect(issues.filter((i) => i.code === 'OVERRIDDEN').length).toBeGreaterThanOrEqual(2);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('the DJ app as `terraform show -json` state (tests/fixtures/terraform/show-json)', () => {
  test('imports to the same model as the HCL: computed attributes and the provider zero values left out', async () => {
    // Act
    const fromState = await loadModelFromPath(stateFile);
    const fromHcl = await loadModelFromPath(hclFolder);
    // Assess
    expect(comparable(fromState.model.resources)).toEqual(comparable(canary.resources));
    expect(comparable(fromState.model.resources)).toEqual(comparable(fromHcl.model.resources));
    expect(fromState.issues).toEqual([
      {
        code: 'IGNORED_RESOURCES',
        path: 'values.root_module',
        message:
          '1 resource(s) that are not App Mesh resources were ignored: aws_service_discovery_private_dns_namespace ×1',
        severity: 'warning',
        file: stateFile,
        line: 5,
        column: 20,
      },
    ]);
  });

  test('locates values inside the state file, child modules included', async () => {
    // Act
    const { locate, model } = await loadModelFromPath(stateFile);
    // Assess
    expect(
      locate?.('routers.jazz-router.routes.jazz-route.spec.httpRoute.action.weightedTargets[1].weight'),
    ).toEqual({
      file: stateFile,
      line: 626,
      column: 43,
    });
    expect(model.resources.find((r) => r.kind === 'route')?.source?.line).toBeGreaterThan(500);
  });
});
