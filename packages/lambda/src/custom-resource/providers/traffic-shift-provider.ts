import { shiftTraffic } from '@meshplane/core/appmesh';
import { MESH_QUOTAS } from '@meshplane/core/model';
import { optionDependency, optionRule } from '@meshplane/core/options';
import { isPlainRecord, shown } from '../../value-text.js';
import type { ProviderClients } from '../clients.js';
import { appMeshShapeRule, checkProperties, defineProperties } from '../property-schema.js';
import type { CustomResourceProvider, ParseResult } from '../types.js';

/** The parsed properties of `Custom::MeshplaneTrafficShift`. */
export interface TrafficShiftProperties {
  meshName: string;
  virtualRouterName: string;
  routeName: string;
  weights: Record<string, number>;
}

// A weight as CloudFormation sends it (a string of digits) or as a template tool passes it (a number).
function weightOf(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
}
const isWeight = (value: unknown) => {
  const n = weightOf(value);
  return Number.isInteger(n) && n >= 0 && n <= 100;
};
const weightsOf = (value: unknown) => Object.values(value as Record<string, unknown>);
const totalOf = (value: unknown) => weightsOf(value).reduce<number>((sum, w) => sum + weightOf(w), 0);

const TARGET_COUNT_RULE = `names at most ${MESH_QUOTAS.weightedTargetsPerRoute} targets (App Mesh quota)`;
const WEIGHT_TOTAL_RULE = `must add up to 1-${MESH_QUOTAS.maxTotalWeight} (App Mesh rule)`;

/**
 * The declared properties of `Custom::MeshplaneTrafficShift`. Names follow App Mesh's own rule
 * (`ResourceName`: 1-255 characters), nothing stricter. A route has at most 10 weighted targets
 * and their weights add up to 1-100 (App Mesh `WeightedTarget` and route quotas); the total is
 * checked once every weight is a whole number 0-100, so that a bad weight is reported once.
 */
const TRAFFIC_SHIFT_PROPERTIES = defineProperties<{
  MeshName: string;
  VirtualRouterName: string;
  RouteName: string;
  Weights: Record<string, string | number>;
}>(
  {
    MeshName: appMeshShapeRule('ResourceName', 'is required: a name of 1-255 characters', true),
    VirtualRouterName: appMeshShapeRule('ResourceName', 'is required: a name of 1-255 characters', true),
    RouteName: appMeshShapeRule('ResourceName', 'is required: a name of 1-255 characters', true),
    Weights: {
      ...optionRule(
        'is required: an object of virtual node name → weight (0-100), e.g. { "jazz-v2": 10 }',
        (v) => isPlainRecord(v) && Object.keys(v).length > 0,
        true,
      ),
      explain: (value, field) => [
        `${field} is required: an object of virtual node name → weight (0-100), e.g. { "jazz-v2": 10 }${value === undefined ? '' : `, got ${shown(value)}`}`,
      ],
      entries: optionRule('must be a whole number 0-100', isWeight),
    },
  },
  [
    {
      ...optionDependency(
        'Weights',
        [],
        TARGET_COUNT_RULE,
        (o) => weightsOf(o.Weights).length <= MESH_QUOTAS.weightedTargetsPerRoute,
      ),
      explain: (value, field) => [
        `${field} names ${weightsOf(value).length} targets; a route has at most ${MESH_QUOTAS.weightedTargetsPerRoute}`,
      ],
    },
    {
      ...optionDependency('Weights', [], WEIGHT_TOTAL_RULE, (o) => {
        // A bad weight is reported by its own rule: the total of the others would only mislead.
        if (!weightsOf(o.Weights).every(isWeight)) return true;
        const total = totalOf(o.Weights);
        return total >= 1 && total <= MESH_QUOTAS.maxTotalWeight;
      }),
      explain: (value) => [`the weights ${WEIGHT_TOTAL_RULE}, got ${totalOf(value)}`],
    },
  ],
  'Weights',
);

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
  const problems = checkProperties(TRAFFIC_SHIFT_PROPERTIES, properties);
  if (problems.length > 0) return { ok: false, problems };
  const weights = Object.fromEntries(
    Object.entries(properties.Weights as Record<string, unknown>).map(([node, w]) => [node, weightOf(w)]),
  );
  return {
    ok: true,
    value: {
      meshName: properties.MeshName as string,
      virtualRouterName: properties.VirtualRouterName as string,
      routeName: properties.RouteName as string,
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
