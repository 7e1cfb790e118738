import { defineMesh, http, type MeshModel, weights } from '@meshplane/core';

/** A router with rules: exact path, prefix + method + header, and a catch-all default. */
export function routedMesh(): MeshModel {
  return defineMesh({
    name: 'shop',
    egressFilter: 'ALLOW_ALL',
    nodes: {
      v1: { listeners: [http(8080)], discovery: { dns: { hostname: 'v1.local' } } },
      v2: { listeners: [http(8080)], discovery: { dns: { hostname: 'v2.local' } }, backends: ['s.local'] },
    },
    routers: {
      r: {
        listeners: [http(8080)],
        routes: {
          all: { http: { match: { prefix: '/' }, action: weights({ v1: 1 }) } },
          api: {
            priority: 1,
            http: {
              match: { prefix: '/api', method: 'POST', headers: [{ name: 'x-v', match: { exact: '2' } }] },
              action: weights({ v1: 3, v2: 1 }),
            },
          },
          exact: { priority: 0, http: { match: { path: { exact: '/health' } }, action: weights({ v2: 1 }) } },
        },
      },
    },
    services: { 's.local': { provider: { router: 'r' } } },
  });
}
