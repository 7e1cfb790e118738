import type { CompiledMesh, CompiledProvider, CompiledRoute, EffectiveTimeouts } from './compile.js';
import type { Endpoint } from './endpoint-pool.js';
import { NoRouteMatchedError, UndeclaredBackendError } from './errors.js';
import type { RequestView } from './request-view.js';
import type { RouteDecision } from './router-types.js';

/**
 * Decides where a request goes, synchronously and without I/O, over the compiled tables: the
 * virtual service (or egress passthrough), the router listener, the first matching route in App
 * Mesh's order, and a weighted target drawn with `random()`. Pure apart from that draw (and from
 * setting `view.port` to the listener port matched). The first layer of `router.fetch`.
 *
 * @example
 * ```ts
 * import { decideRequest } from './decide.js';
 * const d = decideRequest(router.tables, createView('http://jazz.prod.svc.cluster.local:9080/'), Math.random, defaults);
 * console.log(d.routeName, d.targetNode);
 * ```
 */
export function decideRequest(
  tables: CompiledMesh,
  view: RequestView,
  random: () => number,
  defaultTimeouts: EffectiveTimeouts,
): RouteDecision {
  const service = tables.services.get(view.host);
  if (service === undefined) {
    // App Mesh: with DROP_ALL "egress only from virtual nodes to other defined resources in the
    // service mesh (and any traffic to *.amazonaws.com for AWS API calls)" (EgressFilter docs).
    if (tables.egress === 'ALLOW_ALL' || view.host.endsWith('.amazonaws.com')) {
      return {
        kind: 'passthrough',
        virtualServiceName: view.host,
        virtualRouterName: undefined,
        routeName: undefined,
        listenerPort: undefined,
        targetNode: undefined,
        targetPort: view.port,
        timeouts: defaultTimeouts,
        retryPolicy: undefined,
        request: view,
        target: undefined,
      };
    }
    throw new UndeclaredBackendError({
      backend: view.host,
      sourceNode: tables.sourceNode,
      meshName: tables.meshName,
      declaredBackends: tables.declaredBackends,
    });
  }
  const provider = service.provider;
  if (provider.kind === 'node') {
    const listeners = provider.node.listeners;
    const listener =
      view.explicitPort === undefined ? listeners[0] : listeners.find((l) => l.port === view.explicitPort);
    if (!listener) {
      throw new NoRouteMatchedError({
        virtualServiceName: service.name,
        port: view.port,
        method: view.method,
        path: view.path,
        reason: `provider virtual node "${provider.node.name}" has no listener on port ${view.port} (listeners: ${listeners.map((l) => l.port).join(', ') || 'none'})`,
      });
    }
    view.port = listener.port;
    return {
      kind: 'node',
      virtualServiceName: service.name,
      virtualRouterName: undefined,
      routeName: undefined,
      listenerPort: listener.port,
      targetNode: provider.node.name,
      targetPort: listener.port,
      timeouts: listener.timeouts,
      retryPolicy: provider.retry,
      request: view,
      target: { node: provider.node, weight: 1, port: listener.port, listener },
    };
  }
  if (provider.kind === 'none') {
    throw new NoRouteMatchedError({
      virtualServiceName: service.name,
      method: view.method,
      path: view.path,
      reason: 'the virtual service has no provider (neither a virtual node nor a virtual router)',
    });
  }
  return routerDecision(service.name, provider, view, random);
}

function noListener(decision: RouteDecision): never {
  throw new NoRouteMatchedError({
    virtualServiceName: decision.virtualServiceName,
    ...(decision.virtualRouterName ? { virtualRouterName: decision.virtualRouterName } : {}),
    method: decision.request.method,
    path: decision.request.path,
    reason: `target virtual node "${decision.targetNode}" has no listener${decision.targetPort === undefined ? '' : ` on port ${decision.targetPort}`}`,
  });
}

type RouterProvider = Extract<CompiledProvider, { kind: 'router' }>;

/** A virtual router provides the service: its listener, the first route that matches, a target. */
function routerDecision(
  serviceName: string,
  provider: RouterProvider,
  view: RequestView,
  random: () => number,
): RouteDecision {
  const listener =
    view.explicitPort === undefined
      ? (provider.only ?? provider.listeners.get(view.port))
      : provider.listeners.get(view.explicitPort);
  if (listener === undefined) {
    throw new NoRouteMatchedError({
      virtualServiceName: serviceName,
      virtualRouterName: provider.virtualRouterName,
      port: view.port,
      method: view.method,
      path: view.path,
      reason: `the router has no listener on port ${view.port} (listeners: ${[...provider.listeners.keys()].join(', ') || 'none'})`,
    });
  }
  view.port = listener.port;
  const routes = listener.index === undefined ? listener.routes : listener.index.candidates(view.path);
  let route: CompiledRoute | undefined;
  for (let i = 0; i < routes.length; i++) {
    if (routes[i]!.test(view)) {
      route = routes[i];
      break;
    }
  }
  if (route === undefined) {
    const skipped = listener.skipped
      ? `; ${listener.skipped} other route(s) are for another protocol or port`
      : '';
    throw new NoRouteMatchedError({
      virtualServiceName: serviceName,
      virtualRouterName: provider.virtualRouterName,
      port: listener.port,
      method: view.method,
      path: view.path,
      reason: `none of the ${listener.routes.length} ${listener.protocol} route(s) matched${skipped}`,
    });
  }
  const index = route.picker.pick(random());
  if (index < 0) {
    throw new NoRouteMatchedError({
      virtualServiceName: serviceName,
      virtualRouterName: provider.virtualRouterName,
      port: listener.port,
      method: view.method,
      path: view.path,
      reason: `route "${route.name}" matched but all its weighted targets have weight 0`,
    });
  }
  const target = route.targets[index]!;
  return {
    kind: 'route',
    virtualServiceName: serviceName,
    virtualRouterName: route.virtualRouterName,
    routeName: route.name,
    listenerPort: listener.port,
    targetNode: target.node.name,
    targetPort: target.listener?.port,
    timeouts: route.timeouts,
    retryPolicy: route.retry,
    request: view,
    target,
  };
}

/**
 * The endpoint of a decision: synchronously when discovery's cache can answer, else a promise of
 * it. `avoid` lists the origins the call already tried (the previous_hosts retry predicate).
 * Egress passthrough goes to the requested host itself.
 *
 * @example
 * ```ts
 * import { endpointFor } from './decide.js';
 * const endpoint = await endpointFor(router.decide('http://jazz.prod.svc.cluster.local:9080/'));
 * console.log(endpoint.origin);
 * ```
 */
export function endpointFor(
  decision: RouteDecision,
  avoid?: readonly string[],
): Endpoint | Promise<Endpoint> {
  const target = decision.target;
  if (target === undefined) {
    const v = decision.request;
    return { origin: `${v.scheme}://${v.host}:${v.port}`, host: v.host, port: v.port, instanceId: v.host };
  }
  const listener = target.listener ?? noListener(decision);
  return (
    target.node.pool.pickSync(listener.port, listener.scheme, avoid) ??
    target.node.pool.pick(listener.port, listener.scheme, avoid)
  );
}
