import type { MeshModel, MeshplaneResource } from '../../src/index.js';

/** The DJ app of the "Learning AWS App Mesh" tutorial, in the normalized model shape. */
export function djModel(weights: { jazz?: [number, number]; metal?: [number, number] } = {}): MeshModel {
  const mesh = 'dj-app';
  const node = (name: string, service: string, version?: string): MeshplaneResource => ({
    kind: 'virtualNode',
    meshName: mesh,
    name,
    spec: {
      listeners: [{ portMapping: { port: 9080, protocol: 'http' } }],
      serviceDiscovery: {
        awsCloudMap: {
          namespaceName: 'prod.svc.cluster.local',
          serviceName: service,
          ...(version ? { attributes: [{ key: 'version', value: version }] } : {}),
        },
      },
      ...(name === 'dj'
        ? {
            backends: [
              { virtualService: { virtualServiceName: 'jazz.prod.svc.cluster.local' } },
              { virtualService: { virtualServiceName: 'metal.prod.svc.cluster.local' } },
            ],
          }
        : {}),
    },
  });
  const router = (name: string): MeshplaneResource => ({
    kind: 'virtualRouter',
    meshName: mesh,
    name,
    spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http' } }] },
  });
  const route = (app: string, [v1, v2]: [number, number]): MeshplaneResource => ({
    kind: 'route',
    meshName: mesh,
    virtualRouterName: `${app}-router`,
    name: `${app}-route`,
    spec: {
      httpRoute: {
        match: { prefix: '/' },
        action: {
          weightedTargets: [
            { virtualNode: `${app}-v1`, weight: v1 },
            { virtualNode: `${app}-v2`, weight: v2 },
          ],
        },
      },
    },
  });
  const service = (app: string): MeshplaneResource => ({
    kind: 'virtualService',
    meshName: mesh,
    name: `${app}.prod.svc.cluster.local`,
    spec: { provider: { virtualRouter: { virtualRouterName: `${app}-router` } } },
  });
  return {
    resources: [
      { kind: 'mesh', meshName: mesh, name: mesh, spec: { egressFilter: { type: 'DROP_ALL' } } },
      node('dj', 'dj'),
      node('jazz-v1', 'jazz', 'v1'),
      node('jazz-v2', 'jazz', 'v2'),
      node('metal-v1', 'metal', 'v1'),
      node('metal-v2', 'metal', 'v2'),
      router('jazz-router'),
      router('metal-router'),
      route('jazz', weights.jazz ?? [100, 0]),
      route('metal', weights.metal ?? [100, 0]),
      service('jazz'),
      service('metal'),
    ],
  };
}

/** `count` services, each a node, a router, a route and a virtual service (4 × count + 1 resources). */
export function generatedModel(count: number, meshName = 'gen'): MeshModel {
  const resources: MeshplaneResource[] = [{ kind: 'mesh', meshName, name: meshName, spec: {} }];
  for (let i = 0; i < count; i++) {
    const app = `svc-${String(i).padStart(3, '0')}`;
    resources.push(
      {
        kind: 'virtualNode',
        meshName,
        name: `${app}-v1`,
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
          serviceDiscovery: { dns: { hostname: `${app}.${meshName}.local` } },
          backends: i > 0 ? [{ virtualService: { virtualServiceName: `svc-000.${meshName}.local` } }] : [],
        },
        tags: [{ key: 'app', value: app }],
      },
      {
        kind: 'virtualRouter',
        meshName,
        name: `${app}-router`,
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      },
      {
        kind: 'route',
        meshName,
        virtualRouterName: `${app}-router`,
        name: `${app}-route`,
        spec: {
          httpRoute: {
            match: { prefix: '/' },
            action: { weightedTargets: [{ virtualNode: `${app}-v1`, weight: 100 }] },
          },
        },
      },
      {
        kind: 'virtualService',
        meshName,
        name: `${app}.${meshName}.local`,
        spec: { provider: { virtualRouter: { virtualRouterName: `${app}-router` } } },
      },
    );
  }
  return { resources };
}
