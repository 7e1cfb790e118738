import type { GrpcRouteMatch, HttpRouteMatch } from '@aws-sdk/client-app-mesh';
import { compileHeaderTest, fullMatchRegex } from './header-match.js';
import type { RequestView } from './request-view.js';

/**
 * A compiled route condition: true when the request matches.
 *
 * @example
 * ```ts
 * import { compileHttpMatch, requestView, type RequestTest } from '@meshplane/core/router/internals';
 * const test: RequestTest = compileHttpMatch({ prefix: '/' }, 'match').test;
 * console.log(test(requestView({ url: 'http://svc.local/x' }))); // true
 * ```
 */
export type RequestTest = (request: RequestView) => boolean;

/**
 * How specific a match is, used to order routes that have no priority (see route-order.ts).
 *
 * @example
 * ```ts
 * import { compileHttpMatch } from '@meshplane/core/router/internals';
 * console.log(compileHttpMatch({ path: { exact: '/health' } }, 'match').specificity); // { pathKind: 3, pathLength: 7, conditions: 0 }
 * ```
 */
export interface MatchSpecificity {
  /** 3 = exact path, 2 = path regex, 1 = prefix, 0 = none (gRPC / TCP). */
  pathKind: number;
  /** Length of the exact path, regex or prefix. */
  pathLength: number;
  /** Number of other conditions (headers, query parameters, method, scheme, gRPC names). */
  conditions: number;
}

/**
 * A compiled route match: the test, its specificity (for ordering routes without priority) and
 * the literal that every matching request path starts with, if any (for the route index).
 *
 * @example
 * ```ts
 * import { compileHttpMatch, type CompiledMatch } from '@meshplane/core/router/internals';
 * const match: CompiledMatch = compileHttpMatch({ prefix: '/api' }, 'match');
 * console.log(match.pathLiteral); // '/api'
 * ```
 */
export interface CompiledMatch {
  test: RequestTest;
  specificity: MatchSpecificity;
  pathLiteral: string | undefined;
}

/**
 * Compiles an App Mesh `HttpRouteMatch` (http and http2 routes) into one test. All the given
 * conditions must hold (App Mesh ANDs them, as Envoy's `RouteMatch` does):
 * - `prefix`: the path starts with the prefix, character by character (Envoy `prefix` match;
 *   `/` matches everything, `/metrics` also matches `/metricsfoo`);
 * - `path.exact`: the path (without query) equals it; `path.regex`: full match of the path;
 * - `queryParameters`: each named parameter is present and, with `match.exact`, equal to it;
 * - `headers`: see {@link compileHeaderTest};
 * - `method`, `scheme`: equal (upper-case method, `http`/`https`);
 * - `port`: the listener port the request arrived on.
 *
 * @example
 * ```ts
 * import { compileHttpMatch, requestView } from '@meshplane/core/router/internals';
 * const { test } = compileHttpMatch({ prefix: '/api', method: 'GET' }, 'spec.httpRoute.match');
 * console.log(test(requestView({ url: 'http://svc.local/api/x' }))); // true
 * ```
 */
export function compileHttpMatch(match: HttpRouteMatch, field: string): CompiledMatch {
  const tests: RequestTest[] = [];
  let pathKind = 0;
  let pathLength = 0;
  let conditions = 0;
  if (match.path?.exact !== undefined) {
    const exact = match.path.exact;
    tests.push((r) => r.path === exact);
    pathKind = 3;
    pathLength = exact.length;
  } else if (match.path?.regex !== undefined) {
    const re = fullMatchRegex(match.path.regex, `${field}.path.regex`);
    tests.push((r) => re.test(r.path));
    pathKind = 2;
    pathLength = match.path.regex.length;
  }
  if (match.prefix !== undefined) {
    const prefix = match.prefix;
    // '/' matches every path: no test needed.
    if (prefix !== '/') tests.push((r) => r.path.startsWith(prefix));
    if (pathKind === 0) {
      pathKind = 1;
      pathLength = prefix.length;
    }
  }
  for (const param of match.queryParameters ?? []) {
    const name = param.name ?? '';
    const exact = param.match?.exact;
    conditions++;
    if (exact === undefined) tests.push((r) => r.queryParam(name) !== undefined);
    else tests.push((r) => r.queryParam(name) === exact);
  }
  (match.headers ?? []).forEach((header, i) => {
    const name = (header.name ?? '').toLowerCase();
    const valueTest = compileHeaderTest(header.match, header.invert === true, `${field}.headers[${i}]`);
    conditions++;
    tests.push((r) => valueTest(r.header(name)));
  });
  if (match.method !== undefined) {
    const method = match.method.toUpperCase();
    conditions++;
    tests.push((r) => r.method === method);
  }
  if (match.scheme !== undefined) {
    const scheme = match.scheme.toLowerCase();
    conditions++;
    tests.push((r) => r.scheme === scheme);
  }
  if (match.port !== undefined) {
    const port = match.port;
    tests.push((r) => r.port === port);
  }
  // The literal every matching path starts with: the exact path, else the prefix (not a regex).
  const pathLiteral = match.path?.exact ?? match.prefix;
  return { test: combine(tests), specificity: { pathKind, pathLength, conditions }, pathLiteral };
}

/**
 * Compiles an App Mesh `GrpcRouteMatch`. A gRPC request's path is `/<package.Service>/<Method>`;
 * `serviceName` and `methodName` compare against those two parts (App Mesh: "If you specify a
 * methodName, you must also specify a serviceName"); `metadata` entries are header matches;
 * `port` is the listener port. An empty match (`{}`) matches every gRPC request.
 *
 * @example
 * ```ts
 * import { compileGrpcMatch, requestView } from '@meshplane/core/router/internals';
 * const { test } = compileGrpcMatch({ serviceName: 'shop.Cart', methodName: 'Add' }, 'spec.grpcRoute.match');
 * console.log(test(requestView({ url: 'http://cart.local/shop.Cart/Add', method: 'POST' }))); // true
 * ```
 */
export function compileGrpcMatch(match: GrpcRouteMatch, field: string): CompiledMatch {
  const tests: RequestTest[] = [];
  let conditions = 0;
  if (match.serviceName !== undefined) {
    const prefix = `/${match.serviceName}/`;
    conditions++;
    if (match.methodName !== undefined) {
      const exact = `${prefix}${match.methodName}`;
      conditions++;
      tests.push((r) => r.path === exact);
    } else {
      tests.push((r) => r.path.startsWith(prefix));
    }
  }
  (match.metadata ?? []).forEach((entry, i) => {
    const name = (entry.name ?? '').toLowerCase();
    const valueTest = compileHeaderTest(entry.match, entry.invert === true, `${field}.metadata[${i}]`);
    conditions++;
    tests.push((r) => valueTest(r.header(name)));
  });
  if (match.port !== undefined) {
    const port = match.port;
    tests.push((r) => r.port === port);
  }
  return {
    test: combine(tests),
    specificity: { pathKind: 0, pathLength: 0, conditions },
    pathLiteral: match.serviceName === undefined ? undefined : `/${match.serviceName}/`,
  };
}

function combine(tests: RequestTest[]): RequestTest {
  switch (tests.length) {
    case 0:
      return () => true;
    case 1:
      return tests[0]!;
    case 2: {
      const [a, b] = tests as [RequestTest, RequestTest];
      return (r) => a(r) && b(r);
    }
    default:
      return (r) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i]!(r)) return false;
        return true;
      };
  }
}
