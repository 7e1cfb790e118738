import type { MemberIR, OperationIR, SmithyModelIR } from '@meshplane/core/smithy';
import { MalformedRequestError, parseJsonObject, toWireJson } from './json-body.js';
import type { WireResponse } from './wire-response.js';

export type { WireResponse } from './wire-response.js';

type Segment = { literal: string } | { label: string; greedy: boolean };

/** One restJson1 operation compiled from its `http` trait. */
export interface RestJsonRoute {
  operation: string;
  method: string;
  segments: Segment[];
  /** Query literals of the URI template (`?tagging`): all must be present. */
  queryLiterals: Array<[string, string]>;
  definition: OperationIR;
}

/** The result of matching a request line against the compiled routes. */
export type RestJsonMatch =
  | { kind: 'operation'; route: RestJsonRoute; labels: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'unknown-path' };

function compileUri(uri: string): { segments: Segment[]; queryLiterals: Array<[string, string]> } {
  const [path = '', query] = uri.split('?', 2);
  const segments = path
    .split('/')
    .filter((part) => part.length > 0)
    .map((part): Segment => {
      const label = /^\{([^}+]+)(\+)?\}$/.exec(part);
      return label ? { label: label[1]!, greedy: label[2] === '+' } : { literal: part };
    });
  const queryLiterals: Array<[string, string]> = query
    ? [...new URLSearchParams(query).entries()].map(([k, v]) => [k, v])
    : [];
  return { segments, queryLiterals };
}

/**
 * Compiles the `http` bindings of every operation of a restJson1 model into a matcher.
 *
 * @example
 * ```ts
 * import { appMeshModel } from '@meshplane/core/smithy';
 * import { compileRestJsonRoutes } from '@meshplane/local/internals';
 * const router = compileRestJsonRoutes(appMeshModel);
 * const match = router.match('GET', '/v20190125/meshes/dj-app', new URLSearchParams());
 * console.log(match.kind === 'operation' && match.route.operation); // 'DescribeMesh'
 * ```
 */
export function compileRestJsonRoutes(model: SmithyModelIR): {
  routes: RestJsonRoute[];
  match(method: string, pathname: string, query: URLSearchParams): RestJsonMatch;
} {
  const routes: RestJsonRoute[] = [];
  for (const [operation, definition] of Object.entries(model.operations)) {
    if (!definition.http) continue;
    routes.push({
      operation,
      method: definition.http.method.toUpperCase(),
      ...compileUri(definition.http.uri),
      definition,
    });
  }
  // More literal segments first, so `/meshes/{m}/virtualNodes` beats a label in the same place.
  const literalCount = (r: RestJsonRoute) => r.segments.filter((s) => 'literal' in s).length;
  routes.sort((a, b) => literalCount(b) - literalCount(a) || b.queryLiterals.length - a.queryLiterals.length);

  // Routes without a greedy label match only paths of their own length: checked first, cheaply.
  const lengths = new Map(
    routes.map((r) => [r, r.segments.some((s) => 'label' in s && s.greedy) ? -1 : r.segments.length]),
  );
  const decode = (part: string) => (part.includes('%') ? decodeURIComponent(part) : part);

  function matchPath(route: RestJsonRoute, parts: string[]): Record<string, string> | undefined {
    const length = lengths.get(route)!;
    if (length !== -1 && length !== parts.length) return undefined;
    const labels: Record<string, string> = {};
    let i = 0;
    for (let s = 0; s < route.segments.length; s++) {
      const segment = route.segments[s]!;
      if ('literal' in segment) {
        if (parts[i] !== segment.literal) return undefined;
        i++;
      } else if (segment.greedy) {
        const rest = route.segments.length - s - 1;
        const taken = parts.slice(i, parts.length - rest);
        if (taken.length === 0) return undefined;
        labels[segment.label] = taken.map(decode).join('/');
        i += taken.length;
      } else {
        const part = parts[i];
        if (part === undefined || part === '') return undefined;
        labels[segment.label] = decode(part);
        i++;
      }
    }
    return i === parts.length ? labels : undefined;
  }

  return {
    routes,
    match(method, pathname, query) {
      const parts = pathname.split('/').slice(1);
      if (parts.at(-1) === '') parts.pop();
      const allowed: string[] = [];
      for (const route of routes) {
        let labels: Record<string, string> | undefined;
        try {
          labels = matchPath(route, parts);
        } catch {
          throw new MalformedRequestError(`the request path ${pathname} is not correctly percent-encoded`);
        }
        if (!labels) continue;
        if (!route.queryLiterals.every(([k, v]) => query.get(k) === v)) continue;
        if (route.method !== method.toUpperCase()) {
          allowed.push(route.method);
          continue;
        }
        return { kind: 'operation', route, labels };
      }
      return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'unknown-path' };
    },
  };
}

function coerceScalar(model: SmithyModelIR, member: MemberIR, name: string, raw: string): unknown {
  const type = model.shapes[member.target]?.type ?? member.target.replace(/^smithy\.api#/, '').toLowerCase();
  if (type === 'integer' || type === 'long' || type === 'short' || type === 'byte') {
    if (!/^-?\d+$/.test(raw)) throw new MalformedRequestError(`${name}: "${raw}" is not a whole number`);
    return Number(raw);
  }
  if (type === 'float' || type === 'double') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new MalformedRequestError(`${name}: "${raw}" is not a number`);
    return n;
  }
  if (type === 'boolean') {
    if (raw !== 'true' && raw !== 'false')
      throw new MalformedRequestError(`${name}: "${raw}" is not true or false`);
    return raw === 'true';
  }
  return raw;
}

/** The raw parts of a request that restJson1 binds input members from. */
export interface RestJsonRequestParts {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Decodes the input of a restJson1 operation from labels, query, headers and body, following
 * the member locations of the input shape. Throws `MalformedRequestError` on a body that is
 * not JSON or a query/header value of the wrong type.
 */
export function decodeRestJsonInput(
  model: SmithyModelIR,
  route: RestJsonRoute,
  parts: RestJsonRequestParts,
): Record<string, unknown> {
  const inputShape = route.definition.input ? model.shapes[route.definition.input] : undefined;
  const members = inputShape?.members ?? {};
  const input: Record<string, unknown> = {};
  let payloadMember: string | undefined;
  let hasBodyMembers = false;
  for (const [name, member] of Object.entries(members)) {
    switch (member.location) {
      case 'label':
        if (parts.labels[name] !== undefined)
          input[name] = coerceScalar(model, member, name, parts.labels[name]);
        break;
      case 'query': {
        const key = member.locationName ?? name;
        const values = parts.query.getAll(key);
        if (values.length === 0) break;
        if (model.shapes[member.target]?.type === 'list') {
          const element = model.shapes[member.target]!.member!;
          input[name] = values.map((v) => coerceScalar(model, element, name, v));
        } else {
          input[name] = coerceScalar(model, member, name, values[values.length - 1]!);
        }
        break;
      }
      case 'header': {
        const raw = parts.headers[(member.locationName ?? name).toLowerCase()];
        if (raw === undefined) break;
        input[name] = coerceScalar(model, member, name, Array.isArray(raw) ? raw.join(',') : raw);
        break;
      }
      case 'payload':
        payloadMember = name;
        break;
      default:
        hasBodyMembers = true;
    }
  }
  if (payloadMember !== undefined) {
    if (parts.body.length > 0) input[payloadMember] = parseJsonObject(parts.body);
  } else if (hasBodyMembers || parts.body.length > 0) {
    const body = parseJsonObject(parts.body);
    for (const [key, value] of Object.entries(body)) {
      // A body member may not override a label or query value bound from the URI.
      if (members[key]?.location === undefined) input[key] = value;
    }
  }
  return input;
}

/**
 * Encodes the output of a restJson1 operation: `header` members as headers, a `payload` member
 * as the whole body, other members as a JSON object; timestamps as epoch seconds.
 */
export function encodeRestJsonOutput(
  model: SmithyModelIR,
  route: RestJsonRoute,
  output: unknown,
): WireResponse {
  const outputShape = route.definition.output ? model.shapes[route.definition.output] : undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const data = (output ?? {}) as Record<string, unknown>;
  let body: unknown = {};
  const members = outputShape?.members ?? {};
  const payload = Object.entries(members).find(([, m]) => m.location === 'payload');
  if (payload) {
    body = data[payload[0]] ?? {};
  } else {
    const object: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      const member = members[key];
      if (value === undefined) continue;
      if (member?.location === 'header') headers[(member.locationName ?? key).toLowerCase()] = String(value);
      else object[key] = value;
    }
    body = object;
  }
  return { status: route.definition.http?.code ?? 200, headers, body: toWireJson(body) };
}
