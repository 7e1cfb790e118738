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
 * A route's `match.port` against the listeners of its router or gateway: the port must be a
 * listener's, the protocols must agree, and several listeners make the port mandatory
 * (App Mesh: "Route must define a port match criteria if the Virtual Router has multiple listeners").
 */
export function checkRouteAgainstListeners(
  entry: Entry,
  bodyPath: string,
  body: Rec,
  protocol: string,
  parentLabel: string,
  listeners: readonly ListenerInfo[],
  sink: IssueSink,
): void {
  const match = rec(body.match);
  const port = int(match?.port);
  const owner = `${parentLabel} "${entry.parentName}"`;
  if (port !== undefined) {
    const listener = listeners.find((l) => l.port === port);
    if (listener === undefined) {
      sink.add(
        entry,
        'ROUTE_PORT',
        `${bodyPath}.match.port`,
        `match.port ${port} is not a listener port of ${owner} (listeners: ${describeListeners(listeners)})`,
      );
    } else if (listener.protocol !== protocol) {
      sink.add(
        entry,
        'ROUTE_PROTOCOL',
        bodyPath,
        `${article(protocol)} route must match ${article(protocol)} listener, but listener ${port} of ${owner} is ${listener.protocol}`,
      );
    }
    return;
  }
  if (match?.port !== undefined && match?.port !== null) return; // a malformed port is a shape issue already
  if (listeners.length > 1) {
    sink.add(
      entry,
      'ROUTE_PORT_REQUIRED',
      `${bodyPath}.match.port`,
      `${owner} has several listeners (${describeListeners(listeners)}), so the route must set match.port`,
    );
  } else if (listeners.length === 0) {
    sink.add(
      entry,
      'ROUTE_PROTOCOL',
      bodyPath,
      `${owner} has no listener, so ${article(protocol)} route can never match`,
    );
  } else if (listeners[0]?.protocol !== protocol) {
    sink.add(
      entry,
      'ROUTE_PROTOCOL',
      bodyPath,
      `${article(protocol)} route must match ${article(protocol)} listener, but ${owner} listens with ${describeListeners(listeners)}`,
    );
  }
}
