import type { RouterDiscoveredInstance, RouterDiscovery, RouterDiscoveryQuery } from './discovery-types.js';
import { NoHealthyEndpointError } from './errors.js';
import { OutlierDetector, type OutlierSettings } from './outlier-detector.js';

/**
 * One place a request can be sent to.
 *
 * @example
 * ```ts
 * const { endpoint, url } = await router.resolve('http://jazz.prod.svc.cluster.local:9080/');
 * console.log(endpoint.origin, endpoint.instanceId, url);
 * ```
 */
export interface Endpoint {
  /** `http://10.0.0.5:9080`: what the transport connects to. */
  origin: string;
  host: string;
  port: number;
  /** The Cloud Map instance id, or the DNS host name. */
  instanceId: string;
}

/**
 * How a virtual node's endpoints are found.
 *
 * @example
 * ```ts
 * const d: NodeDiscovery = { kind: 'dns', hostname: 'jazz-v1.prod.svc.cluster.local', label: 'DNS jazz-v1.prod.svc.cluster.local' };
 * ```
 */
export type NodeDiscovery =
  | { kind: 'cloudMap'; query: RouterDiscoveryQuery; label: string }
  | { kind: 'dns'; hostname: string; label: string }
  | { kind: 'none'; label: string };

interface PortCache {
  instances: readonly RouterDiscoveredInstance[] | undefined;
  endpoints: Endpoint[];
  next: number;
}

/**
 * Turns Cloud Map instances into endpoints: `AWS_INSTANCE_IPV4` (or `AWS_INSTANCE_IPV6`) and
 * `AWS_INSTANCE_PORT`, else the listener port (App Mesh's Envoy does the same with the instance
 * address and the node's listener port). Instances without an address are skipped.
 *
 * @example
 * ```ts
 * import { endpointsFromInstances } from '@meshplane/core/router/internals';
 * const [e] = endpointsFromInstances([{ InstanceId: 'a', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.5' } }], 9080, 'http');
 * console.log(e?.origin); // http://10.0.0.5:9080
 * ```
 */
export function endpointsFromInstances(
  instances: readonly RouterDiscoveredInstance[],
  listenerPort: number,
  scheme: 'http' | 'https',
): Endpoint[] {
  const out: Endpoint[] = [];
  for (const instance of instances) {
    const attrs = instance.Attributes ?? {};
    const v4 = attrs.AWS_INSTANCE_IPV4;
    const v6 = attrs.AWS_INSTANCE_IPV6;
    const host = v4 ?? (v6 ? `[${v6}]` : undefined);
    if (!host) continue;
    const portAttr = attrs.AWS_INSTANCE_PORT;
    const port = portAttr !== undefined && /^\d+$/.test(portAttr) ? Number(portAttr) : listenerPort;
    out.push({ origin: `${scheme}://${host}:${port}`, host, port, instanceId: instance.InstanceId ?? host });
  }
  return out;
}

/**
 * The endpoints of one virtual node as the router sees them: discovery results turned into
 * endpoints once per discovery answer (cached by identity of the instance list, so a cache hit in
 * the discovery client costs nothing here), round-robin choice (Envoy's default load balancer),
 * and outlier ejection per listener.
 *
 * @example
 * ```ts
 * import { EndpointPool } from '@meshplane/core/router/internals';
 * const pool = new EndpointPool('jazz-v1', { kind: 'dns', hostname: 'jazz-v1.local', label: 'DNS jazz-v1.local' }, undefined, Date.now);
 * console.log(pool.pickSync(9080, 'http')?.origin); // http://jazz-v1.local:9080
 * ```
 */
export class EndpointPool {
  private readonly byPort = new Map<number, PortCache>();
  private readonly detectors = new Map<number, OutlierDetector>();

  constructor(
    readonly nodeName: string,
    readonly discovery: NodeDiscovery,
    private readonly client: RouterDiscovery | undefined,
    private readonly now: () => number,
  ) {}

  /** Registers the outlier settings of a listener (called once at compile time). */
  setOutlierDetection(port: number, settings: OutlierSettings | undefined): void {
    if (settings) this.detectors.set(port, new OutlierDetector(settings, this.now));
  }

  detector(port: number): OutlierDetector | undefined {
    return this.detectors.get(port);
  }

  /**
   * Picks an endpoint synchronously when discovery can answer from its cache; returns undefined
   * when it must be awaited ({@link pick}).
   */
  pickSync(port: number, scheme: 'http' | 'https', avoid?: readonly string[]): Endpoint | undefined {
    const d = this.discovery;
    if (d.kind === 'dns') return this.choose(port, this.dnsEndpoints(port, scheme, d.hostname), avoid);
    if (d.kind === 'none') {
      throw new NoHealthyEndpointError({
        virtualNodeName: this.nodeName,
        discovery: d.label,
        reason: 'the virtual node has no service discovery, so it cannot receive traffic',
      });
    }
    const instances = this.client?.peek?.(d.query);
    if (instances === undefined) return undefined;
    return this.choose(port, this.cloudMapEndpoints(port, scheme, instances), avoid);
  }

  /** Picks an endpoint, awaiting discovery when its cache is cold. */
  async pick(port: number, scheme: 'http' | 'https', avoid?: readonly string[]): Promise<Endpoint> {
    const sync = this.pickSync(port, scheme, avoid);
    if (sync) return sync;
    const d = this.discovery as Extract<NodeDiscovery, { kind: 'cloudMap' }>;
    if (!this.client) {
      throw new NoHealthyEndpointError({
        virtualNodeName: this.nodeName,
        discovery: d.label,
        reason: 'the router was created without a `discovery` client',
      });
    }
    let instances: readonly RouterDiscoveredInstance[];
    try {
      instances = await this.client.discover(d.query);
    } catch (cause) {
      throw new NoHealthyEndpointError(
        { virtualNodeName: this.nodeName, discovery: d.label, reason: 'service discovery failed' },
        { cause },
      );
    }
    return this.choose(port, this.cloudMapEndpoints(port, scheme, instances), avoid);
  }

  private dnsEndpoints(port: number, scheme: 'http' | 'https', hostname: string): PortCache {
    let cache = this.byPort.get(port);
    if (!cache) {
      // DNS service discovery: the node's host name is the endpoint; the OS resolver does the rest.
      cache = {
        instances: undefined,
        endpoints: [
          { origin: `${scheme}://${hostname}:${port}`, host: hostname, port, instanceId: hostname },
        ],
        next: 0,
      };
      this.byPort.set(port, cache);
    }
    return cache;
  }

  private cloudMapEndpoints(
    port: number,
    scheme: 'http' | 'https',
    instances: readonly RouterDiscoveredInstance[],
  ): PortCache {
    let cache = this.byPort.get(port);
    if (!cache) {
      cache = { instances: undefined, endpoints: [], next: 0 };
      this.byPort.set(port, cache);
    }
    if (cache.instances !== instances) {
      cache.instances = instances;
      cache.endpoints = endpointsFromInstances(instances, port, scheme);
    }
    return cache;
  }

  /**
   * Round robin over the endpoints that are not ejected. `avoid` (the origins a call already
   * tried) is Envoy's `previous_hosts` retry predicate: those are passed over while another
   * endpoint is left, and picked again only when none is (Envoy then keeps the last selection).
   */
  private choose(port: number, cache: PortCache, avoid?: readonly string[]): Endpoint {
    const endpoints = cache.endpoints;
    const n = endpoints.length;
    if (n === 0) {
      throw new NoHealthyEndpointError({
        virtualNodeName: this.nodeName,
        discovery: this.discovery.label,
        reason: 'service discovery returned no instance with an address',
      });
    }
    const detector = this.detectors.get(port);
    let fallback: Endpoint | undefined;
    for (let i = 0; i < n; i++) {
      const index = cache.next++ % n;
      if (cache.next >= 0x3fffffff) cache.next = 0;
      const endpoint = endpoints[index]!;
      if (detector?.isEjected(endpoint.origin)) continue;
      if (avoid === undefined || !avoid.includes(endpoint.origin)) return endpoint;
      fallback ??= endpoint;
    }
    if (fallback !== undefined) return fallback;
    throw new NoHealthyEndpointError({
      virtualNodeName: this.nodeName,
      discovery: this.discovery.label,
      reason: `all ${n} endpoint(s) are ejected by outlier detection`,
    });
  }

  /** The number of endpoints last seen on a port (for the outlier ejection percentage). */
  size(port: number): number {
    return this.byPort.get(port)?.endpoints.length ?? 0;
  }
}
