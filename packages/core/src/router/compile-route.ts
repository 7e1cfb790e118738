import type { GrpcRoute, HttpRoute, TcpRoute, WeightedTarget } from '@aws-sdk/client-app-mesh';
import type { ValidationCode } from '../errors/issue-codes.js';
import type { RouteResource } from '../model/resources.js';
import { ROUTE_PROTOCOL, ROUTE_TYPES, routeBody, routeMatchPort } from '../model/spec-accessors.js';
import { showValue } from '../options/show-value.js';
import { int, listenersOf, rec } from '../validation/context.js';
import {
  checkRouteAgainstListeners,
  checkTargetListener,
  type ReportIssue,
} from '../validation/listener-rules.js';
import { type CompileContext, isIntegerIn } from './compile-context.js';
import { compileNode, readListener } from './compile-node.js';
import type {
  CompiledNode,
  CompiledNodeListener,
  CompiledProvider,
  CompiledRoute,
  CompiledRouterListener,
  CompiledTarget,
} from './compiled-tables.js';
import { durationToMs } from './duration.js';
import { RouterConfigError } from './errors.js';
import { compileGrpcMatch, compileHttpMatch, type MatchSpecificity, type RequestTest } from './http-match.js';
import { type CompiledRetryPolicy, compileRetryPolicy } from './retry-policy.js';
import { RouteIndex } from './route-index.js';
import { compareRoutes } from './route-order.js';
import { WeightedPicker } from './weighted-pick.js';

/**
 * Runs one of validation's rules, its issues reported to the compile; whether it found none.
 * The compiler routes only what these rules let through, so it needs no fallback of its own.
 */
function passes(ctx: CompileContext, rule: (report: ReportIssue) => void): boolean {
  let clean = true;
  rule((code, path, message) => {
    clean = false;
    ctx.report(code, path, message);
  });
  return clean;
}

/**
 * The listener of a target node that traffic goes to, by validation's rule
 * (`checkTargetListener`): the target's port, or the node's one listener when it has no port.
 */
function targetListener(
  ctx: CompileContext,
  node: CompiledNode,
  target: WeightedTarget,
  protocol: string,
  targetPath: string,
): CompiledNodeListener | undefined {
  const raw = target.port as unknown;
  const port = int(raw);
  const spec = ctx.scope.nodes.get(node.name)?.spec;
  const ok = passes(ctx, (report) =>
    checkTargetListener(targetPath, protocol, node.name, port, raw, listenersOf(rec(spec)), report),
  );
  if (!ok) return undefined;
  const listener =
    raw === undefined || raw === null ? node.listeners[0] : node.listeners.find((l) => l.port === port);
  // The rule leaves a port that is not a whole number to shape validation: refused here too.
  if (!listener) ctx.report('SHAPE_TYPE', `${targetPath}.port`, `${showValue(raw)} must be a port number`);
  return listener;
}

/** What a route body says, whatever its type: match, retry policy, timeouts, targets. */
interface RouteParts {
  test: RequestTest;
  specificity: MatchSpecificity;
  pathLiteral: string | undefined;
  retry: CompiledRetryPolicy | undefined;
  perRequest: number | undefined;
  idle: number | undefined;
  weightedTargets: WeightedTarget[];
}

/**
 * Reads a route body. A match that cannot be compiled (an invalid regex, a range that is not
 * numbers) is reported as validation's `ROUTE_MATCH` and gives `undefined`.
 */
function routeParts(ctx: CompileContext, type: string, body: object, path: string): RouteParts | undefined {
  if (type === 'tcpRoute') {
    const tcp = body as TcpRoute;
    const port = tcp.match?.port;
    return {
      test: port === undefined ? () => true : (r) => r.port === port,
      specificity: { pathKind: 0, pathLength: 0, conditions: 0 },
      pathLiteral: undefined,
      retry: undefined,
      perRequest: undefined,
      idle: durationToMs(tcp.timeout?.idle),
      weightedTargets: tcp.action?.weightedTargets ?? [],
    };
  }
  const route = body as HttpRoute | GrpcRoute;
  let match: ReturnType<typeof compileHttpMatch>;
  try {
    match =
      type === 'grpcRoute'
        ? compileGrpcMatch((route as GrpcRoute).match ?? {}, `${path}.grpcRoute.match`)
        : compileHttpMatch((route as HttpRoute).match ?? {}, `${path}.${type}.match`);
  } catch (error) {
    if (!(error instanceof RouterConfigError)) throw error;
    // A regex the checker refused carries its issue (REGEX_SYNTAX, SHAPE_LENGTH); the other
    // match compilers name the field first: "<path>: <rule>".
    const issue = error.issues[0];
    if (issue !== undefined) ctx.report(issue.code as ValidationCode, issue.path, issue.message);
    else {
      const at = error.message.indexOf(': ');
      ctx.report('ROUTE_MATCH', error.message.slice(0, at), error.message.slice(at + 2));
    }
    return undefined;
  }
  return {
    ...match,
    retry: route.retryPolicy ? compileRetryPolicy(route.retryPolicy) : ctx.defaultRetry,
    perRequest: durationToMs(route.timeout?.perRequest),
    idle: durationToMs(route.timeout?.idle),
    weightedTargets: route.action?.weightedTargets ?? [],
  };
}

/**
 * The weighted targets of a route, their nodes compiled. Weights outside App Mesh's 0-100
 * (validation's `SHAPE_RANGE`) would skew the weighted choice: reported.
 */
function compileTargets(
  ctx: CompileContext,
  weightedTargets: WeightedTarget[],
  targetsPath: string,
  protocol: string,
): CompiledTarget[] | undefined {
  let ok = true;
  const targets: CompiledTarget[] = [];
  weightedTargets.forEach((t, i) => {
    const targetPath = `${targetsPath}[${i}]`;
    const weight = (t?.weight ?? 0) as unknown;
    // A weight that is not a number would send every request to the last target.
    if (!isIntegerIn(weight, 0, 100)) {
      ctx.report(
        'SHAPE_RANGE',
        `${targetPath}.weight`,
        `${showValue(weight)} must be an integer from 0 to 100`,
      );
      ok = false;
    }
    const node = compileNode(ctx, t?.virtualNode ?? '', `${targetPath}.virtualNode`);
    const listener = node && targetListener(ctx, node, t, protocol, targetPath);
    if (!node || !listener) {
      ok = false;
      return;
    }
    targets.push({ node, weight: weight as number, port: t.port, listener });
  });
  return ok ? targets : undefined;
}

/**
 * Compiles a route (once; later calls get the same result): its match, retry policy, timeouts and
 * weighted targets; undefined (with issues reported) when it cannot route.
 *
 * @example
 * ```ts
 * import { compileRoute } from './compile-route.js';
 * const compiled = compileRoute(ctx, routeResource);
 * console.log(compiled?.targets.map((t) => t.node.name));
 * ```
 */
export function compileRoute(ctx: CompileContext, route: RouteResource): CompiledRoute | undefined {
  if (ctx.routes.has(route)) return ctx.routes.get(route);
  const compiled = compileRouteOnce(ctx, route);
  ctx.routes.set(route, compiled);
  return compiled;
}

function compileRouteOnce(ctx: CompileContext, route: RouteResource): CompiledRoute | undefined {
  const spec = route.spec;
  const path = `routes.${route.virtualRouterName}.${route.name}.spec`;
  const found = routeBody(spec);
  if (!found) {
    ctx.report('ROUTE_TYPE', path, `the route has none of ${ROUTE_TYPES.join(', ')}`);
    return undefined;
  }
  const type = ROUTE_PROTOCOL[found.type];
  // Which router listeners take the route is validation's rule: App Mesh "Route must define a
  // port match criteria if the Virtual Router has multiple listeners", and the port and protocol
  // must be a listener's.
  const router = ctx.scope.routers.get(route.virtualRouterName);
  const listenersOk = passes(ctx, (report) =>
    checkRouteAgainstListeners(
      `${path}.${found.type}`,
      found.body,
      type,
      `virtual router "${route.virtualRouterName}"`,
      listenersOf(rec(router?.spec)),
      report,
    ),
  );
  const parts = routeParts(ctx, found.type, found.body, path);
  const priority = spec.priority as unknown;
  const priorityOk = priority === undefined || isIntegerIn(priority, 0, 1000);
  if (!priorityOk)
    ctx.report('SHAPE_RANGE', `${path}.priority`, `${showValue(priority)} must be an integer from 0 to 1000`);
  const targets = compileTargets(
    ctx,
    parts?.weightedTargets ?? (found.body as unknown as HttpRoute).action?.weightedTargets ?? [],
    `${path}.${found.type}.action.weightedTargets`,
    type,
  );
  if (!parts || !targets || !priorityOk || !listenersOk) return undefined;
  return {
    name: route.name,
    virtualRouterName: route.virtualRouterName,
    type,
    priority: spec.priority,
    specificity: parts.specificity,
    pathLiteral: parts.pathLiteral,
    test: parts.test,
    targets,
    picker: new WeightedPicker(targets.map((t) => t.weight)),
    timeouts: {
      perRequestMs: parts.perRequest ?? (type === 'tcp' ? 0 : ctx.defaultMs),
      perRequestSource: parts.perRequest !== undefined ? 'route' : ctx.defaultSource,
      idleMs: parts.idle || undefined,
    },
    retry: parts.retry,
  };
}

/**
 * Compiles the virtual router that provides a service: per listener, the routes of its protocol
 * and port in App Mesh's matching order (with a path index when there are many).
 *
 * @example
 * ```ts
 * import { compileRouter } from './compile-route.js';
 * const provider = compileRouter(ctx, 'jazz-router', 'jazz.prod.svc.cluster.local');
 * ```
 */
export function compileRouter(
  ctx: CompileContext,
  routerName: string,
  serviceName: string,
): CompiledProvider {
  const router = ctx.scope.routers.get(routerName);
  if (!router) {
    ctx.report(
      'UNKNOWN_PROVIDER',
      `services.${serviceName}.spec.provider`,
      `virtual service "${serviceName}" is provided by virtual router "${routerName}", which does not exist in mesh "${ctx.scope.meshName}"`,
    );
    return { kind: 'none' };
  }
  const listeners = new Map<number, CompiledRouterListener>();
  const routes = ctx.scope.routesByRouter.get(routerName) ?? [];
  for (const [i, l] of (router.spec.listeners ?? []).entries()) {
    const mapping = readListener(ctx, l, `routers.${routerName}.spec.listeners[${i}]`);
    if (!mapping) continue;
    const { port, protocol } = mapping;
    const applicable: CompiledRoute[] = [];
    for (const route of routes) {
      const compiled = compileRoute(ctx, route);
      if (!compiled) continue;
      // The listener rule passed: a route without match.port is on the router's one listener.
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
}
