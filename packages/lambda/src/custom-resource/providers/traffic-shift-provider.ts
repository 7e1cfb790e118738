import { shiftTraffic } from '@meshplane/core/appmesh';
import { MESH_QUOTAS } from '@meshplane/core/model';
import { appMeshModel, validateShape } from '@meshplane/core/smithy';
import { isPlainRecord, shown } from '../../value-text.js';
import type { ProviderClients } from '../clients.js';
import type { CustomResourceProvider, ParseResult } from '../types.js';

/** The parsed properties of `Custom::MeshplaneTrafficShift`. */
export interface TrafficShiftProperties {
  meshName: string;
  virtualRouterName: string;
  routeName: string;
  weights: Record<string, number>;
}

const ALLOWED = new Set(['MeshName', 'VirtualRouterName', 'RouteName', 'Weights']);

/**
 * Reads `MeshName`, `VirtualRouterName`, `RouteName` and `Weights` (virtual node name, or
 * `node:port`, → weight; CloudFormation sends the numbers as strings). Weights must be whole
 * numbers 0–100 with a total of 1–100 over the named targets (App Mesh's rule; targets not
 * named keep their weight and the final total is checked again by `shiftTraffic`).
 *
 * @example
 * ```ts
 * import { parseTrafficShiftProperties } from '@meshplane/lambda/custom-resource';
 * const parsed = parseTrafficShiftProperties({
 *   MeshName: 'dj-app', VirtualRouterName: 'jazz-router', RouteName: 'jazz-route',
 *   Weights: { 'jazz-v1': '90', 'jazz-v2': '10' },
 * });
 * console.log(parsed.ok); // true
 * ```
 */
export function parseTrafficShiftProperties(
  properties: Record<string, unknown>,
): ParseResult<TrafficShiftProperties> {
  if (!isPlainRecord(properties)) {
    return { ok: false, problems: [`the properties must be an object, got ${shown(properties)}`] };
  }
  const problems: string[] = [];
  const names: Record<string, string> = {};
  for (const field of ['MeshName', 'VirtualRouterName', 'RouteName']) {
    const value = properties[field];
    // App Mesh's own rule for names (ResourceName: 1-255 characters), nothing stricter.
    const issues = validateShape(appMeshModel, 'ResourceName', value, field);
    if (value === undefined) problems.push(`${field} is required: a name of 1-255 characters`);
    else if (issues.length > 0) problems.push(...issues.map((i) => i.message));
    else names[field] = value as string;
  }
  const unknown = Object.keys(properties).filter((k) => !ALLOWED.has(k));
  if (unknown.length > 0) {
    problems.push(
      `unknown properties: ${unknown.sort().join(', ')} (allowed: ${[...ALLOWED].join(', ')}, NoEcho)`,
    );
  }
  const weights: Record<string, number> = {};
  const raw = properties.Weights;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.keys(raw).length === 0) {
    problems.push(
      'Weights is required: an object of virtual node name → weight (0-100), e.g. { "jazz-v2": 10 }',
    );
  } else {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length > MESH_QUOTAS.weightedTargetsPerRoute) {
      problems.push(
        `Weights names ${entries.length} targets; a route has at most ${MESH_QUOTAS.weightedTargetsPerRoute}`,
      );
    }
    let total = 0;
    for (const [node, value] of entries) {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^\d+$/.test(value)
            ? Number(value)
            : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 100) {
        problems.push(`Weights.${node} must be a whole number 0-100, got ${shown(value)}`);
      } else {
        weights[node] = n;
        total += n;
      }
    }
    if (problems.length === 0 && (total < 1 || total > MESH_QUOTAS.maxTotalWeight)) {
      problems.push(
        `the weights must add up to 1-${MESH_QUOTAS.maxTotalWeight} (App Mesh rule), got ${total}`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      meshName: names.MeshName!,
      virtualRouterName: names.VirtualRouterName!,
      routeName: names.RouteName!,
      weights,
    },
  };
}

const idOf = (p: TrafficShiftProperties) => `${p.meshName}/${p.virtualRouterName}/${p.routeName}`;

/**
 * `Custom::MeshplaneTrafficShift`: sets the weights of one route's weighted targets (one
 * DescribeRoute, at most one UpdateRoute). PhysicalResourceId = `mesh/router/route`: pointing
 * it at another route is a replacement. Delete leaves the weights as they are: the route belongs
 * to the mesh, and snapping traffic back on stack deletion would be a surprise; to roll back,
 * update the weights (or roll the stack back, which sends the old weights as an Update).
 * `Data`: `Before` and `After` (JSON of the weights), `Changed`.
 *
 * @example
 * ```ts
 * import { createTrafficShiftProvider, lazyProviderClients } from '@meshplane/lambda/custom-resource';
 * const provider = createTrafficShiftProvider(lazyProviderClients());
 * console.log(provider.parse({ MeshName: 'm', VirtualRouterName: 'r', RouteName: 'x', Weights: { a: '1' } }).ok); // true
 * ```
 */
export function createTrafficShiftProvider(
  clients: ProviderClients,
): CustomResourceProvider<TrafficShiftProperties> {
  const shift = async (props: TrafficShiftProperties) => {
    const result = await shiftTraffic({
      client: clients.appMesh(),
      meshName: props.meshName,
      virtualRouterName: props.virtualRouterName,
      routeName: props.routeName,
      weights: props.weights,
    });
    return {
      physicalResourceId: idOf(props),
      data: {
        Before: JSON.stringify(result.before),
        After: JSON.stringify(result.after),
        Changed: result.changed,
      },
    };
  };
  return {
    parse: parseTrafficShiftProperties,
    create: shift,
    update: shift,
    async delete() {
      return undefined;
    },
  };
}
