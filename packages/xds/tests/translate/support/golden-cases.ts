import { fileURLToPath } from 'node:url';
import { loadModelFromPath, type MeshModel } from '@meshplane/core';
import { djAppMesh } from '../../../../../examples/dj-app/src/mesh.js';
import type { ServiceEndpoints, TranslateOptions } from '../../../src/contract.js';
import { djEndpoints } from '../fixtures/dj-endpoints.js';
import { featureEndpoints, featureMesh } from '../fixtures/feature-mesh.js';

/** One golden file: a node or gateway of an example model, translated. */
export interface GoldenCase {
  /** `<model>/<node>`: the file is tests/golden/<file>.json. */
  file: string;
  model: MeshModel;
  endpoints: Map<string, ServiceEndpoints>;
  resourceId: string;
  options?: TranslateOptions;
}

const shopmeshFolder = fileURLToPath(new URL('../../../../../examples/shopmesh/mesh', import.meta.url));
// The App Mesh controller's DJ app (appmesh.k8s.aws YAML, as in the App Mesh examples), DNS discovery.
const djK8sFolder = fileURLToPath(new URL('../../../../core/tests/fixtures/dj-app', import.meta.url));

/**
 * Every golden case: each node of the DJ app (mid-canary), the DJ app under ALLOW_ALL, each
 * shopmesh node, each node of the controller's DJ app, each node and gateway of the feature mesh.
 */
export async function goldenCases(): Promise<GoldenCase[]> {
  const cases: GoldenCase[] = [];
  const dj = djAppMesh({ jazz: { v1: 90, v2: 10 }, metal: { v1: 50, v2: 50 } });
  for (const node of ['dj', 'jazz-v1', 'jazz-v2', 'metal-v1', 'metal-v2']) {
    cases.push({
      file: `dj-app/${node}`,
      model: dj,
      endpoints: djEndpoints(),
      resourceId: `mesh/dj-app/virtualNode/${node}`,
    });
  }
  cases.push({
    file: 'dj-app-allow-all/dj',
    model: djAppMesh({ egressFilter: 'ALLOW_ALL' }),
    endpoints: djEndpoints(),
    resourceId: 'mesh/dj-app/virtualNode/dj',
    options: { ingressPort: 25000, egressPort: 25001, listenerAddress: '127.0.0.1' },
  });
  const { model: shop, issues } = await loadModelFromPath(shopmeshFolder);
  if (issues.length > 0) throw new Error(`shopmesh does not load: ${JSON.stringify(issues)}`);
  for (const r of shop.resources) {
    if (r.kind === 'virtualNode')
      cases.push({
        file: `shopmesh/${r.name}`,
        model: shop,
        endpoints: new Map(),
        resourceId: `mesh/shopmesh/virtualNode/${r.name}`,
      });
  }
  const { model: k8s } = await loadModelFromPath(djK8sFolder);
  for (const r of k8s.resources) {
    if (r.kind === 'virtualNode')
      cases.push({
        file: `dj-app-k8s/${r.name}`,
        model: k8s,
        endpoints: new Map(),
        resourceId: `mesh/${r.meshName}/virtualNode/${r.name}`,
      });
  }
  const features = featureMesh();
  for (const r of features.resources) {
    if (r.kind === 'virtualNode' || r.kind === 'virtualGateway') {
      cases.push({
        file: `feature-mesh/${r.name}`,
        model: features,
        endpoints: featureEndpoints(),
        resourceId: `mesh/${r.meshName}/${r.kind}/${r.name}`,
      });
    }
  }
  return cases;
}
