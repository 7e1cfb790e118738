import { cloudMap, defineMesh, http, type MeshModel, weights } from '@meshplane/core';

/**
 * Options of {@link djAppMesh}: everything defaults to the App Mesh DJ walkthrough.
 *
 * @example
 * ```ts
 * import { djAppMesh, type DjAppMeshOptions } from './mesh.js';
 * const options: DjAppMeshOptions = { jazz: { v1: 90, v2: 10 }, egressFilter: 'DROP_ALL' };
 * const model = djAppMesh(options);
 * ```
 */
export interface DjAppMeshOptions {
  /** Mesh name, default `dj-app`. */
  meshName?: string;
  /** Cloud Map namespace of every node, default `prod.svc.cluster.local`. */
  namespace?: string;
  /** Weights of the jazz route, default `{ v1: 100, v2: 0 }`. */
  jazz?: { v1: number; v2: number };
  /** Weights of the metal route, default `{ v1: 100, v2: 0 }`. */
  metal?: { v1: number; v2: number };
  /** Mesh egress filter, default unset (App Mesh then applies `DROP_ALL`). */
  egressFilter?: 'ALLOW_ALL' | 'DROP_ALL';
  /**
   * Listener port of each virtual node (`dj`, `jazz-v1`, …), default 9080 for all: where its app
   * listens. In a task every app has its own network namespace and port 9080; when all the apps
   * share one machine (`npm run start:envoy`) each gets its own free port, and Envoy's ingress
   * cluster (`127.0.0.1:<listener port>`, as App Mesh writes it) must point at that port.
   */
  appPorts?: Readonly<Record<string, number>>;
}

/**
 * The DJ app of the App Mesh walkthrough: a `dj` front calling `jazz` and `metal`, each served by
 * a router that splits traffic between a v1 and a v2 node, discovered through AWS Cloud Map
 * (`version` attribute).
 *
 * @example
 * ```ts
 * import { validate } from '@meshplane/core';
 * import { djAppMesh } from './mesh.js';
 * const model = djAppMesh({ jazz: { v1: 90, v2: 10 } });
 * console.log(validate(model).valid); // true
 * ```
 */
export function djAppMesh(options: DjAppMeshOptions = {}): MeshModel {
  const namespace = options.namespace ?? 'prod.svc.cluster.local';
  const jazz = options.jazz ?? { v1: 100, v2: 0 };
  const metal = options.metal ?? { v1: 100, v2: 0 };
  const jazzService = `jazz.${namespace}`;
  const metalService = `metal.${namespace}`;
  const port = (node: string) => http(options.appPorts?.[node] ?? 9080);
  return defineMesh({
    name: options.meshName ?? 'dj-app',
    ...(options.egressFilter === undefined ? {} : { egressFilter: options.egressFilter }),
    nodes: {
      dj: {
        listeners: [port('dj')],
        discovery: cloudMap(namespace, 'dj'),
        backends: [jazzService, metalService],
      },
      'jazz-v1': { listeners: [port('jazz-v1')], discovery: cloudMap(namespace, 'jazz', { version: 'v1' }) },
      'jazz-v2': { listeners: [port('jazz-v2')], discovery: cloudMap(namespace, 'jazz', { version: 'v2' }) },
      'metal-v1': {
        listeners: [port('metal-v1')],
        discovery: cloudMap(namespace, 'metal', { version: 'v1' }),
      },
      'metal-v2': {
        listeners: [port('metal-v2')],
        discovery: cloudMap(namespace, 'metal', { version: 'v2' }),
      },
    },
    routers: {
      'jazz-router': {
        listeners: [http(9080)],
        routes: {
          'jazz-route': {
            http: { match: { prefix: '/' }, action: weights({ 'jazz-v1': jazz.v1, 'jazz-v2': jazz.v2 }) },
          },
        },
      },
      'metal-router': {
        listeners: [http(9080)],
        routes: {
          'metal-route': {
            http: { match: { prefix: '/' }, action: weights({ 'metal-v1': metal.v1, 'metal-v2': metal.v2 }) },
          },
        },
      },
    },
    services: {
      [jazzService]: { provider: { router: 'jazz-router' } },
      [metalService]: { provider: { router: 'metal-router' } },
    },
  });
}

/** The DJ app model with its default options. */
const model: MeshModel = djAppMesh();
export default model;
