import type { MeshResponse } from './mesh-response.js';
import { type CreateRouterOptions, createRouter, type MeshFetchInit, type MeshRouter } from './router.js';

/**
 * A fetch-shaped function bound to a router; `router` is exposed for `resolve`/`close`.
 *
 * @example
 * ```ts
 * const meshFetch: MeshFetch = createMeshFetch(router);
 * const response = await meshFetch('http://jazz.prod.svc.cluster.local:9080/');
 * ```
 */
export type MeshFetch = ((url: string | URL, init?: MeshFetchInit) => Promise<MeshResponse>) & {
  router: MeshRouter;
};

/**
 * Makes a fetch-shaped client from a router, or from router options (the router is created
 * once). Call `meshFetch.router.close()` when done.
 *
 * @example
 * ```ts
 * import { createMeshFetch } from '@meshplane/core/router';
 * const meshFetch = createMeshFetch({ model, sourceNode: 'dj', discovery });
 * const artists = await (await meshFetch('http://jazz.prod.svc.cluster.local:9080/')).json();
 * await meshFetch.router.close();
 * ```
 */
export function createMeshFetch(routerOrOptions: MeshRouter | CreateRouterOptions): MeshFetch {
  const router = 'fetch' in routerOrOptions ? routerOrOptions : createRouter(routerOrOptions);
  const fn = ((url: string | URL, init?: MeshFetchInit) => router.fetch(url, init)) as MeshFetch;
  fn.router = router;
  return fn;
}

let defaultRouter: MeshRouter | undefined;

/**
 * Installs the router that {@link meshFetch} uses when `init.router` is not given (one per
 * process, typically set during a Lambda's init). Pass undefined to remove it.
 *
 * @example
 * ```ts
 * import { createRouter, meshFetch, setDefaultRouter } from '@meshplane/core/router';
 * setDefaultRouter(createRouter({ model, sourceNode: 'dj', discovery }));
 * const response = await meshFetch('http://metal.prod.svc.cluster.local:9080/');
 * ```
 */
export function setDefaultRouter(router: MeshRouter | undefined): void {
  defaultRouter = router;
}

/**
 * `fetch` through the mesh: the URL's host is a virtual service name
 * (`http://jazz.prod.svc.cluster.local:9080/`). Uses `init.router`, else the router installed
 * with {@link setDefaultRouter}.
 *
 * @example
 * ```ts
 * import { meshFetch } from '@meshplane/core/router';
 * const response = await meshFetch('http://jazz.prod.svc.cluster.local:9080/', { router });
 * console.log(response.status, response.mesh.routeName);
 * ```
 */
export function meshFetch(
  url: string | URL,
  init: MeshFetchInit & { router?: MeshRouter } = {},
): Promise<MeshResponse> {
  const { router = defaultRouter, ...rest } = init;
  if (!router) {
    return Promise.reject(
      new TypeError(
        'meshFetch: no router: pass init.router or call setDefaultRouter(createRouter({...})) first',
      ),
    );
  }
  return router.fetch(url, rest);
}
