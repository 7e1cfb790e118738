import type { MeshModel, MeshplaneResource, ResourceKind } from '@meshplane/core/model';
import { RESOURCE_KINDS } from '@meshplane/core/model';
import { excludes, optionRule, requiredWithout } from '@meshplane/core/options';
import { appMeshModel } from '@meshplane/core/smithy';
import { shown } from '../value-text.js';
import { coerceCloudFormationScalars } from './coerce-scalars.js';
import { checkProperties, collectingRule, defineProperties } from './property-schema.js';
import type { ParseResult } from './types.js';

const SPEC_SHAPE: Record<ResourceKind, string> = {
  mesh: 'MeshSpec',
  virtualNode: 'VirtualNodeSpec',
  virtualRouter: 'VirtualRouterSpec',
  virtualGateway: 'VirtualGatewaySpec',
  route: 'RouteSpec',
  virtualService: 'VirtualServiceSpec',
  gatewayRoute: 'GatewayRouteSpec',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isModel = (value: unknown) => isRecord(value) && Array.isArray(value.resources);
const MODEL_RULE = 'must be a mesh model: an object with a "resources" array';
const ONE_MODEL = 'give one of Model (an object) or ModelJson (a JSON string)';

/** `ModelJson`'s problems: not a string, not JSON, or JSON that is not a model. */
function modelJsonProblems(value: unknown, problems: string[], field: string): void {
  if (typeof value !== 'string') {
    problems.push(`${field} must be a JSON string, got ${shown(value)}`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    problems.push(`${field} is not valid JSON: ${(error as Error).message}`);
    return;
  }
  if (!isModel(parsed)) problems.push(`${field} ${MODEL_RULE}, got ${shown(parsed)}`);
}

/**
 * The declared properties of `Custom::MeshplaneMesh`: the model in exactly one of `Model` (an
 * object, its scalars stringified by CloudFormation) or `ModelJson` (the model as JSON text,
 * which CloudFormation passes as it is), and an optional `MeshName`. The model's resources are
 * read after, by kind, and checked whole by core's `validate()`.
 */
const MESH_PROPERTIES = defineProperties<{ MeshName?: string; Model?: object; ModelJson?: string }>(
  {
    MeshName: optionRule('must be a non-empty string', (v) => typeof v === 'string' && v.length > 0),
    Model: optionRule(MODEL_RULE, isModel),
    ModelJson: collectingRule(`must be a JSON string holding a mesh model`, modelJsonProblems),
  },
  [
    excludes('ModelJson', 'Model', `cannot be used together with Model: ${ONE_MODEL}`),
    requiredWithout('Model', 'ModelJson', `is required when ModelJson is not: ${ONE_MODEL}`),
  ],
);

/** The parsed properties of `Custom::MeshplaneMesh`. */
export interface MeshProperties {
  meshName: string;
  model: MeshModel;
}

/**
 * Reads the mesh model from custom-resource properties: `Model` (an object `{ resources: [...] }`
 * with CloudFormation's stringified scalars, turned back into numbers and booleans by the App Mesh
 * model) or `ModelJson` (the same as a JSON string), plus an optional `MeshName` that fills in
 * `meshName` where resources omit it. The mesh resource is added when missing. Every problem is
 * reported: missing fields, unknown kinds, several meshes, duplicates (shapes, references and
 * quotas are left to core's `validate()`).
 *
 * @example
 * ```ts
 * import { parseMeshProperties } from '@meshplane/lambda/custom-resource';
 * const parsed = parseMeshProperties({
 *   MeshName: 'dj-app',
 *   Model: { resources: [{ kind: 'virtualRouter', name: 'jazz-router', spec: { listeners: [{ portMapping: { port: '9080', protocol: 'http' } }] } }] },
 * });
 * console.log(parsed.ok); // true
 * ```
 */
export function parseMeshProperties(properties: Record<string, unknown>): ParseResult<MeshProperties> {
  const problems = checkProperties(MESH_PROPERTIES, properties);
  if (problems.length > 0) return { ok: false, problems };
  const meshNameProp = properties.MeshName as string | undefined;
  const raw = (
    properties.ModelJson !== undefined ? JSON.parse(properties.ModelJson as string) : properties.Model
  ) as { resources: unknown[] };
  const resources: MeshplaneResource[] = [];
  const meshNames = new Set<string>();
  const seen = new Set<string>();
  raw.resources.forEach((entry, i) => {
    const at = `Model.resources[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const kind = entry.kind as ResourceKind;
    if (!RESOURCE_KINDS.includes(kind)) {
      problems.push(`${at}.kind must be one of ${RESOURCE_KINDS.join(', ')}, got ${shown(entry.kind)}`);
      return;
    }
    const meshName = (entry.meshName ??
      meshNameProp ??
      (kind === 'mesh' ? entry.name : undefined)) as unknown;
    if (typeof meshName !== 'string' || meshName.length === 0) {
      problems.push(`${at}.meshName is required (or set the MeshName property)`);
      return;
    }
    const name = kind === 'mesh' ? (entry.name ?? meshName) : entry.name;
    if (typeof name !== 'string' || name.length === 0) {
      problems.push(`${at}.name is required (a non-empty string), got ${shown(entry.name)}`);
      return;
    }
    const parent =
      kind === 'route' ? 'virtualRouterName' : kind === 'gatewayRoute' ? 'virtualGatewayName' : undefined;
    if (parent && (typeof entry[parent] !== 'string' || (entry[parent] as string).length === 0)) {
      problems.push(`${at}.${parent} is required for a ${kind}`);
      return;
    }
    // Shapes, references and quotas are checked afterwards by core's validate(), all at once.
    const spec = coerceCloudFormationScalars(appMeshModel, SPEC_SHAPE[kind], entry.spec ?? {});
    const tags =
      entry.tags === undefined ? undefined : coerceCloudFormationScalars(appMeshModel, 'TagList', entry.tags);
    const resource = {
      kind,
      meshName,
      name: kind === 'mesh' ? meshName : name,
      spec,
      ...(tags !== undefined ? { tags } : {}),
      ...(parent ? { [parent]: entry[parent] } : {}),
    } as MeshplaneResource;
    const key = `${kind}:${meshName}/${parent ? `${entry[parent]}/` : ''}${resource.name}`;
    if (seen.has(key)) problems.push(`${at} declares ${key} a second time`);
    seen.add(key);
    meshNames.add(meshName);
    resources.push(resource);
  });
  if (typeof meshNameProp === 'string') meshNames.add(meshNameProp);
  if (meshNames.size > 1) {
    problems.push(
      `one Custom::MeshplaneMesh manages one mesh; the model names ${[...meshNames].sort().join(', ')}`,
    );
  }
  if (meshNames.size === 0)
    problems.push('the model is empty and MeshName is not set: nothing names the mesh');
  if (problems.length > 0) return { ok: false, problems };
  const meshName = [...meshNames][0]!;
  if (!resources.some((r) => r.kind === 'mesh')) {
    resources.unshift({ kind: 'mesh', meshName, name: meshName, spec: {} });
  }
  return { ok: true, value: { meshName, model: { resources } } };
}
