import type { VirtualGatewaySpec } from '@aws-sdk/client-app-mesh';
import type { MeshplaneResource } from '../model/resources.js';
import { GATEWAY_ROUTE_TYPES, ROUTE_TYPES } from '../model/spec-accessors.js';
import type { KubernetesImportContext, KubernetesObject } from './kubernetes-object.js';
import {
  APPMESH_GROUP,
  optionalList,
  parseAppMeshArn,
  rejectUndeclared,
  requiredString,
} from './kubernetes-object.js';
import { matchesLabelSelector } from './label-selector.js';
import type { DocumentReporter } from './source-document.js';
import { describeValue, isRecord, resourcePath } from './source-document.js';

const V1BETA2 = `${APPMESH_GROUP}/v1beta2`;

/**
 * Converts an `appmesh.k8s.aws/v1beta2` object (Mesh, VirtualNode, VirtualService, VirtualRouter,
 * VirtualGateway, GatewayRoute) into GA resources. AWS names follow the controller: `spec.awsName`,
 * else `<name>` for Mesh, `<name>.<namespace>` for VirtualService, `<name>_<namespace>` for the
 * others. References
 * (`virtualNodeRef`, `virtualServiceRef`, `virtualRouterRef`, `virtualGatewayRef`, `meshRef`) are
 * resolved against the other objects of the same import; ARNs (`virtualNodeARN`, …) give their name.
 */
export function convertV1beta2(object: KubernetesObject, context: KubernetesImportContext): void {
  switch (object.kind) {
    case 'Mesh':
      convertMesh(object, context);
      return;
    case 'VirtualNode':
      convertNode(object, context);
      return;
    case 'VirtualService':
      convertService(object, context);
      return;
    case 'VirtualRouter':
      convertRouter(object, context);
      return;
    case 'VirtualGateway':
      convertGateway(object, context);
      return;
    case 'GatewayRoute':
      convertGatewayRoute(object, context);
      return;
    case 'BackendGroup':
      object.reporter.warn(
        'SKIPPED_DOCUMENT',
        ['kind'],
        'BackendGroup is a controller-only grouping of virtual services with no App Mesh API resource; skipped',
      );
      return;
    default:
      object.reporter.error(
        'UNKNOWN_KIND',
        ['kind'],
        `unknown ${V1BETA2} kind ${describeValue(object.kind)}; expected Mesh, VirtualNode, VirtualService, VirtualRouter, VirtualGateway or GatewayRoute`,
      );
  }
}

/**
 * The controller's AWS name of a v1beta2 object: the defaults its mutating webhooks write into
 * `spec.awsName` (a VirtualService gets `<name>.<namespace>` since controller PR #156, although
 * the CRD's field comment still says `<name>`).
 */
export function awsNameOf(object: Pick<KubernetesObject, 'kind' | 'name' | 'namespace' | 'spec'>): string {
  if (typeof object.spec.awsName === 'string' && object.spec.awsName !== '') return object.spec.awsName;
  if (object.kind === 'Mesh') return object.name;
  if (object.kind === 'VirtualService') return `${object.name}.${object.namespace}`;
  return `${object.name}_${object.namespace}`;
}

// Members that the v1beta2 CRDs spell differently from the App Mesh API.
const RENAMES: Record<string, string> = {
  certificateARN: 'certificateArn',
  certificateAuthorityARNs: 'certificateAuthorityArns',
};

/** Deep copy with the v1beta2 → API member renames applied. */
function toApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toApi);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[RENAMES[key] ?? key] = toApi(member);
  return out;
}

function push(
  context: KubernetesImportContext,
  reporter: DocumentReporter,
  resource: MeshplaneResource,
  base: (string | number)[] = [],
): DocumentReporter {
  const own = reporter.child(base, resourcePath(resource));
  const source = own.where([]);
  if (source) resource.source = source;
  // A route's spec members sit directly on the route item; the others keep the API's spec shape.
  const spec = resource.kind === 'route' ? [] : ['spec'];
  context.out.push({ resource, reporter: own, fields: { spec } });
  return own;
}

/**
 * The input's Mesh objects, one per AWS mesh name: the same Mesh given in two files is one mesh
 * (identical redefinitions merge; differing ones are reported by `finishImport`), not two that
 * leave every object's mesh unknown (issue 13 item 13).
 */
function meshObjects(context: KubernetesImportContext): KubernetesObject[] {
  const byName = new Map<string, KubernetesObject>();
  for (const o of context.objects) {
    if (o.apiVersion !== V1BETA2 || o.kind !== 'Mesh') continue;
    const name = awsNameOf(o);
    if (!byName.has(name)) byName.set(name, o);
  }
  return [...byName.values()];
}

/** Which mesh a namespaced v1beta2 object belongs to (the controller decides with selectors). */
function meshFor(object: KubernetesObject, context: KubernetesImportContext): string | undefined {
  const meshes = meshObjects(context);
  const ref = object.spec.meshRef;
  if (isRecord(ref) && typeof ref.name === 'string') {
    const mesh = meshes.find((m) => m.name === ref.name);
    return mesh ? awsNameOf(mesh) : ref.name;
  }
  const namespace = context.objects.find(
    (o) => o.apiVersion === 'v1' && o.kind === 'Namespace' && o.name === object.namespace,
  );
  if (namespace) {
    const selecting = meshes.filter((m) => matchesLabelSelector(m.spec.namespaceSelector, namespace.labels));
    if (selecting.length === 1) return awsNameOf(selecting[0]!);
  }
  if (meshes.length === 1) return awsNameOf(meshes[0]!);
  if (context.meshName !== undefined) return context.meshName;
  object.reporter.error(
    'MESH_UNKNOWN',
    ['spec'],
    `cannot tell which mesh ${object.kind} "${object.name}" belongs to: ${meshes.length === 0 ? 'the input has no Mesh' : `the input has ${meshes.length} Meshes`} and the object has no spec.meshRef; add spec.meshRef: { name: <mesh> }, a Namespace whose labels one Mesh's namespaceSelector selects, or pass the meshName option`,
  );
  return undefined;
}

type RefKind = 'VirtualNode' | 'VirtualService' | 'VirtualRouter' | 'VirtualGateway';

/** Resolves `{ name, namespace? }` to the referenced object's AWS name. */
function resolveRef(
  object: KubernetesObject,
  context: KubernetesImportContext,
  kind: RefKind,
  ref: unknown,
  path: (string | number)[],
): string | undefined {
  if (!isRecord(ref) || typeof ref.name !== 'string' || ref.name === '') {
    object.reporter.error(
      'INVALID_TYPE',
      path,
      `a ${kind} reference must be { name, namespace? }, got ${describeValue(ref)}`,
    );
    return undefined;
  }
  const namespace =
    typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : object.namespace;
  const target = context.objects.find(
    (o) => o.apiVersion === V1BETA2 && o.kind === kind && o.name === ref.name && o.namespace === namespace,
  );
  if (target) return awsNameOf(target);
  const guessed = awsNameOf({ kind, name: ref.name, namespace, spec: {} });
  object.reporter.warn(
    'UNRESOLVED_REF',
    path,
    `${kind} "${namespace}/${ref.name}" is not in the input; assuming the controller's default AWS name "${guessed}"`,
  );
  return guessed;
}

function nameFromArn(
  object: KubernetesObject,
  arn: unknown,
  path: (string | number)[],
  type: string,
): string | undefined {
  const parsed = typeof arn === 'string' ? parseAppMeshArn(arn) : undefined;
  if (!parsed || parsed.type !== type) {
    object.reporter.error(
      'INVALID_ARN',
      path,
      `expected an App Mesh ${type} ARN (arn:aws:appmesh:<region>:<account>:mesh/<mesh>/${type}/<name>), got ${describeValue(arn)}`,
    );
    return undefined;
  }
  return parsed.name;
}

/** `{ xRef } | { xARN }` → AWS name. */
function refOrArn(
  object: KubernetesObject,
  context: KubernetesImportContext,
  holder: Record<string, unknown>,
  path: (string | number)[],
  kind: RefKind,
): string | undefined {
  const lower = kind[0]!.toLowerCase() + kind.slice(1);
  const refKey = `${lower}Ref`;
  const arnKey = `${lower}ARN`;
  if (holder[refKey] !== undefined && holder[arnKey] !== undefined) {
    // The CRD says exactly one; taking either silently could point at the wrong resource.
    object.reporter.error(
      'INVALID_TYPE',
      [...path, arnKey],
      `exactly one of ${refKey} or ${arnKey} may be set, got both: ${refKey} ${describeValue(holder[refKey])} and ${arnKey} ${describeValue(holder[arnKey])}`,
    );
    return undefined;
  }
  if (holder[refKey] !== undefined)
    return resolveRef(object, context, kind, holder[refKey], [...path, refKey]);
  if (holder[arnKey] !== undefined) return nameFromArn(object, holder[arnKey], [...path, arnKey], lower);
  object.reporter.error('MISSING_MEMBER', path, `exactly one of ${refKey} or ${arnKey} is required`);
  return undefined;
}

function convertMesh(object: KubernetesObject, context: KubernetesImportContext): void {
  const name = awsNameOf(object);
  const spec: Record<string, unknown> = {};
  if (object.spec.egressFilter !== undefined) spec.egressFilter = toApi(object.spec.egressFilter);
  if (object.spec.serviceDiscovery !== undefined) spec.serviceDiscovery = toApi(object.spec.serviceDiscovery);
  const reporter = push(context, object.reporter, { kind: 'mesh', meshName: name, name, spec });
  if (object.spec.namespaceSelector !== undefined) {
    reporter.warn(
      'UNMAPPED_FIELD',
      ['spec', 'namespaceSelector'],
      'spec.namespaceSelector selects Kubernetes namespaces; it has no App Mesh API equivalent (meshplane uses it only to place objects that have no meshRef)',
    );
  }
  if (object.spec.meshOwner !== undefined) {
    // As for App Mesh documents: a shared mesh's owner is an API parameter meshplane does not send.
    reporter.warn(
      'IGNORED_MEMBER',
      ['spec', 'meshOwner'],
      `spec.meshOwner ${describeValue(object.spec.meshOwner)} is ignored: meshplane manages resources of meshes in the caller's account`,
    );
  }
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    ['awsName', 'namespaceSelector', 'egressFilter', 'serviceDiscovery', 'meshOwner'],
    'v1beta2 Mesh',
  );
}

function warnSelector(reporter: DocumentReporter, object: KubernetesObject, key: string, what: string): void {
  if (object.spec[key] === undefined) return;
  reporter.warn(
    'UNMAPPED_FIELD',
    ['spec', key],
    `spec.${key} ${what}; it has no App Mesh API equivalent and is ignored`,
  );
}

function convertBackends(
  object: KubernetesObject,
  context: KubernetesImportContext,
  backends: unknown[],
): unknown[] {
  return backends.map((backend, index) => {
    const path = ['spec', 'backends', index, 'virtualService'];
    const service = isRecord(backend) ? backend.virtualService : undefined;
    if (!isRecord(service)) {
      object.reporter.error(
        'INVALID_TYPE',
        ['spec', 'backends', index],
        `a backend must be { virtualService: { virtualServiceRef | virtualServiceARN } }, got ${describeValue(backend)}`,
      );
      return {};
    }
    const virtualServiceName = refOrArn(object, context, service, path, 'VirtualService');
    const result: Record<string, unknown> = { virtualServiceName };
    if (service.clientPolicy !== undefined) result.clientPolicy = toApi(service.clientPolicy);
    return { virtualService: result };
  });
}

function convertNode(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshFor(object, context);
  if (meshName === undefined) return;
  const spec: Record<string, unknown> = {};
  for (const key of ['listeners', 'serviceDiscovery', 'backendDefaults', 'logging']) {
    if (object.spec[key] !== undefined) spec[key] = toApi(object.spec[key]);
  }
  const backends = optionalList(object.reporter, object.spec, 'backends', ['spec']);
  if (backends === null) return;
  if (backends) spec.backends = convertBackends(object, context, backends);
  const reporter = push(context, object.reporter, {
    kind: 'virtualNode',
    meshName,
    name: awsNameOf(object),
    spec,
  });
  warnSelector(reporter, object, 'podSelector', 'selects the pods that run the node');
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    [
      'awsName',
      'podSelector',
      'listeners',
      'serviceDiscovery',
      'backends',
      'backendDefaults',
      'logging',
      'meshRef',
    ],
    'v1beta2 VirtualNode',
  );
}

function convertService(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshFor(object, context);
  if (meshName === undefined) return;
  const spec: Record<string, unknown> = {};
  const provider = object.spec.provider;
  if (isRecord(provider)) {
    if (isRecord(provider.virtualNode)) {
      const name = refOrArn(
        object,
        context,
        provider.virtualNode,
        ['spec', 'provider', 'virtualNode'],
        'VirtualNode',
      );
      if (name) spec.provider = { virtualNode: { virtualNodeName: name } };
    } else if (isRecord(provider.virtualRouter)) {
      const name = refOrArn(
        object,
        context,
        provider.virtualRouter,
        ['spec', 'provider', 'virtualRouter'],
        'VirtualRouter',
      );
      if (name) spec.provider = { virtualRouter: { virtualRouterName: name } };
    } else {
      object.reporter.error(
        'INVALID_TYPE',
        ['spec', 'provider'],
        `provider must have virtualNode { virtualNodeRef } or virtualRouter { virtualRouterRef }, got ${describeValue(provider)}`,
      );
      return;
    }
  }
  const reporter = push(context, object.reporter, {
    kind: 'virtualService',
    meshName,
    name: awsNameOf(object),
    spec,
  });
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    ['awsName', 'provider', 'meshRef'],
    'v1beta2 VirtualService',
  );
}

function convertRouter(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshFor(object, context);
  if (meshName === undefined) return;
  const routerName = awsNameOf(object);
  const spec: Record<string, unknown> = {};
  if (object.spec.listeners !== undefined) spec.listeners = toApi(object.spec.listeners);
  const routes = optionalList(object.reporter, object.spec, 'routes', ['spec']);
  if (routes === null) return;
  const reporter = push(context, object.reporter, {
    kind: 'virtualRouter',
    meshName,
    name: routerName,
    spec,
  });
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    ['awsName', 'listeners', 'routes', 'meshRef'],
    'v1beta2 VirtualRouter',
  );
  (routes ?? []).forEach((route, index) => {
    const path = ['spec', 'routes', index];
    if (!isRecord(route)) {
      object.reporter.error('INVALID_TYPE', path, `a route must be an object, got ${describeValue(route)}`);
      return;
    }
    const name = requiredString(object.reporter, route, 'name', path, 'v1beta2 route');
    if (name === undefined) return;
    const routeSpec: Record<string, unknown> = {};
    if (route.priority !== undefined) routeSpec.priority = route.priority;
    for (const type of ROUTE_TYPES) {
      const body = route[type];
      if (body === undefined) continue;
      const converted = toApi(body);
      if (
        isRecord(converted) &&
        isRecord(converted.action) &&
        Array.isArray(converted.action.weightedTargets)
      ) {
        converted.action.weightedTargets = converted.action.weightedTargets.map((target, t) => {
          if (!isRecord(target)) return target;
          const { virtualNodeRef: _ref, virtualNodeARN: _arn, ...rest } = target;
          const virtualNode = refOrArn(
            object,
            context,
            target,
            [...path, type, 'action', 'weightedTargets', t],
            'VirtualNode',
          );
          return { virtualNode, ...rest };
        });
      }
      routeSpec[type] = converted;
    }
    const resource: MeshplaneResource = {
      kind: 'route',
      meshName,
      name,
      virtualRouterName: routerName,
      spec: routeSpec,
    };
    const routeReporter = push(context, object.reporter, resource, path);
    rejectUndeclared(routeReporter, route, [], ['name', 'priority', ...ROUTE_TYPES], 'v1beta2 route');
  });
}

function convertGateway(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshFor(object, context);
  if (meshName === undefined) return;
  const spec: Record<string, unknown> = {};
  for (const key of ['listeners', 'logging', 'backendDefaults']) {
    if (object.spec[key] !== undefined) spec[key] = toApi(object.spec[key]);
  }
  const gateway: MeshplaneResource = {
    kind: 'virtualGateway',
    meshName,
    name: awsNameOf(object),
    spec: spec as unknown as VirtualGatewaySpec,
  };
  const reporter = push(context, object.reporter, gateway);
  warnSelector(reporter, object, 'podSelector', 'selects the pods that run the gateway');
  warnSelector(reporter, object, 'namespaceSelector', 'selects the namespaces of its gateway routes');
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    [
      'awsName',
      'podSelector',
      'namespaceSelector',
      'gatewayRouteSelector',
      'listeners',
      'logging',
      'backendDefaults',
      'meshRef',
    ],
    'v1beta2 VirtualGateway',
  );
}

/** Which gateway a gateway route belongs to: its ref, else the gateway whose selectors pick it. */
function gatewayFor(object: KubernetesObject, context: KubernetesImportContext): string | undefined {
  if (object.spec.virtualGatewayRef !== undefined) {
    return resolveRef(object, context, 'VirtualGateway', object.spec.virtualGatewayRef, [
      'spec',
      'virtualGatewayRef',
    ]);
  }
  const gateways = context.objects.filter((o) => o.apiVersion === V1BETA2 && o.kind === 'VirtualGateway');
  const selecting = gateways.filter((g) => matchesLabelSelector(g.spec.gatewayRouteSelector, object.labels));
  if (selecting.length === 1) return awsNameOf(selecting[0]!);
  if (gateways.length === 1) return awsNameOf(gateways[0]!);
  object.reporter.error(
    'GATEWAY_UNKNOWN',
    ['spec'],
    `cannot tell which virtual gateway GatewayRoute "${object.name}" belongs to: the input has ${gateways.length} VirtualGateways${selecting.length > 1 ? ` and ${selecting.length} of them select it` : ''}; add spec.virtualGatewayRef: { name: <gateway> }`,
  );
  return undefined;
}

function convertGatewayRoute(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshFor(object, context);
  const gatewayName = gatewayFor(object, context);
  if (meshName === undefined || gatewayName === undefined) return;
  const spec: Record<string, unknown> = {};
  if (object.spec.priority !== undefined) spec.priority = object.spec.priority;
  for (const type of GATEWAY_ROUTE_TYPES) {
    const body = object.spec[type];
    if (body === undefined) continue;
    const converted = toApi(body);
    const target = isRecord(converted) && isRecord(converted.action) ? converted.action.target : undefined;
    if (isRecord(target) && isRecord(target.virtualService)) {
      const name = refOrArn(
        object,
        context,
        target.virtualService,
        ['spec', type, 'action', 'target', 'virtualService'],
        'VirtualService',
      );
      target.virtualService = { virtualServiceName: name };
    }
    spec[type] = converted;
  }
  const resource: MeshplaneResource = {
    kind: 'gatewayRoute',
    meshName,
    name: awsNameOf(object),
    virtualGatewayName: gatewayName,
    spec,
  };
  const reporter = push(context, object.reporter, resource);
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    ['awsName', 'priority', ...GATEWAY_ROUTE_TYPES, 'virtualGatewayRef', 'meshRef'],
    'v1beta2 GatewayRoute',
  );
}
