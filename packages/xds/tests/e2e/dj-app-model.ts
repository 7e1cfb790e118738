import type { MeshModel, MeshplaneResource } from '@meshplane/core';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';

// The DJ app of the App Mesh walkthrough (examples/dj-app) plus routes on jazz-router that
// exercise what the end-to-end test checks through a real Envoy: a header match, an exact path
// with a short timeout, a prefix with a retry policy; the walkthrough's weighted route last.
export const NAMESPACE = 'prod.svc.cluster.local';
export const JAZZ = `jazz.${NAMESPACE}`;

const route = (name: string, spec: Record<string, unknown>): MeshplaneResource =>
  ({ kind: 'route', meshName: 'dj-app', virtualRouterName: 'jazz-router', name, spec }) as MeshplaneResource;

const target = (node: string) => ({ weightedTargets: [{ virtualNode: node, weight: 1 }] });

/** The e2e model with jazz weights v1/v2 on the catch-all route. */
export function e2eModel(jazz: { v1: number; v2: number }): MeshModel {
  const base = djAppMesh({ namespace: NAMESPACE, jazz });
  const resources = base.resources.map((r) =>
    r.kind === 'route' && r.name === 'jazz-route'
      ? ({ ...r, spec: { ...r.spec, priority: 10 } } as MeshplaneResource)
      : r,
  );
  resources.push(
    route('jazz-canary-header', {
      priority: 0,
      httpRoute: {
        match: { prefix: '/', headers: [{ name: 'x-canary', match: { exact: 'yes' } }] },
        action: target('jazz-v2'),
      },
    }),
    route('jazz-slow', {
      priority: 1,
      httpRoute: {
        match: { path: { exact: '/slow' } },
        action: target('jazz-v1'),
        timeout: { perRequest: { value: 300, unit: 'ms' } },
      },
    }),
    route('jazz-flaky', {
      priority: 2,
      httpRoute: {
        match: { prefix: '/flaky' },
        action: target('jazz-v1'),
        retryPolicy: {
          maxRetries: 2,
          perRetryTimeout: { value: 2, unit: 's' },
          httpRetryEvents: ['server-error'],
        },
      },
    }),
  );
  return { resources };
}
