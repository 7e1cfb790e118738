import { re2SyntaxProblem, regexLengthProblem, regexMessage } from '../model/re2-regex.js';
import { GATEWAY_ROUTE_TYPES, routeBodies } from '../model/spec-accessors.js';
import { type Entry, type IssueSink, list, type MeshIndex, rec, str } from './context.js';

/** A regex member of a (gateway) route spec: its path under `spec` and its value. */
interface RegexMember {
  path: string;
  pattern: string;
}

/**
 * The regex members of a route or gateway route spec: `match.path.regex` (HTTP and HTTP/2),
 * `match.headers[].match.regex` (HTTP and HTTP/2) and `match.metadata[].match.regex` (gRPC), the
 * members App Mesh hands to Envoy as `safe_regex`. Values that are not strings are shape issues.
 */
function regexMembers(spec: unknown): RegexMember[] {
  const out: RegexMember[] = [];
  for (const { type, body } of routeBodies(spec, GATEWAY_ROUTE_TYPES)) {
    const match = rec(body.match);
    const at = `${type}.match`;
    const path = str(rec(match?.path)?.regex);
    if (path !== undefined) out.push({ path: `${at}.path.regex`, pattern: path });
    for (const member of ['headers', 'metadata'] as const) {
      list(match?.[member]).forEach((item, i) => {
        const pattern = str(rec(rec(item)?.match)?.regex);
        if (pattern !== undefined) out.push({ path: `${at}.${member}[${i}].match.regex`, pattern });
      });
    }
  }
  return out;
}

function checkEntry(entry: Entry, sink: IssueSink): void {
  for (const { path, pattern } of regexMembers(entry.spec)) {
    // An empty or overlong regex is a SHAPE_LENGTH issue already (HttpPathRegex, HeaderMatch).
    if (regexLengthProblem(pattern) !== undefined) continue;
    const problem = re2SyntaxProblem(pattern);
    if (problem === undefined) continue;
    sink.add(entry, 'REGEX_SYNTAX', `${entry.path}.spec.${path}`, regexMessage(pattern, problem));
  }
}

/**
 * REGEX_SYNTAX: every regex of a route or gateway route is one RE2 compiles, since Envoy's
 * `safe_regex` (which App Mesh configures, and meshplane's xDS translation emits) refuses the
 * whole route configuration otherwise, and meshplane's router matches with the same rules.
 */
export function checkRegexes(meshes: Map<string, MeshIndex>, sink: IssueSink): void {
  for (const mesh of meshes.values()) {
    for (const entry of [...mesh.routes, ...mesh.gatewayRoutes]) checkEntry(entry, sink);
  }
}
