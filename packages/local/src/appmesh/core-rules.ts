import { type MeshplaneResource, type ValidationCode, validate } from '@meshplane/core';

/**
 * The rules of core's `validate` that App Mesh itself enforces on one resource (the API
 * reference's "must"s), which the service applies as it stores a resource, so the emulator and the
 * validator cannot drift apart:
 * - HEALTH_CHECK_PORT: HealthCheckPolicy.port "must match the port defined in the PortMapping for
 *   the listener";
 * - ROUTE_MATCH: an HTTP (gateway) route prefix "must always start with /", a gRPC match on
 *   methodName must also name serviceName, an HTTP match sets at most one of prefix and path;
 * - MESH_NAME_ARN: a meshName is a name (a URI label), not an ARN: App Mesh answers 400;
 * - ROUTE_TYPE: a route sets exactly one of httpRoute, http2Route, grpcRoute, tcpRoute (a gateway
 *   route one of the first three);
 * - WEIGHT_TOTAL: a route's weights add up to 1-100.
 * Rules about other resources (references, ports across resources) are the service's own checks.
 */
const ENFORCED: ReadonlySet<string> = new Set<ValidationCode>([
  'HEALTH_CHECK_PORT',
  'ROUTE_MATCH',
  'MESH_NAME_ARN',
  'ROUTE_TYPE',
  'WEIGHT_TOTAL',
]);

/** The spec-relative path of an issue (`spec.listeners[0].healthCheck.port`), or its last member. */
function inputPath(path: string): string {
  const spec = path.indexOf('.spec.');
  return spec >= 0 ? path.slice(spec + 1) : (path.split('.').at(-1) ?? path);
}

/**
 * The problems of one resource under the enforced rules, as `path: message`, all at once. The
 * resource is validated with its mesh only: the rules enforced here read nothing else.
 */
export function coreRuleProblems(resource: MeshplaneResource): string[] {
  const mesh: MeshplaneResource = {
    kind: 'mesh',
    meshName: resource.meshName,
    name: resource.meshName,
    spec: {},
  };
  const resources = resource.kind === 'mesh' ? [resource] : [mesh, resource];
  return validate({ resources })
    .issues.filter((issue) => issue.severity !== 'warning' && ENFORCED.has(issue.code))
    .map((issue) => `${inputPath(issue.path)}: ${issue.message}`);
}
