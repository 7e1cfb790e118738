import { fileURLToPath } from 'node:url';
import { loadModelFromPath, type MeshplaneResource } from '@meshplane/core';
import { apply, createAppMeshClient, isEmptyPlan, plan, readMesh } from '@meshplane/core/appmesh';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const meshFolder = fileURLToPath(new URL('../mesh', import.meta.url));
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

function weightsOf(resources: MeshplaneResource[], routeName: string) {
  const route = resources.find((r) => r.kind === 'route' && r.name === routeName);
  return route?.kind === 'route' ? route.spec.httpRoute?.action?.weightedTargets : undefined;
}

describe('examples/shopmesh against the local App Mesh endpoint', () => {
  let endpoint: LocalEndpoint;

  beforeAll(async () => {
    endpoint = await startLocalEndpoint({ port: 0, region: REGION });
  });

  afterAll(async () => {
    await endpoint.close();
  });

  it('the imported documents apply as they are, read back equal, and a second plan is empty', async () => {
    // Prepare
    const client = createAppMeshClient({
      clientConfig: { endpoint: endpoint.url, region: REGION, credentials: CREDENTIALS },
    });
    const { model, issues } = await loadModelFromPath(meshFolder);
    expect(issues).toEqual([]);

    // Act
    const result = await apply(plan(model, await readMesh(client, 'shopmesh')), { client });
    const actual = await readMesh(client, 'shopmesh');

    // Assess
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(actual.resources).toHaveLength(model.resources.length);
    expect(weightsOf(actual.resources, 'product-r')).toEqual([
      { virtualNode: 'product-vn', weight: 50 },
      { virtualNode: 'product-v2-vn', weight: 50 },
    ]);
    expect(weightsOf(actual.resources, 'customer-r')).toEqual([
      { virtualNode: 'customer-vn', weight: 75 },
      { virtualNode: 'customer-v15-vn', weight: 25 },
    ]);
    expect(isEmptyPlan(plan(model, actual))).toBe(true);
  });
});
