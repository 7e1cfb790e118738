import { KINDS as MODEL_KINDS } from '../model/kinds.js';
import { resourcePath } from '../model/resource-path.js';
import { RESOURCE_KINDS, type ResourceKind } from '../model/resources.js';
import { appMeshModel } from '../smithy/generated/appmesh-model.js';
import { validateShape } from '../smithy/validate-shape.js';
import {
  type Entry,
  type IssueSink,
  type IssueSubject,
  type MeshIndex,
  type Rec,
  rec,
  str,
} from './context.js';

interface KindInfo {
  /** What the kind is called in messages. */
  label: string;
  /** The Smithy shape of the spec. */
  specShape: string;
  /** The Smithy shape of the resource name (ResourceName, or ServiceName for services). */
  nameShape: string;
  specRequired: boolean;
}

// Read from the Create*Input shapes of the App Mesh model, so the name and spec rules are the
// API's own rather than a hand-kept copy.
function kindInfo(label: string, input: string, nameMember: string): KindInfo {
  const members = appMeshModel.shapes[input]?.members ?? {};
  const spec = members.spec;
  return {
    label,
    specShape: spec?.target ?? 'MeshSpec',
    nameShape: members[nameMember]?.target ?? 'ResourceName',
    specRequired: spec?.required === true,
  };
}

/** Per-kind facts, built once at module load from the kernel's kinds and the Create inputs. */
export const KINDS: Readonly<Record<ResourceKind, KindInfo>> = Object.fromEntries(
  RESOURCE_KINDS.map((kind) => {
    const { label, noun, nameMember } = MODEL_KINDS[kind];
    return [kind, kindInfo(label, `Create${noun}Input`, nameMember)];
  }),
) as Record<ResourceKind, KindInfo>;

const KIND_SET: ReadonlySet<string> = new Set(RESOURCE_KINDS);

function sourceOf(value: unknown): Entry['source'] {
  const source = rec(value);
  const file = str(source?.file);
  if (source === undefined || file === undefined) return undefined;
  const result: NonNullable<Entry['source']> = { file };
  if (typeof source.line === 'number') result.line = source.line;
  if (typeof source.column === 'number') result.column = source.column;
  return result;
}

function emptyIndex(): MeshIndex {
  return {
    nodes: new Map(),
    routers: new Map(),
    gateways: new Map(),
    services: new Map(),
    routes: [],
    gatewayRoutes: [],
  };
}

/**
 * Reads every resource defensively, checks names, tags and specs against the App Mesh model and
 * finds duplicates; returns the per-mesh index that the cross-resource rules work on.
 */
export function readResources(resources: readonly unknown[], sink: IssueSink): Map<string, MeshIndex> {
  const meshes = new Map<string, MeshIndex>();
  const seen = new Map<string, number>();
  for (let index = 0; index < resources.length; index++) {
    const resource = rec(resources[index]);
    const fallback = `resources[${index}]`;
    if (resource === undefined) {
      sink.add(
        undefined,
        'INVALID_RESOURCE',
        fallback,
        `a resource must be an object, got ${describe(resources[index])}`,
      );
      continue;
    }
    const source = sourceOf(resource.source);
    const at = { source, index };
    const kind = resource.kind;
    if (typeof kind !== 'string' || !KIND_SET.has(kind)) {
      sink.add(
        at,
        'UNKNOWN_KIND',
        `${fallback}.kind`,
        `kind must be one of ${RESOURCE_KINDS.join(', ')}, got ${describe(kind)}`,
      );
      continue;
    }
    const info = KINDS[kind as ResourceKind];
    const name = str(resource.name);
    const meshName = str(resource.meshName);
    const parentField =
      kind === 'route' ? 'virtualRouterName' : kind === 'gatewayRoute' ? 'virtualGatewayName' : '';
    const parentName = parentField === '' ? undefined : str(resource[parentField]);
    const named = name !== undefined && (parentField === '' || parentName !== undefined);
    const path = named
      ? resourcePath({
          kind: kind as ResourceKind,
          name,
          virtualRouterName: parentName,
          virtualGatewayName: parentName,
        })
      : fallback;

    checkName(resource, 'name', info.nameShape, path, at, sink);
    checkName(resource, 'meshName', 'ResourceName', path, at, sink);
    if (parentField !== '') checkName(resource, parentField, 'ResourceName', path, at, sink);
    if (kind === 'mesh' && name !== undefined && meshName !== undefined && name !== meshName) {
      sink.add(
        at,
        'INVALID_RESOURCE',
        `${path}.meshName`,
        `the meshName of a mesh resource must equal its name "${name}", got ${describe(meshName)}`,
      );
    }
    if (resource.spec === undefined || resource.spec === null) {
      if (info.specRequired)
        sink.add(at, 'SHAPE_REQUIRED', `${path}.spec`, `spec is required (${info.specShape})`);
    } else {
      checkShape(info.specShape, resource.spec, `${path}.spec`, at, sink);
    }
    if (resource.tags !== undefined) checkShape('TagList', resource.tags, `${path}.tags`, at, sink);

    if (!named || meshName === undefined) continue;
    const entry: Entry = {
      kind: kind as ResourceKind,
      index,
      meshName,
      name,
      path,
      spec: rec(resource.spec),
    };
    if (parentName !== undefined) entry.parentName = parentName;
    if (source !== undefined) entry.source = source;

    const key = `${kind}\u0000${meshName}\u0000${parentName ?? ''}\u0000${name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      sink.add(
        entry,
        'DUPLICATE_RESOURCE',
        path,
        `${info.label} "${name}" is declared twice in mesh "${meshName}" (resources[${first}] and resources[${index}]); names are unique per kind`,
      );
      continue;
    }
    seen.set(key, index);

    let mesh = meshes.get(meshName);
    if (mesh === undefined) {
      mesh = emptyIndex();
      meshes.set(meshName, mesh);
    }
    switch (entry.kind) {
      case 'mesh':
        mesh.mesh = entry;
        break;
      case 'virtualNode':
        mesh.nodes.set(name, entry);
        break;
      case 'virtualRouter':
        mesh.routers.set(name, entry);
        break;
      case 'virtualGateway':
        mesh.gateways.set(name, entry);
        break;
      case 'virtualService':
        mesh.services.set(name, entry);
        break;
      case 'route':
        mesh.routes.push(entry);
        break;
      case 'gatewayRoute':
        mesh.gatewayRoutes.push(entry);
        break;
    }
  }
  return meshes;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : String(value);
}

function checkName(
  resource: Rec,
  field: string,
  shape: string,
  path: string,
  at: IssueSubject,
  sink: IssueSink,
): void {
  const value = resource[field];
  if (value === undefined || value === null) {
    sink.add(at, 'SHAPE_REQUIRED', `${path}.${field}`, `${field} is required (${shape})`);
  } else if (value === '' && appMeshModel.shapes[shape]?.length === undefined) {
    // ServiceName has no length trait, but every name is a URI label of the Describe, Update and
    // Delete operations, and an empty label cannot address anything.
    sink.add(at, 'EMPTY_NAME', `${path}.${field}`, `${field} must not be empty (${shape})`);
  } else if (field === 'meshName' && typeof value === 'string' && value.startsWith('arn:')) {
    // ResourceName has no pattern in the model, but the name is a URI label of every call
    // (`/v20190125/meshes/{meshName}`): App Mesh answers an ARN there with 400 BadRequest.
    sink.add(
      at,
      'MESH_NAME_ARN',
      `${path}.${field}`,
      `meshName must be the mesh's name, not its ARN, got ${describe(value)}; use the part after "mesh/"${meshNameOfArn(value)}`,
    );
  } else {
    sink.addAll(at, validateShape(appMeshModel, shape, value, `${path}.${field}`));
  }
}

function meshNameOfArn(arn: string): string {
  const name = /:mesh\/([^/]+)/.exec(arn)?.[1];
  return name === undefined ? '' : ` ("${name}")`;
}

// A model is JSON data. An object graph that refers to itself is not, and can make the shape
// walk fail (JSON.stringify in the uniqueness check throws a TypeError, deep nesting a
// RangeError); `validate` promises issues, never exceptions, so that becomes an issue.
function checkShape(shape: string, value: unknown, path: string, at: IssueSubject, sink: IssueSink): void {
  try {
    sink.addAll(at, validateShape(appMeshModel, shape, value, path));
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    sink.add(
      at,
      'INVALID_RESOURCE',
      path,
      `${shape} cannot be checked: it is not JSON data (${error.message})`,
    );
  }
}
