import { errorReason, showValue } from '../options/show-value.js';
import type { CompiledMesh, CompiledNode, CompiledProvider } from './compile.js';
import type { RouterDiscovery } from './discovery-types.js';
import type { Endpoint } from './endpoint-pool.js';
import { RouterConfigError } from './errors.js';
import { isRegionName, type LatticeOptions, latticeUrlProblem } from './lattice-options.js';
import type { RouteDecision } from './router-types.js';

/**
 * A virtual service reached through its Amazon VPC Lattice service.
 *
 * @example
 * ```ts
 * const table = compileLatticeTargets(router.tables, { services: { 'jazz.prod.svc.cluster.local': 'https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws' } }, true);
 * const target = table.services.get('jazz.prod.svc.cluster.local');
 * console.log(target?.region, target?.endpoint.origin); // us-east-1 https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws
 * ```
 */
export interface LatticeTarget {
  virtualServiceName: string;
  /** The Lattice service's URL (origin only). */
  url: URL;
  /** The SigV4 signing region. */
  region: string;
  /** Where the transport connects: the Lattice service's origin. */
  endpoint: Endpoint;
}

/**
 * The Lattice services of one compiled model, by virtual service name (lower case), and the
 * virtual nodes the router still reaches directly (Cloud Map / DNS), whose endpoints it discovers.
 *
 * @example
 * ```ts
 * const table = compileLatticeTargets(tables, { services: { 'jazz.local': 'https://jazz.example' }, region: 'us-east-1' }, true);
 * console.log(table.services.get('jazz.local')?.url.origin); // https://jazz.example
 * ```
 */
export interface LatticeTable {
  services: Map<string, LatticeTarget>;
  directNodes: Set<string>;
}

// `<service>-<id>.<hash>.vpc-lattice-svcs.<region>.on.aws`: the DNS name Lattice gives a service.
const LATTICE_DNS = /\.vpc-lattice-svcs\.([a-z0-9-]+)\.on\.aws$/;

/** The region in a Lattice service's generated DNS name, if it is one. */
function regionOfHost(hostname: string): string | undefined {
  const region = LATTICE_DNS.exec(hostname.toLowerCase())?.[1];
  return isRegionName(region) ? region : undefined;
}

/** The nodes a provider sends traffic to: its node, or every weighted target of its routes. */
function providerNodes(provider: CompiledProvider): CompiledNode[] {
  if (provider.kind === 'node') return [provider.node];
  if (provider.kind === 'none') return [];
  const nodes: CompiledNode[] = [];
  for (const listener of provider.listeners.values()) {
    for (const route of listener.routes) for (const t of route.targets) nodes.push(t.node);
  }
  return nodes;
}

/**
 * Standing in for Cloud Map when every Cloud Map node is behind Lattice and no `discovery` was
 * given: the model compiles, and {@link compileLatticeTargets} refuses any service that would
 * still need it, so it is never asked.
 *
 * @example
 * ```ts
 * const tables = compileMesh({ ...options, discovery: options.discovery ?? NO_DISCOVERY_BEHIND_LATTICE });
 * ```
 */
export const NO_DISCOVERY_BEHIND_LATTICE: RouterDiscovery = {
  discover: (query) =>
    Promise.reject(
      new RouterConfigError(
        `Cloud Map service ${query.namespaceName}/${query.serviceName} was asked for, but the router has no discovery client (its services are behind VPC Lattice)`,
      ),
    ),
};

/**
 * Compiles the `lattice` option against the model's tables: each backend virtual service that
 * `lattice.services` maps gets its Lattice URL and signing region. Reports every problem at once
 * as a `RouterConfigError`: a name that is not a backend of the source node, a URL a function
 * returned that is not a Lattice service URL, a region that cannot be told, and a service left on
 * Cloud Map without a `discovery` client.
 *
 * @example
 * ```ts
 * import { compileLatticeTargets } from './lattice-target.js';
 * const table = compileLatticeTargets(router.tables, { services: (name) => `https://${name}`, region: 'us-east-1' }, false);
 * ```
 */
export function compileLatticeTargets(
  tables: CompiledMesh,
  options: LatticeOptions,
  hasDiscovery: boolean,
  env: Record<string, string | undefined> = process.env,
): LatticeTable {
  const problems: string[] = [];
  const services = new Map<string, LatticeTarget>();
  const directNodes = new Set<string>();
  const map = options.services;
  if (typeof map !== 'function') {
    for (const name of Object.keys(map)) {
      if (!tables.services.has(name.toLowerCase())) {
        problems.push(
          `lattice.services.${name}: not a backend of virtual node "${tables.sourceNode}" (backends: ${tables.declaredBackends.join(', ') || 'none'})`,
        );
      }
    }
  }
  const lookup = (name: string): unknown => {
    if (typeof map === 'function') return map(name);
    const key = Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : map[key];
  };
  for (const [key, service] of tables.services) {
    let value: unknown;
    try {
      value = lookup(service.name);
    } catch (error) {
      problems.push(
        `lattice.services(${showValue(service.name)}): the function threw: ${errorReason(error)}`,
      );
      continue;
    }
    if (value === undefined) {
      for (const node of providerNodes(service.provider)) {
        directNodes.add(node.name);
        if (!hasDiscovery && node.pool.discovery.kind === 'cloudMap') {
          problems.push(
            `discovery: virtual node "${node.name}" (of ${service.name}, not mapped in lattice.services) uses ${node.pool.discovery.label}: pass a \`discovery\` client or map ${service.name} to its Lattice service`,
          );
        }
      }
      continue;
    }
    const urlProblem = latticeUrlProblem(value);
    if (urlProblem) {
      problems.push(`lattice.services(${showValue(service.name)}): ${showValue(value)} ${urlProblem}`);
      continue;
    }
    const url = new URL(value as string);
    const region = options.region ?? regionOfHost(url.hostname) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!isRegionName(region)) {
      problems.push(
        `lattice.region: the signing region of ${service.name} (${url.origin}) cannot be told: its host is not a Lattice DNS name (….vpc-lattice-svcs.<region>.on.aws) and neither lattice.region nor AWS_REGION is set${region === undefined ? '' : ` to a region name (AWS_REGION ${showValue(region)})`}`,
      );
      continue;
    }
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const target: LatticeTarget = {
      virtualServiceName: service.name,
      url,
      region,
      endpoint: { origin: url.origin, host: url.hostname, port, instanceId: url.host },
    };
    services.set(key, target);
  }
  if (problems.length > 0) {
    throw new RouterConfigError(
      `invalid lattice option for source node "${tables.sourceNode}": ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      { problems },
    );
  }
  return { services, directNodes };
}

/**
 * The decision for a service behind Lattice: the model's route, its retry policy and timeouts
 * (which the router keeps applying: Lattice has no retries or per-route timeouts), but no target
 * node: Lattice's rules choose the weighted target group, so the router does not claim to know
 * it (`targetNode` undefined), and neither the node's outlier detection nor its retry budget
 * applies to the Lattice service.
 *
 * @example
 * ```ts
 * import { latticeDecision } from './lattice-target.js';
 * console.log(latticeDecision(router.decide('http://jazz.prod.svc.cluster.local:9080/')).targetNode); // undefined
 * ```
 */
export function latticeDecision(decision: RouteDecision): RouteDecision {
  return { ...decision, targetNode: undefined, targetPort: undefined, target: undefined };
}
