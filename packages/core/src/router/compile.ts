import type { Listener, RouteSpec, VirtualNodeSpec, WeightedTarget } from '@aws-sdk/client-app-mesh';
import type {
  MeshModel,
  RouteResource,
  VirtualNodeResource,
  VirtualRouterResource,
  VirtualServiceResource,
} from '../model/resources.js';
import type { RouterDiscovery } from './discovery-types.js';
import { durationToMs } from './duration.js';
import { EndpointPool, type NodeDiscovery } from './endpoint-pool.js';
import { RouterConfigError } from './errors.js';
import { compileGrpcMatch, compileHttpMatch, type MatchSpecificity, type RequestTest } from './http-match.js';
import { compileOutlierDetection } from './outlier-detector.js';
import {
  APP_MESH_DEFAULT_RETRY_POLICY,
  type CompiledRetryPolicy,
  compileRetryPolicy,
  RetryBudget,
  type RetryBudgetOptions,
} from './retry-policy.js';
import { RouteIndex } from './route-index.js';
import { compareRoutes } from './route-order.js';
import { WeightedPicker } from './weighted-pick.js';

/**
 * App Mesh's per-request timeout when a route (or listener) sets none: "The default value is 15
 * seconds" (API reference, `HttpTimeout.perRequest` / `GrpcTimeout.perRequest`).
 *
 * @example
 * ```ts
 * import { APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS } from '@meshplane/core/router';
 * console.log(APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS); // 15000
 * ```
 */
export const APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Where an effective timeout came from.
 *
 * @example
 * ```ts
 * const source: TimeoutSource = router.decide('http://jazz.prod.svc.cluster.local/').timeouts.perRequestSource; // 'default'
 * ```
 */
export type TimeoutSource = 'route' | 'listener' | 'default' | 'option';

/**
 * The timeouts that apply to a request. `perRequestMs` 0 means disabled (App Mesh: value 0).
 *
 * @example
 * ```ts
 * const { perRequestMs, perRequestSource } = router.decide('http://jazz.prod.svc.cluster.local/').timeouts;
 * console.log(`${perRequestMs} ms from ${perRequestSource}`); // 15000 ms from default
 * ```
 */
export interface EffectiveTimeouts {
  perRequestMs: number;
  perRequestSource: TimeoutSource;
  idleMs: number | undefined;
}

/**
 * A listener of a virtual node, compiled.
 *
 * @example
 * ```ts
 * const listener = router.decide('http://jazz.prod.svc.cluster.local/').target?.listener;
 * console.log(listener?.port, listener?.timeouts.perRequestMs);
 * ```
 */
export interface CompiledNodeListener {
  port: number;
  protocol: string;
  scheme: 'http' | 'https';
  timeouts: EffectiveTimeouts;
}

/**
 * A virtual node that traffic can be sent to.
 *
 * @example
 * ```ts
 * const node = router.tables.nodes.get('jazz-v1');
 * console.log(node?.listeners.map((l) => l.port));
 * ```
 */
export interface CompiledNode {
  name: string;
  listeners: CompiledNodeListener[];
  pool: EndpointPool;
  budget: RetryBudget;
}

/**
 * One weighted target of a route.
 *
 * @example
 * ```ts
 * const target = router.decide('http://jazz.prod.svc.cluster.local/').target;
 * console.log(target?.node.name, target?.weight);
 * ```
 */
export interface CompiledTarget {
  node: CompiledNode;
  weight: number;
  /** The `port` of the weighted target, when the model sets one. */
  port: number | undefined;
  /** The target node's listener the traffic goes to (undefined when the node has none). */
  listener: CompiledNodeListener | undefined;
}

/**
 * A route of a virtual router, compiled.
 *
 * @example
 * ```ts
 * const provider = router.tables.services.get('jazz.prod.svc.cluster.local')?.provider;
 * if (provider?.kind === 'router') console.log(provider.only?.routes.map((r) => r.name));
 * ```
 */
export interface CompiledRoute {
  name: string;
  virtualRouterName: string;
  type: 'http' | 'http2' | 'grpc' | 'tcp';
  priority: number | undefined;
  specificity: MatchSpecificity;
  /** The literal every request path this route matches starts with (see `RouteIndex`). */
  pathLiteral: string | undefined;
  test: RequestTest;
  targets: CompiledTarget[];
  picker: WeightedPicker;
  timeouts: EffectiveTimeouts;
  retry: CompiledRetryPolicy | undefined;
}

/**
 * A virtual router listener with its routes in matching order.
 *
 * @example
 * ```ts
 * const provider = router.tables.services.get('jazz.prod.svc.cluster.local')?.provider;
 * if (provider?.kind === 'router') console.log([...provider.listeners.keys()]); // [9080]
 * ```
 */
export interface CompiledRouterListener {
  port: number;
  protocol: string;
  routes: CompiledRoute[];
  /** Narrows `routes` by request path when the listener has many path routes (same answers). */
  index: RouteIndex<CompiledRoute> | undefined;
  /** Routes of the router that can never match on this listener (other protocol or port). */
  skipped: number;
}

/**
 * The provider of a virtual service.
 *
 * @example
 * ```ts
 * const provider = router.tables.services.get('jazz.prod.svc.cluster.local')?.provider;
 * console.log(provider?.kind); // 'router'
 * ```
 */
export type CompiledProvider =
  | {
      kind: 'router';
      virtualRouterName: string;
      listeners: Map<number, CompiledRouterListener>;
      only?: CompiledRouterListener;
    }
  | { kind: 'node'; target: CompiledTarget; node: CompiledNode; retry: CompiledRetryPolicy | undefined }
  | { kind: 'none' };

/**
 * A virtual service the source node may call.
 *
 * @example
 * ```ts
 * const service = router.tables.services.get('jazz.prod.svc.cluster.local');
 * console.log(service?.name, service?.provider.kind);
 * ```
 */
export interface CompiledService {
  name: string;
  provider: CompiledProvider;
}

/**
 * The lookup tables of one source virtual node.
 *
 * @example
 * ```ts
 * const tables = router.tables;
 * console.log(tables.egress, tables.declaredBackends, [...tables.nodes.keys()]);
 * ```
 */
export interface CompiledMesh {
  meshName: string;
  sourceNode: string;
  egress: 'DROP_ALL' | 'ALLOW_ALL';
  /** Virtual service name → compiled service, for the source node's backends only. */
  services: Map<string, CompiledService>;
  declaredBackends: string[];
  /** Every virtual service name of the mesh (to tell "undeclared" from "unknown"). */
  allServices: Set<string>;
  nodes: Map<string, CompiledNode>;
}

/**
 * Options of {@link compileMesh}.
 *
 * @example
 * ```ts
 * import { compileMesh } from '@meshplane/core/router';
 * const tables = compileMesh({ model, sourceNode: 'dj', discovery, defaultRetryPolicy: 'none' });
 * ```
 */
export interface CompileOptions {
  /** The normalized mesh model (a snapshot: later changes need a new router). */
  model: MeshModel;
  /** The virtual node this process is: its backends and the mesh egress filter apply. */
  sourceNode: string;
  /** The mesh of `sourceNode`, needed only when the model holds several meshes with that node. */
  meshName?: string;
  /** Cloud Map discovery (`createDiscovery` of `@meshplane/core/cloudmap`); required when a reachable node uses Cloud Map. */
  discovery?: RouterDiscovery;
  /** Which Cloud Map instances to use. Default `HEALTHY`. */
  healthStatus?: 'HEALTHY' | 'HEALTHY_OR_ELSE_ALL' | 'ALL' | 'UNHEALTHY';
  /**
   * The retry policy of routes (and virtual node providers) without one: `app-mesh` (default) is
   * the hidden policy App Mesh gives every HTTP, HTTP/2 and gRPC route in accounts without meshes
   * before 2020-07-29 (2 retries on HTTP 503, gRPC UNAVAILABLE, connect failure and refused
   * stream); `none` disables it.
   */
  defaultRetryPolicy?: 'app-mesh' | 'none';
  /** Per-request timeout when the route sets none. Default the App Mesh default, 15 000 ms. */
  defaultPerRequestTimeoutMs?: number;
  /** Envoy-style retry budget per target node. Default 20 % of active requests, at least 3. */
  retryBudget?: RetryBudgetOptions;
  /** Clock for outlier detection (epoch ms). Default `Date.now`. */
  now?: () => number;
}

const ROUTE_TYPES = [
  ['httpRoute', 'http'],
  ['http2Route', 'http2'],
  ['grpcRoute', 'grpc'],
  ['tcpRoute', 'tcp'],
] as const;

function listenerTimeouts(
  listener: Listener,
  defaultMs: number,
  defaultSource: TimeoutSource,
): EffectiveTimeouts {
  const t = listener.timeout;
  const spec = t?.http ?? t?.http2 ?? t?.grpc;
  const perRequest = durationToMs(spec?.perRequest);
  const idle = durationToMs((spec ?? t?.tcp)?.idle);
  return {
    perRequestMs: perRequest ?? (listener.portMapping?.protocol === 'tcp' ? 0 : defaultMs),
    perRequestSource: perRequest !== undefined ? 'listener' : defaultSource,
    idleMs: idle || undefined,
  };
}

function nodeDiscovery(spec: VirtualNodeSpec, healthStatus: CompileOptions['healthStatus']): NodeDiscovery {
  const sd = spec.serviceDiscovery;
  if (sd?.awsCloudMap) {
    const { namespaceName = '', serviceName = '', attributes } = sd.awsCloudMap;
    const queryParameters: Record<string, string> = {};
    for (const a of attributes ?? []) if (a.key !== undefined) queryParameters[a.key] = a.value ?? '';
    const filter = Object.entries(queryParameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return {
      kind: 'cloudMap',
      query: {
        namespaceName,
        serviceName,
        ...(Object.keys(queryParameters).length ? { queryParameters } : {}),
        healthStatus: healthStatus ?? 'HEALTHY',
      },
      label: `Cloud Map ${namespaceName}/${serviceName}${filter ? ` (${filter})` : ''}`,
    };
  }
  if (sd?.dns?.hostname) return { kind: 'dns', hostname: sd.dns.hostname, label: `DNS ${sd.dns.hostname}` };
  return { kind: 'none', label: 'no service discovery' };
}

/**
 * Compiles a model snapshot into the lookup tables of one source virtual node: virtual service
 * name → provider → router listener → routes in matching order → weighted targets (cumulative
 * weights) → virtual node → endpoint pool. Done once; requests only read these tables.
 *
 * Only the source node's backends are compiled: under the App Mesh default egress filter
 * `DROP_ALL` they are all the node may call.
 *
 * @example
 * ```ts
 * import { compileMesh } from '@meshplane/core/router';
 * import model from './mesh.js';
 * const tables = compileMesh({ model, sourceNode: 'dj' });
 * console.log([...tables.services.keys()]); // ['jazz.prod.svc.cluster.local', 'metal.prod.svc.cluster.local']
 * ```
 */
export function compileMesh(options: CompileOptions): CompiledMesh {
  const { model, sourceNode } = options;
  const now = options.now ?? Date.now;
  const defaultMs = options.defaultPerRequestTimeoutMs ?? APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS;
  const defaultSource: TimeoutSource =
    options.defaultPerRequestTimeoutMs === undefined ? 'default' : 'option';
  const defaultRetry = options.defaultRetryPolicy === 'none' ? undefined : APP_MESH_DEFAULT_RETRY_POLICY;

  checkResourceShapes(model);
  const sourceCandidates = model.resources.filter(
    (r): r is VirtualNodeResource =>
      r.kind === 'virtualNode' &&
      r.name === sourceNode &&
      (options.meshName === undefined || r.meshName === options.meshName),
  );
  if (sourceCandidates.length === 0) {
    const nodes = model.resources
      .filter((r) => r.kind === 'virtualNode')
      .map((r) => `${r.meshName}/${r.name}`);
    throw new RouterConfigError(
      `sourceNode "${sourceNode}" is not a virtual node of ${options.meshName ? `mesh "${options.meshName}"` : 'the model'} (virtual nodes: ${nodes.join(', ') || 'none'})`,
    );
  }
  if (sourceCandidates.length > 1) {
    throw new RouterConfigError(
      `sourceNode "${sourceNode}" exists in several meshes (${sourceCandidates.map((r) => r.meshName).join(', ')}): set meshName`,
    );
  }
  const source = sourceCandidates[0]!;
  const meshName = source.meshName;
  const inMesh = model.resources.filter((r) => r.meshName === meshName);
  const mesh = inMesh.find((r) => r.kind === 'mesh');
  const egress =
    mesh?.kind === 'mesh' && mesh.spec.egressFilter?.type === 'ALLOW_ALL' ? 'ALLOW_ALL' : 'DROP_ALL';

  const nodeSpecs = new Map<string, VirtualNodeResource>();
  const routers = new Map<string, VirtualRouterResource>();
  const routesByRouter = new Map<string, RouteResource[]>();
  const serviceSpecs = new Map<string, VirtualServiceResource>();
  for (const r of inMesh) {
    if (r.kind === 'virtualNode') nodeSpecs.set(r.name, r);
    else if (r.kind === 'virtualRouter') routers.set(r.name, r);
    else if (r.kind === 'virtualService') serviceSpecs.set(r.name.toLowerCase(), r);
    else if (r.kind === 'route') {
      const list = routesByRouter.get(r.virtualRouterName) ?? [];
      list.push(r);
      routesByRouter.set(r.virtualRouterName, list);
    }
  }

  // Every problem is collected and reported at once; nothing is half-compiled.
  const problems: string[] = [];
  const nodes = new Map<string, CompiledNode>();
  const missingNodes = new Set<string>();
  const compileNode = (name: string, path: string): CompiledNode | undefined => {
    const existing = nodes.get(name);
    if (existing) return existing;
    const resource = nodeSpecs.get(name);
    if (!resource) {
      if (!missingNodes.has(`${path}|${name}`)) {
        missingNodes.add(`${path}|${name}`);
        problems.push(`${path}: virtual node "${name}" does not exist in mesh "${meshName}"`);
      }
      return undefined;
    }
    const discovery = nodeDiscovery(resource.spec, options.healthStatus);
    if (discovery.kind === 'cloudMap' && !options.discovery) {
      problems.push(
        `virtual node "${name}" uses ${discovery.label}: pass a \`discovery\` client (createDiscovery from @meshplane/core/cloudmap) to createRouter`,
      );
    }
    const pool = new EndpointPool(name, discovery, options.discovery, now);
    const listeners: CompiledNodeListener[] = [];
    for (const [i, l] of (resource.spec.listeners ?? []).entries()) {
      if (!isObject(l)) {
        problems.push(`nodes.${name}.spec.listeners[${i}]: ${show(l)} must be a listener object`);
        continue;
      }
      const port = l.portMapping?.port ?? 0;
      listeners.push({
        port,
        protocol: l.portMapping?.protocol ?? 'http',
        scheme: l.tls?.mode === 'STRICT' ? 'https' : 'http',
        timeouts: listenerTimeouts(l, defaultMs, defaultSource),
      });
      pool.setOutlierDetection(port, compileOutlierDetection(l.outlierDetection));
    }
    const node: CompiledNode = { name, listeners, pool, budget: new RetryBudget(options.retryBudget) };
    nodes.set(name, node);
    return node;
  };

  const targetListener = (node: CompiledNode, port: number | undefined, fallbackPort: number) => {
    if (port !== undefined) return node.listeners.find((l) => l.port === port);
    if (node.listeners.length <= 1) return node.listeners[0];
    return node.listeners.find((l) => l.port === fallbackPort) ?? node.listeners[0];
  };

  // Matches are compiled once per route, whatever the number of router listeners.
  const compiledRoutes = new Map<RouteResource, CompiledRoute | undefined>();
  const compileRoute = (route: RouteResource, routerListenerPort: number): CompiledRoute | undefined => {
    const key0 = route;
    if (compiledRoutes.has(key0)) {
      const done = compiledRoutes.get(key0);
      if (!done) return undefined;
      // Targets without a port follow the router listener: recompute them for this listener.
      return {
        ...done,
        targets: done.targets.map((t) => ({
          ...t,
          listener: targetListener(t.node, t.port, routerListenerPort),
        })),
      };
    }
    const spec: RouteSpec = route.spec;
    const path = `routes.${route.virtualRouterName}.${route.name}.spec`;
    const entry = ROUTE_TYPES.find(([key]) => spec[key] !== undefined);
    if (!entry) {
      problems.push(`${path}: the route has none of httpRoute, http2Route, grpcRoute, tcpRoute`);
      compiledRoutes.set(key0, undefined);
      return undefined;
    }
    const [key, type] = entry;
    let test: RequestTest = () => false;
    let specificity: MatchSpecificity = { pathKind: 0, pathLength: 0, conditions: 0 };
    let pathLiteral: string | undefined;
    let retry: CompiledRetryPolicy | undefined;
    let perRequest: number | undefined;
    let idle: number | undefined;
    let weightedTargets: WeightedTarget[];
    let ok = true;
    const guard = (compile: () => void) => {
      try {
        compile();
      } catch (error) {
        if (!(error instanceof RouterConfigError)) throw error;
        problems.push(error.message);
        ok = false;
      }
    };
    if (key === 'tcpRoute') {
      const tcp = spec.tcpRoute!;
      const port = tcp.match?.port;
      test = port === undefined ? () => true : (r) => r.port === port;
      idle = durationToMs(tcp.timeout?.idle);
      weightedTargets = tcp.action?.weightedTargets ?? [];
    } else if (key === 'grpcRoute') {
      const grpc = spec.grpcRoute!;
      guard(() => {
        ({ test, specificity, pathLiteral } = compileGrpcMatch(grpc.match ?? {}, `${path}.grpcRoute.match`));
      });
      retry = grpc.retryPolicy ? compileRetryPolicy(grpc.retryPolicy) : defaultRetry;
      perRequest = durationToMs(grpc.timeout?.perRequest);
      idle = durationToMs(grpc.timeout?.idle);
      weightedTargets = grpc.action?.weightedTargets ?? [];
    } else {
      const http = spec[key]!;
      guard(() => {
        ({ test, specificity, pathLiteral } = compileHttpMatch(http.match ?? {}, `${path}.${key}.match`));
      });
      retry = http.retryPolicy ? compileRetryPolicy(http.retryPolicy) : defaultRetry;
      perRequest = durationToMs(http.timeout?.perRequest);
      idle = durationToMs(http.timeout?.idle);
      weightedTargets = http.action?.weightedTargets ?? [];
    }
    const targets: CompiledTarget[] = [];
    const priority = spec.priority as unknown;
    if (priority !== undefined && !isIntegerIn(priority, 0, 1000)) {
      problems.push(`${path}.priority: ${show(priority)} must be an integer from 0 to 1000`);
      ok = false;
    }
    weightedTargets.forEach((t, i) => {
      const targetPath = `${path}.${key}.action.weightedTargets[${i}]`;
      const weight = (t?.weight ?? 0) as unknown;
      // A weight that is not a number would send every request to the last target.
      if (!isIntegerIn(weight, 0, 100)) {
        problems.push(`${targetPath}.weight: ${show(weight)} must be an integer from 0 to 100`);
        ok = false;
      }
      const node = compileNode(t?.virtualNode ?? '', `${targetPath}.virtualNode`);
      if (!node) {
        ok = false;
        return;
      }
      targets.push({
        node,
        weight: weight as number,
        port: t.port,
        listener: targetListener(node, t.port, routerListenerPort),
      });
    });
    if (!ok) {
      compiledRoutes.set(key0, undefined);
      return undefined;
    }
    const compiled: CompiledRoute = {
      name: route.name,
      virtualRouterName: route.virtualRouterName,
      type,
      priority: spec.priority,
      specificity,
      pathLiteral,
      test,
      targets,
      picker: new WeightedPicker(targets.map((t) => t.weight)),
      timeouts: {
        perRequestMs: perRequest ?? (type === 'tcp' ? 0 : defaultMs),
        perRequestSource: perRequest !== undefined ? 'route' : defaultSource,
        idleMs: idle || undefined,
      },
      retry,
    };
    compiledRoutes.set(key0, compiled);
    return compiled;
  };

  const compileRouter = (routerName: string, serviceName: string): CompiledProvider => {
    const router = routers.get(routerName);
    if (!router) {
      problems.push(
        `services.${serviceName}.spec.provider: virtual service "${serviceName}" is provided by virtual router "${routerName}", which does not exist in mesh "${meshName}"`,
      );
      return { kind: 'none' };
    }
    const listeners = new Map<number, CompiledRouterListener>();
    const routes = routesByRouter.get(routerName) ?? [];
    for (const [i, l] of (router.spec.listeners ?? []).entries()) {
      if (!isObject(l)) {
        problems.push(`routers.${routerName}.spec.listeners[${i}]: ${show(l)} must be a listener object`);
        continue;
      }
      const port = l.portMapping?.port ?? 0;
      const protocol = l.portMapping?.protocol ?? 'http';
      const applicable: CompiledRoute[] = [];
      for (const route of routes) {
        const compiled = compileRoute(route, port);
        if (!compiled) continue;
        const routePort = routeMatchPort(route.spec);
        if (compiled.type !== protocol || (routePort !== undefined && routePort !== port)) continue;
        applicable.push(compiled);
      }
      applicable.sort(compareRoutes);
      listeners.set(port, {
        port,
        protocol,
        routes: applicable,
        index: RouteIndex.build(applicable, (r) => r.pathLiteral),
        skipped: routes.length - applicable.length,
      });
    }
    const only = listeners.size === 1 ? [...listeners.values()][0] : undefined;
    return { kind: 'router', virtualRouterName: routerName, listeners, ...(only ? { only } : {}) };
  };

  const services = new Map<string, CompiledService>();
  const declaredBackends: string[] = [];
  for (const backend of source.spec.backends ?? []) {
    const name = backend?.virtualService?.virtualServiceName;
    if (!name) continue;
    declaredBackends.push(name);
    const key = name.toLowerCase();
    const resource = serviceSpecs.get(key);
    let provider: CompiledProvider = { kind: 'none' };
    if (resource?.spec.provider?.virtualRouter?.virtualRouterName) {
      provider = compileRouter(resource.spec.provider.virtualRouter.virtualRouterName, name);
    } else if (resource?.spec.provider?.virtualNode?.virtualNodeName) {
      const node = compileNode(
        resource.spec.provider.virtualNode.virtualNodeName,
        `services.${name}.spec.provider`,
      );
      if (node) {
        provider = {
          kind: 'node',
          node,
          target: { node, weight: 1, port: undefined, listener: node.listeners[0] },
          retry: node.listeners[0]?.protocol === 'tcp' ? undefined : defaultRetry,
        };
      }
    }
    services.set(key, { name, provider });
  }
  if (problems.length > 0) {
    throw new RouterConfigError(
      `the model cannot be routed for source node "${sourceNode}" of mesh "${meshName}": ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      { problems },
    );
  }
  return {
    meshName,
    sourceNode,
    egress,
    services,
    declaredBackends,
    allServices: new Set(serviceSpecs.keys()),
    nodes,
  };
}

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

const isIntegerIn = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function show(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The model must at least be a list of resource objects with a `spec` object (the router reads
 * nothing else without a default): report every resource that is not, at once, instead of
 * failing on the first with a TypeError.
 */
function checkResourceShapes(model: MeshModel): void {
  const problems: string[] = [];
  model.resources.forEach((r, i) => {
    if (!isObject(r)) {
      problems.push(`resources[${i}]: ${show(r)} must be a resource ({ kind, meshName, name, spec })`);
    } else if (!isObject((r as { spec?: unknown }).spec)) {
      problems.push(
        `resources[${i}] (${r.kind} "${r.name}" of mesh "${r.meshName}"): spec ${show((r as { spec?: unknown }).spec)} must be an object`,
      );
    }
  });
  if (problems.length > 0) {
    throw new RouterConfigError(
      `the model is not a list of resources with a spec: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      { problems },
    );
  }
}

function routeMatchPort(spec: RouteSpec): number | undefined {
  return (
    spec.httpRoute?.match?.port ??
    spec.http2Route?.match?.port ??
    spec.grpcRoute?.match?.port ??
    spec.tcpRoute?.match?.port
  );
}
