import type { MeshModel, VirtualNodeResource } from '../model/resources.js';
import { egressFilterType, nodeBackends, serviceProvider } from '../model/spec-accessors.js';
import { showValue } from '../options/show-value.js';
import type { ValidationCode } from '../validation/codes.js';
import type { ValidationIssue } from '../validation/issue.js';
import { type CompileContext, isObject, meshScope } from './compile-context.js';
import { compileNode } from './compile-node.js';
import { compileRouter } from './compile-route.js';
import {
  APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
  type CompiledMesh,
  type CompiledProvider,
  type CompiledService,
  type CompileOptions,
} from './compiled-tables.js';
import { RouterConfigError } from './errors.js';
import { APP_MESH_DEFAULT_RETRY_POLICY } from './retry-policy.js';

export {
  APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
  type CompiledMesh,
  type CompiledNode,
  type CompiledNodeListener,
  type CompiledProvider,
  type CompiledRoute,
  type CompiledRouterListener,
  type CompiledService,
  type CompiledTarget,
  type CompileOptions,
  type EffectiveTimeouts,
  type TimeoutSource,
} from './compiled-tables.js';

/**
 * Compiles a model snapshot into the lookup tables of one source virtual node: virtual service
 * name → provider → router listener → routes in matching order → weighted targets (cumulative
 * weights) → virtual node → endpoint pool. Done once; requests only read these tables.
 *
 * Only the source node's backends are compiled: under the App Mesh default egress filter
 * `DROP_ALL` they are all the node may call. Only what routing needs is checked (validation checks
 * the rest): each problem is an issue in validation's shape (`RouterConfigError.issues`), and all
 * of them are reported at once; nothing is half-compiled.
 *
 * @example
 * ```ts
 * import { compileMesh } from '@meshplane/core/router/internals';
 * import model from './mesh.js';
 * const tables = compileMesh({ model, sourceNode: 'dj' });
 * console.log([...tables.services.keys()]); // ['jazz.prod.svc.cluster.local', 'metal.prod.svc.cluster.local']
 * ```
 */
export function compileMesh(options: CompileOptions): CompiledMesh {
  const { model, sourceNode } = options;
  checkResourceShapes(model);
  const source = findSourceNode(options);
  const meshName = source.meshName;
  const issues: ValidationIssue[] = [];
  const ctx: CompileContext = {
    options,
    scope: meshScope(model.resources, meshName),
    now: options.now ?? Date.now,
    defaultMs: options.defaultPerRequestTimeoutMs ?? APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
    defaultSource: options.defaultPerRequestTimeoutMs === undefined ? 'default' : 'option',
    defaultRetry: options.defaultRetryPolicy === 'none' ? undefined : APP_MESH_DEFAULT_RETRY_POLICY,
    issues,
    nodes: new Map(),
    missingNodes: new Set(),
    routes: new Map(),
    optionProblems: [],
    report: (code, path, message) => issues.push({ code, path, message, severity: 'error' }),
  };
  const services = new Map<string, CompiledService>();
  const declaredBackends: string[] = [];
  for (const { virtualServiceName: name } of nodeBackends(source.spec)) {
    if (!name) continue;
    declaredBackends.push(name);
    services.set(name.toLowerCase(), { name, provider: compileProvider(ctx, name) });
  }
  if (issues.length > 0 || ctx.optionProblems.length > 0) {
    throw routerError(
      `the model cannot be routed for source node "${sourceNode}" of mesh "${meshName}"`,
      issues,
      ctx.optionProblems,
    );
  }
  const mesh = model.resources.find((r) => r.meshName === meshName && r.kind === 'mesh');
  return {
    meshName,
    sourceNode,
    egress: egressFilterType(mesh),
    services,
    declaredBackends,
    allServices: new Set(ctx.scope.services.keys()),
    nodes: ctx.nodes,
  };
}

/** The provider of a backend service: its virtual router or virtual node, compiled. */
function compileProvider(ctx: CompileContext, name: string): CompiledProvider {
  const resource = ctx.scope.services.get(name.toLowerCase());
  const provider = serviceProvider(resource?.spec);
  if (provider?.kind === 'virtualRouter' && provider.name) return compileRouter(ctx, provider.name, name);
  if (provider?.kind !== 'virtualNode' || !provider.name) return { kind: 'none' };
  const node = compileNode(ctx, provider.name, `services.${name}.spec.provider`);
  if (!node) return { kind: 'none' };
  return {
    kind: 'node',
    node,
    target: { node, weight: 1, port: undefined, listener: node.listeners[0] },
    retry: node.listeners[0]?.protocol === 'tcp' ? undefined : ctx.defaultRetry,
  };
}

/** The source node's resource: it must exist, in one mesh (or the mesh the options name). */
function findSourceNode(options: CompileOptions): VirtualNodeResource {
  const { model, sourceNode } = options;
  const candidates = model.resources.filter(
    (r): r is VirtualNodeResource =>
      r.kind === 'virtualNode' &&
      r.name === sourceNode &&
      (options.meshName === undefined || r.meshName === options.meshName),
  );
  if (candidates.length === 0) {
    const nodes = model.resources
      .filter((r) => r.kind === 'virtualNode')
      .map((r) => `${r.meshName}/${r.name}`);
    throw new RouterConfigError(
      `sourceNode "${sourceNode}" is not a virtual node of ${options.meshName ? `mesh "${options.meshName}"` : 'the model'} (virtual nodes: ${nodes.join(', ') || 'none'})`,
    );
  }
  if (candidates.length > 1) {
    throw new RouterConfigError(
      `sourceNode "${sourceNode}" exists in several meshes (${candidates.map((r) => r.meshName).join(', ')}): set meshName`,
    );
  }
  return candidates[0]!;
}

/**
 * The model must at least be a list of resource objects with a `spec` object (the router reads
 * nothing else without a default): report every resource that is not, at once, instead of
 * failing on the first with a TypeError.
 */
function checkResourceShapes(model: MeshModel): void {
  const issues: ValidationIssue[] = [];
  const report = (code: ValidationCode, path: string, message: string) =>
    issues.push({ code, path, message, severity: 'error' });
  model.resources.forEach((r, i) => {
    if (!isObject(r)) {
      report(
        'INVALID_RESOURCE',
        `resources[${i}]`,
        `${showValue(r)} must be a resource ({ kind, meshName, name, spec })`,
      );
    } else if (!isObject((r as { spec?: unknown }).spec)) {
      report(
        'SHAPE_TYPE',
        `resources[${i}] (${r.kind} "${r.name}" of mesh "${r.meshName}")`,
        `spec ${showValue((r as { spec?: unknown }).spec)} must be an object`,
      );
    }
  });
  if (issues.length > 0) throw routerError('the model is not a list of resources with a spec', issues);
}

/** The error of a compile that found problems: every issue, one `path: message` line each. */
function routerError(
  what: string,
  issues: ValidationIssue[],
  optionProblems: string[] = [],
): RouterConfigError {
  const problems = [...optionProblems, ...issues.map((i) => `${i.path}: ${i.message}`)];
  return new RouterConfigError(`${what}: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`, {
    problems,
    issues,
  });
}
