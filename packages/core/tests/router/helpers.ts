import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteSpec, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import type { MeshModel, MeshplaneResource } from '../../src/model/resources.js';
import type {
  RouterDiscoveredInstance,
  RouterDiscovery,
  RouterDiscoveryQuery,
} from '../../src/router/index.js';

export const MESH = 'dj-app';
export const NS = 'prod.svc.cluster.local';

/** Deterministic PRNG (mulberry32) so that statistical tests never flake. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function node(name: string, spec: Partial<VirtualNodeSpec> = {}): MeshplaneResource {
  return {
    kind: 'virtualNode',
    meshName: MESH,
    name,
    spec: {
      listeners: [{ portMapping: { port: 9080, protocol: 'http' } }],
      serviceDiscovery: { awsCloudMap: { namespaceName: NS, serviceName: name } },
      ...spec,
    },
  };
}

export function route(router: string, name: string, spec: RouteSpec): MeshplaneResource {
  return { kind: 'route', meshName: MESH, virtualRouterName: router, name, spec };
}

export function router(name: string, port = 9080, protocol = 'http'): MeshplaneResource {
  return {
    kind: 'virtualRouter',
    meshName: MESH,
    name,
    spec: { listeners: [{ portMapping: { port, protocol: protocol as 'http' } }] },
  };
}

export function service(name: string, provider: { router?: string; node?: string }): MeshplaneResource {
  return {
    kind: 'virtualService',
    meshName: MESH,
    name,
    spec: {
      provider: provider.router
        ? { virtualRouter: { virtualRouterName: provider.router } }
        : provider.node
          ? { virtualNode: { virtualNodeName: provider.node } }
          : undefined,
    },
  };
}

/** A model with a `client` source node whose backends are the given services. */
export function meshModel(
  backends: string[],
  resources: MeshplaneResource[],
  egress: 'DROP_ALL' | 'ALLOW_ALL' = 'DROP_ALL',
): MeshModel {
  return {
    resources: [
      { kind: 'mesh', meshName: MESH, name: MESH, spec: { egressFilter: { type: egress } } },
      node('client', { backends: backends.map((b) => ({ virtualService: { virtualServiceName: b } })) }),
      ...resources,
    ],
  };
}

/**
 * An in-memory discovery: serviceName → instances. `peek` answers from it unless `cold` is set,
 * so the router's await path is exercised too.
 */
export function staticDiscovery(
  table: Record<string, RouterDiscoveredInstance[]>,
  options: { cold?: boolean } = {},
): RouterDiscovery & { calls: RouterDiscoveryQuery[] } {
  const calls: RouterDiscoveryQuery[] = [];
  const lookup = (q: RouterDiscoveryQuery) => {
    const all = table[q.serviceName] ?? [];
    return all.filter((i) =>
      Object.entries(q.queryParameters ?? {}).every(([k, v]) => i.Attributes?.[k] === v),
    );
  };
  return {
    calls,
    async discover(q) {
      calls.push(q);
      return lookup(q);
    },
    peek(q) {
      return options.cold ? undefined : lookup(q);
    },
  };
}

export function instance(
  id: string,
  port: number,
  extra: Record<string, string> = {},
): RouterDiscoveredInstance {
  return {
    InstanceId: id,
    HealthStatus: 'HEALTHY',
    Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port), ...extra },
  };
}

export interface Upstream {
  port: number;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A loopback HTTP server whose handler decides each answer (the n-th request is `n`, from 1). */
export async function startUpstream(
  handler: (req: IncomingMessage, res: ServerResponse, n: number) => void,
): Promise<Upstream> {
  const requests: Upstream['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on which nothing listens (bound then released). */
export async function closedPort(): Promise<number> {
  const u = await startUpstream(() => undefined);
  await u.close();
  return u.port;
}
