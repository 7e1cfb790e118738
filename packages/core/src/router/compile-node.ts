import type { Listener, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import { listenerPortMapping } from '../model/spec-accessors.js';
import { showValue } from '../options/show-value.js';
import { type CompileContext, isObject } from './compile-context.js';
import type {
  CompiledNode,
  CompiledNodeListener,
  CompileOptions,
  EffectiveTimeouts,
  TimeoutSource,
} from './compiled-tables.js';
import { durationToMs } from './duration.js';
import { EndpointPool, type NodeDiscovery } from './endpoint-pool.js';
import { compileOutlierDetection } from './outlier-detector.js';
import { RetryBudget } from './retry-policy.js';

/**
 * The timeouts of a virtual node listener: its own, else App Mesh's default (15 s; none for TCP).
 *
 * @example
 * ```ts
 * import { listenerTimeouts } from './compile-node.js';
 * console.log(listenerTimeouts({ portMapping: { port: 80, protocol: 'http' } }, 15000, 'default').perRequestMs); // 15000
 * ```
 */
export function listenerTimeouts(
  listener: Listener,
  defaultMs: number,
  defaultSource: TimeoutSource,
): EffectiveTimeouts {
  const t = listener.timeout;
  const spec = t?.http ?? t?.http2 ?? t?.grpc;
  const perRequest = durationToMs(spec?.perRequest);
  const idle = durationToMs((spec ?? t?.tcp)?.idle);
  return {
    perRequestMs: perRequest ?? (listener.portMapping?.protocol === 'tcp' ? 0 : defaultMs),
    perRequestSource: perRequest !== undefined ? 'listener' : defaultSource,
    idleMs: idle || undefined,
  };
}

/**
 * How a virtual node's endpoints are found: its Cloud Map query, its DNS host name, or none.
 *
 * @example
 * ```ts
 * import { nodeDiscovery } from './compile-node.js';
 * console.log(nodeDiscovery({ serviceDiscovery: { dns: { hostname: 'jazz.local' } } }, undefined).label); // DNS jazz.local
 * ```
 */
export function nodeDiscovery(
  spec: VirtualNodeSpec,
  healthStatus: CompileOptions['healthStatus'],
): NodeDiscovery {
  const sd = spec.serviceDiscovery;
  if (sd?.awsCloudMap) {
    const { namespaceName = '', serviceName = '', attributes } = sd.awsCloudMap;
    const queryParameters: Record<string, string> = {};
    for (const a of attributes ?? []) if (a.key !== undefined) queryParameters[a.key] = a.value ?? '';
    const filter = Object.entries(queryParameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return {
      kind: 'cloudMap',
      query: {
        namespaceName,
        serviceName,
        ...(Object.keys(queryParameters).length ? { queryParameters } : {}),
        healthStatus: healthStatus ?? 'HEALTHY',
      },
      label: `Cloud Map ${namespaceName}/${serviceName}${filter ? ` (${filter})` : ''}`,
    };
  }
  if (sd?.dns?.hostname) return { kind: 'dns', hostname: sd.dns.hostname, label: `DNS ${sd.dns.hostname}` };
  return { kind: 'none', label: 'no service discovery' };
}

/**
 * The port and protocol of a node or router listener, read by the model kernel's accessor; a
 * listener that is not an object, or whose portMapping lacks its port or protocol (both required
 * by App Mesh PortMapping), is reported: there is no protocol to assume for it.
 *
 * @example
 * ```ts
 * import { readListener } from './compile-node.js';
 * const mapping = readListener(ctx, { portMapping: { port: 9080, protocol: 'http' } }, 'nodes.jazz-v1.spec.listeners[0]');
 * ```
 */
export function readListener(
  ctx: CompileContext,
  listener: unknown,
  path: string,
): { port: number; protocol: string } | undefined {
  if (!isObject(listener)) {
    ctx.report('SHAPE_TYPE', path, `${showValue(listener)} must be a listener object`);
    return undefined;
  }
  const mapping = listenerPortMapping(listener);
  if (!mapping) {
    ctx.report(
      'SHAPE_REQUIRED',
      `${path}.portMapping`,
      `${showValue((listener as { portMapping?: unknown }).portMapping)} must be a port mapping with a port number and a protocol (App Mesh PortMapping requires both)`,
    );
  }
  return mapping;
}

/**
 * Compiles a virtual node that traffic can reach (once; later references get the same object):
 * its listeners, its endpoint pool with each listener's outlier detection, its retry budget.
 * Reports a node that does not exist at `path`, and a Cloud Map node without a discovery client.
 *
 * @example
 * ```ts
 * import { compileNode } from './compile-node.js';
 * const node = compileNode(ctx, 'jazz-v1', 'services.jazz.local.spec.provider');
 * ```
 */
export function compileNode(ctx: CompileContext, name: string, path: string): CompiledNode | undefined {
  const existing = ctx.nodes.get(name);
  if (existing) return existing;
  const resource = ctx.scope.nodes.get(name);
  if (!resource) {
    if (!ctx.missingNodes.has(`${path}|${name}`)) {
      ctx.missingNodes.add(`${path}|${name}`);
      const code = path.startsWith('services.') ? 'UNKNOWN_PROVIDER' : 'UNKNOWN_TARGET';
      ctx.report(code, path, `virtual node "${name}" does not exist in mesh "${ctx.scope.meshName}"`);
    }
    return undefined;
  }
  const { options } = ctx;
  const discovery = nodeDiscovery(resource.spec, options.healthStatus);
  if (discovery.kind === 'cloudMap' && !options.discovery) {
    ctx.optionProblems.push(
      `discovery: virtual node "${name}" uses ${discovery.label}: pass a \`discovery\` client (createDiscovery from @meshplane/core/cloudmap) to createRouter`,
    );
  }
  const pool = new EndpointPool(name, discovery, options.discovery, ctx.now);
  const listeners: CompiledNodeListener[] = [];
  for (const [i, l] of (resource.spec.listeners ?? []).entries()) {
    const mapping = readListener(ctx, l, `nodes.${name}.spec.listeners[${i}]`);
    if (!mapping) continue;
    const { port, protocol } = mapping;
    listeners.push({
      port,
      protocol,
      scheme: l.tls?.mode === 'STRICT' ? 'https' : 'http',
      timeouts: listenerTimeouts(l, ctx.defaultMs, ctx.defaultSource),
    });
    pool.setOutlierDetection(port, compileOutlierDetection(l.outlierDetection));
  }
  const node: CompiledNode = { name, listeners, pool, budget: new RetryBudget(options.retryBudget) };
  ctx.nodes.set(name, node);
  return node;
}
