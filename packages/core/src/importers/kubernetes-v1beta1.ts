import type { MeshplaneResource } from '../model/resources.js';
import { ROUTE_PROTOCOL, ROUTE_TYPES } from '../model/spec-accessors.js';
import type { KubernetesImportContext, KubernetesObject } from './kubernetes-object.js';
import {
  optionalList,
  optionalRecord,
  rejectUndeclared,
  requiredString,
  v1beta1AwsName,
} from './kubernetes-object.js';
import type { DocumentReporter } from './source-document.js';
import { copyJson, describeValue, isRecord, resourcePath } from './source-document.js';

/**
 * Converts an `appmesh.k8s.aws/v1beta1` object (the first App Mesh controller: Mesh,
 * VirtualNode, VirtualService with its router and routes embedded) into GA resources.
 * AWS names are the Kubernetes names; the mesh is `spec.meshName`.
 */
export function convertV1beta1(object: KubernetesObject, context: KubernetesImportContext): void {
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
    default:
      object.reporter.error(
        'UNKNOWN_KIND',
        ['kind'],
        `unknown appmesh.k8s.aws/v1beta1 kind ${describeValue(object.kind)}; v1beta1 has Mesh, VirtualNode and VirtualService`,
      );
  }
}

function push(
  context: KubernetesImportContext,
  object: KubernetesObject,
  resource: MeshplaneResource,
  extra = {},
) {
  const reporter = object.reporter.child([], resourcePath(resource));
  const source = reporter.where([]);
  if (source) resource.source = source;
  context.out.push({ resource, reporter, ...extra });
  return reporter;
}

function convertMesh(object: KubernetesObject, context: KubernetesImportContext): void {
  const resource: MeshplaneResource = { kind: 'mesh', meshName: object.name, name: object.name, spec: {} };
  const reporter = push(context, object, resource);
  if (object.spec.serviceDiscoveryType !== undefined) {
    reporter.warn(
      'UNMAPPED_FIELD',
      ['spec', 'serviceDiscoveryType'],
      `spec.serviceDiscoveryType ${describeValue(object.spec.serviceDiscoveryType)} has no App Mesh API equivalent (service discovery is set per virtual node); it is ignored`,
    );
  }
  rejectUndeclared(reporter, object.spec, ['spec'], ['serviceDiscoveryType'], 'v1beta1 Mesh');
}

function meshOf(object: KubernetesObject): string | undefined {
  return requiredString(object.reporter, object.spec, 'meshName', ['spec'], `v1beta1 ${object.kind}`);
}

function convertNode(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshOf(object);
  if (meshName === undefined) return;
  const rep = object.reporter;
  const spec: Record<string, unknown> = {};
  const listeners = optionalList(rep, object.spec, 'listeners', ['spec']);
  if (listeners) spec.listeners = copyJson(listeners);
  const discovery = optionalRecord(rep, object.spec, 'serviceDiscovery', ['spec']);
  if (discovery) {
    const converted = convertDiscovery(rep, discovery);
    if (converted) spec.serviceDiscovery = converted;
  }
  const backends = optionalList(rep, object.spec, 'backends', ['spec']);
  if (backends) spec.backends = copyJson(backends);
  const logging = optionalRecord(rep, object.spec, 'logging', ['spec']);
  if (logging) spec.logging = copyJson(logging);
  if (listeners === null || discovery === null || backends === null || logging === null) return;
  const name = v1beta1AwsName(context, object.name, object.namespace);
  // Listeners, backends and logging keep the API's shape in v1beta1, so issues inside them locate.
  const reporter = push(
    context,
    object,
    { kind: 'virtualNode', meshName, name, spec },
    { fields: { spec: ['spec'] } },
  );
  rejectUndeclared(
    reporter,
    object.spec,
    ['spec'],
    ['meshName', 'listeners', 'serviceDiscovery', 'backends', 'logging'],
    'v1beta1 VirtualNode',
  );
}

function convertDiscovery(
  rep: DocumentReporter,
  discovery: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const path = ['spec', 'serviceDiscovery'];
  if (isRecord(discovery.dns)) {
    const hostname = discovery.dns.hostName ?? discovery.dns.hostname;
    if (typeof hostname !== 'string') {
      rep.error(
        'MISSING_MEMBER',
        [...path, 'dns', 'hostName'],
        `serviceDiscovery.dns.hostName must be a string, got ${describeValue(hostname)}`,
      );
      return undefined;
    }
    return { dns: { hostname } };
  }
  if (isRecord(discovery.cloudMap)) {
    const cloudMap = discovery.cloudMap;
    const result: Record<string, unknown> = {
      namespaceName: cloudMap.namespaceName,
      serviceName: cloudMap.serviceName,
    };
    if (isRecord(cloudMap.attributes)) {
      // v1beta1 has a map; the API has a list of { key, value }.
      result.attributes = Object.entries(cloudMap.attributes).map(([key, value]) => ({
        key,
        value: String(value),
      }));
    }
    return { awsCloudMap: result };
  }
  rep.error(
    'INVALID_TYPE',
    path,
    `serviceDiscovery must have dns { hostName } or cloudMap { namespaceName, serviceName }, got ${describeValue(discovery)}`,
  );
  return undefined;
}

function convertService(object: KubernetesObject, context: KubernetesImportContext): void {
  const meshName = meshOf(object);
  if (meshName === undefined) return;
  const rep = object.reporter;
  const router = optionalRecord(rep, object.spec, 'virtualRouter', ['spec']);
  const routes = optionalList(rep, object.spec, 'routes', ['spec']);
  if (router === null || routes === null) return;
  let routerName: string | undefined;
  if (router) {
    routerName = requiredString(
      rep,
      router,
      'name',
      ['spec', 'virtualRouter'],
      'v1beta1 VirtualService virtualRouter',
    );
    if (routerName === undefined) return;
    routerName = v1beta1AwsName(context, routerName, object.namespace);
  } else if (routes && routes.length > 0) {
    routerName = v1beta1AwsName(context, object.name, object.namespace);
    rep.warn(
      'ROUTER_NAME_DEFAULTED',
      ['spec', 'routes'],
      `VirtualService "${object.name}" has routes but no virtualRouter: its router is named after the service, "${routerName}"`,
    );
  }
  const serviceSpec =
    routerName === undefined ? {} : { provider: { virtualRouter: { virtualRouterName: routerName } } };
  const serviceReporter = push(context, object, {
    kind: 'virtualService',
    meshName,
    name: object.name,
    spec: serviceSpec,
  });
  rejectUndeclared(
    serviceReporter,
    object.spec,
    ['spec'],
    ['meshName', 'virtualRouter', 'routes'],
    'v1beta1 VirtualService',
  );
  if (routerName === undefined) return;
  const listeners = router && Array.isArray(router.listeners) ? copyJson(router.listeners) : undefined;
  const routerResource: MeshplaneResource = {
    kind: 'virtualRouter',
    meshName,
    name: routerName,
    spec: listeners ? { listeners } : {},
  };
  const routerReporter = object.reporter.child(['spec', 'virtualRouter'], resourcePath(routerResource));
  const routerSource = routerReporter.where([]);
  if (routerSource) routerResource.source = routerSource;
  context.out.push({
    resource: routerResource,
    reporter: routerReporter,
    ...(listeners ? {} : { deriveListeners: true }),
  });
  (routes ?? []).forEach((route, index) => {
    convertRoute(object, context, meshName, routerName, route, index);
  });
}

function convertRoute(
  object: KubernetesObject,
  context: KubernetesImportContext,
  meshName: string,
  routerName: string,
  route: unknown,
  index: number,
): void {
  const path = ['spec', 'routes', index];
  const rep = object.reporter;
  if (!isRecord(route)) {
    rep.error('INVALID_TYPE', path, `a route must be an object, got ${describeValue(route)}`);
    return;
  }
  const k8sName = requiredString(rep, route, 'name', path, 'v1beta1 route');
  if (k8sName === undefined) return;
  const name = v1beta1AwsName(context, k8sName, object.namespace);
  const targetName = (node: unknown) =>
    typeof node === 'string' ? v1beta1AwsName(context, node, object.namespace) : node;
  const spec: Record<string, unknown> = {};
  if (typeof route.priority === 'number') spec.priority = route.priority;
  const type = V1BETA1_ROUTE_KEYS.find((t) => isRecord(route[t]));
  if (type === 'tcp') {
    const tcp = route.tcp as Record<string, unknown>;
    spec.tcpRoute = { action: convertAction(rep, tcp.action, [...path, 'tcp', 'action'], targetName) };
  } else if (type !== undefined) {
    const body = route[type] as Record<string, unknown>;
    spec[`${type}Route`] = convertHttpRoute(rep, body, [...path, type], targetName);
  } else {
    rep.error('MISSING_MEMBER', path, `v1beta1 route "${name}" must have one of http, http2, grpc or tcp`);
    return;
  }
  const resource: MeshplaneResource = { kind: 'route', meshName, name, virtualRouterName: routerName, spec };
  const reporter = rep.child(path, resourcePath(resource));
  const source = reporter.where([]);
  if (source) resource.source = source;
  context.out.push({ resource, reporter });
  rejectUndeclared(reporter, route, [], ['name', 'priority', type], 'v1beta1 route');
}

// Route kinds of the v1beta1 CRD (http2 and grpc since controller v0.3.0): each API route type
// under its protocol's name (`http` for `httpRoute`); the first present wins.
const V1BETA1_ROUTE_KEYS = ROUTE_TYPES.map((t) => ROUTE_PROTOCOL[t]);

/** An http, http2 or grpc route: the match as it is, targets renamed, the retry timeout as a Duration. */
function convertHttpRoute(
  rep: DocumentReporter,
  http: Record<string, unknown>,
  path: (string | number)[],
  targetName: (node: unknown) => unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = {
    match: copyJson(http.match),
    action: convertAction(rep, http.action, [...path, 'action'], targetName),
  };
  if (isRecord(http.retryPolicy)) {
    const { perRetryTimeoutMillis, ...rest } = http.retryPolicy;
    const policy: Record<string, unknown> = copyJson(rest);
    if (perRetryTimeoutMillis !== undefined) {
      // v1beta1 has milliseconds as a number; the API has a Duration.
      policy.perRetryTimeout = { unit: 'ms', value: perRetryTimeoutMillis };
    }
    result.retryPolicy = policy;
  }
  return result;
}

function convertAction(
  rep: DocumentReporter,
  action: unknown,
  path: (string | number)[],
  targetName: (node: unknown) => unknown,
): Record<string, unknown> {
  if (!isRecord(action) || !Array.isArray(action.weightedTargets)) {
    rep.error(
      'MISSING_MEMBER',
      [...path, 'weightedTargets'],
      'a route action must have a weightedTargets list',
    );
    return { weightedTargets: [] };
  }
  const weightedTargets = action.weightedTargets.map((target, index) => {
    if (!isRecord(target)) {
      rep.error(
        'INVALID_TYPE',
        [...path, 'weightedTargets', index],
        `a weighted target must be { virtualNodeName, weight }, got ${describeValue(target)}`,
      );
      return {};
    }
    const { virtualNodeName, ...rest } = target;
    return { virtualNode: targetName(virtualNodeName), ...copyJson(rest) };
  });
  return { weightedTargets };
}
