import type { ValidationCode } from './codes.js';
import {
  article,
  describeListeners,
  type Entry,
  type IssueSink,
  int,
  type ListenerInfo,
  list,
  listenersOf,
  type Rec,
  rec,
  str,
} from './context.js';

/**
 * Listener rules of one node, router or gateway: no two listeners on one port, and a listener's
 * protocol-keyed options (`timeout`, `connectionPool`) name the listener's own protocol.
 */
export function checkListeners(entry: Entry, sink: IssueSink): ListenerInfo[] {
  const ports = new Map<number, number>();
  const raw = list(entry.spec?.listeners);
  for (let i = 0; i < raw.length; i++) {
    const listener = rec(raw[i]);
    const mapping = rec(listener?.portMapping);
    const port = int(mapping?.port);
    const protocol = str(mapping?.protocol);
    const at = `${entry.path}.spec.listeners[${i}]`;
    if (port !== undefined) {
      const first = ports.get(port);
      if (first === undefined) {
        ports.set(port, i);
      } else {
        sink.add(
          entry,
          'DUPLICATE_PORT',
          `${at}.portMapping.port`,
          `listeners need distinct ports: port ${port} is already used by listeners[${first}]`,
        );
      }
    }
    checkHealthCheckPort(entry, at, listener, port, sink);
    if (protocol === undefined || listener === undefined) continue;
    for (const option of ['timeout', 'connectionPool'] as const) {
      const value = rec(listener[option]);
      if (value === undefined) continue;
      for (const key of Object.keys(value)) {
        if (key !== protocol && value[key] !== undefined && value[key] !== null) {
          sink.add(
            entry,
            'LISTENER_PROTOCOL',
            `${at}.${option}.${key}`,
            `${option}.${key} does not apply to ${article(protocol)} listener; use ${option}.${protocol}`,
          );
        }
      }
    }
  }
  return listenersOf(entry.spec);
}

// App Mesh HealthCheckPolicy.port (and VirtualGatewayHealthCheckPolicy.port): "This port must
// match the port defined in the PortMapping for the listener."
function checkHealthCheckPort(
  entry: Entry,
  at: string,
  listener: Rec | undefined,
  port: number | undefined,
  sink: IssueSink,
): void {
  const checkPort = int(rec(listener?.healthCheck)?.port);
  if (checkPort === undefined || port === undefined || checkPort === port) return;
  sink.add(
    entry,
    'HEALTH_CHECK_PORT',
    `${at}.healthCheck.port`,
    `healthCheck.port ${checkPort} must be the listener's own port ${port} (App Mesh: the port must match the listener's portMapping); leave it out to use the listener's port`,
  );
}

/**
 * Reports one issue of a rule that both validation and the router compiler run: validation adds
 * it to its sink with the resource's source location, the compiler to its CompileContext.
 */
export type ReportIssue = (code: ValidationCode, path: string, message: string) => void;

/**
 * A route's `match.port` against the listeners of its router or gateway (`owner`, as
 * `virtual router "jazz-router"`): the port must be a listener's, the protocols must agree, and
 * several listeners make the port mandatory (App Mesh: "Route must define a port match criteria
 * if the Virtual Router has multiple listeners"). Run by validation and by the router compiler,
 * which routes a route only on the listeners this rule lets it match.
 *
 * @example
 * ```ts
 * import { checkRouteAgainstListeners } from './listener-rules.js';
 * const found: string[] = [];
 * checkRouteAgainstListeners('routers.r.routes.x.spec.httpRoute', { match: { prefix: '/' } }, 'http',
 *   'virtual router "r"', [{ port: 80, protocol: 'http' }, { port: 81, protocol: 'http' }],
 *   (code, path) => found.push(`${code} ${path}`));
 * console.log(found); // [ 'ROUTE_PORT_REQUIRED routers.r.routes.x.spec.httpRoute.match.port' ]
 * ```
 */
export function checkRouteAgainstListeners(
  bodyPath: string,
  body: Rec,
  protocol: string,
  owner: string,
  listeners: readonly ListenerInfo[],
  report: ReportIssue,
): void {
  const match = rec(body.match);
  const port = int(match?.port);
  if (port !== undefined) {
    const listener = listeners.find((l) => l.port === port);
    if (listener === undefined) {
      report(
        'ROUTE_PORT',
        `${bodyPath}.match.port`,
        `match.port ${port} is not a listener port of ${owner} (listeners: ${describeListeners(listeners)})`,
      );
    } else if (listener.protocol !== protocol) {
      report(
        'ROUTE_PROTOCOL',
        bodyPath,
        `${article(protocol)} route must match ${article(protocol)} listener, but listener ${port} of ${owner} is ${listener.protocol}`,
      );
    }
    return;
  }
  if (match?.port !== undefined && match?.port !== null) return; // a malformed port is a shape issue already
  if (listeners.length > 1) {
    report(
      'ROUTE_PORT_REQUIRED',
      `${bodyPath}.match.port`,
      `${owner} has several listeners (${describeListeners(listeners)}), so the route must set match.port`,
    );
  } else if (listeners.length === 0) {
    report(
      'ROUTE_PROTOCOL',
      bodyPath,
      `${owner} has no listener, so ${article(protocol)} route can never match`,
    );
  } else if (listeners[0]?.protocol !== protocol) {
    report(
      'ROUTE_PROTOCOL',
      bodyPath,
      `${article(protocol)} route must match ${article(protocol)} listener, but ${owner} listens with ${describeListeners(listeners)}`,
    );
  }
}

/**
 * The listener of virtual node `nodeName` that a weighted target at `at` sends to: the target's
 * `port` must be one of the node's listeners, of the route's protocol; without a port the node
 * must have exactly one listener (App Mesh WeightedTarget.port: "The targeted port of the weighted
 * object"; a node with several listeners gives no other way to choose). `rawPort` is the value as
 * written, so that a malformed port (a shape issue already) is not reported twice. Run by
 * validation and by the router compiler, which sends to the listener this rule lets through.
 *
 * @example
 * ```ts
 * import { checkTargetListener } from './listener-rules.js';
 * const found: string[] = [];
 * checkTargetListener('routers.r.routes.x.spec.httpRoute.action.weightedTargets[0]', 'http', 'jazz-v1',
 *   undefined, undefined, [{ port: 80, protocol: 'http' }, { port: 81, protocol: 'http' }],
 *   (code, path) => found.push(`${code} ${path}`));
 * console.log(found); // [ 'TARGET_PORT_REQUIRED routers.r.routes.x.spec.httpRoute.action.weightedTargets[0].port' ]
 * ```
 */
export function checkTargetListener(
  at: string,
  protocol: string,
  nodeName: string,
  port: number | undefined,
  rawPort: unknown,
  nodeListeners: readonly ListenerInfo[],
  report: ReportIssue,
): void {
  if (port !== undefined) {
    const listener = nodeListeners.find((l) => l.port === port);
    if (listener === undefined) {
      report(
        'TARGET_PORT',
        `${at}.port`,
        `port ${port} is not a listener port of virtual node "${nodeName}" (listeners: ${describeListeners(nodeListeners)})`,
      );
    } else if (listener.protocol !== protocol) {
      report(
        'TARGET_PROTOCOL',
        `${at}.port`,
        `${article(protocol)} route must target ${article(protocol)} listener, but listener ${port} of virtual node "${nodeName}" is ${listener.protocol}`,
      );
    }
    return;
  }
  if (rawPort !== undefined && rawPort !== null) return;
  if (nodeListeners.length === 0) {
    report(
      'TARGET_NO_LISTENER',
      `${at}.virtualNode`,
      `virtual node "${nodeName}" has no listener to send traffic to`,
    );
  } else if (nodeListeners.length > 1) {
    report(
      'TARGET_PORT_REQUIRED',
      `${at}.port`,
      `virtual node "${nodeName}" has several listeners (${describeListeners(nodeListeners)}), so the target must set port`,
    );
  } else if (nodeListeners[0]?.protocol !== protocol) {
    report(
      'TARGET_PROTOCOL',
      `${at}.virtualNode`,
      `${article(protocol)} route must target ${article(protocol)} listener, but virtual node "${nodeName}" listens with ${describeListeners(nodeListeners)}`,
    );
  }
}
