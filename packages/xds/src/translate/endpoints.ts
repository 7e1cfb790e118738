import { isIPv4, isIPv6 } from 'node:net';
import type { ResourceOfKind } from '@meshplane/core';
import { endpointKey, type ServiceEndpoints, TYPE_URLS, type XdsResource } from '../contract.js';
import type { EgressCluster } from './egress-plan.js';
import { type Json, socketAddress } from './envoy-json.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** A virtual node's Cloud Map discovery: namespace, service and the attributes filter. */
export interface CloudMapDiscovery {
  namespaceName: string;
  serviceName: string;
  attributes: Record<string, string>;
  /** `awsCloudMap.ipPreference`, if set. */
  ipPreference?: string;
}

/** The `serviceDiscovery.awsCloudMap` of a node, if any. */
export function cloudMapDiscovery(node: ResourceOfKind<'virtualNode'>): CloudMapDiscovery | undefined {
  const cm = rec(rec(node.spec.serviceDiscovery)?.awsCloudMap);
  if (!cm) return undefined;
  const attributes: Record<string, string> = {};
  const list = cm.attributes;
  if (Array.isArray(list))
    for (const a of list as { key?: string; value?: string }[]) attributes[a.key ?? ''] = a.value ?? '';
  const out: CloudMapDiscovery = {
    namespaceName: String(cm.namespaceName ?? ''),
    serviceName: String(cm.serviceName ?? ''),
    attributes,
  };
  if (typeof cm.ipPreference === 'string') out.ipPreference = cm.ipPreference;
  return out;
}

/**
 * The address of an instance under an `ipPreference` (the node's, else the mesh's): `*_ONLY`
 * takes that family's attribute (`AWS_INSTANCE_IPV4` / `AWS_INSTANCE_IPV6`) or leaves the
 * instance out, `*_PREFERRED` takes it when the instance has one, else the other; no preference,
 * the address the control plane read (IPv4 first).
 */
export function preferredAddress(
  instance: { address: string; attributes: Readonly<Record<string, string>> },
  preference: string | undefined,
): string | undefined {
  const v4 =
    instance.attributes.AWS_INSTANCE_IPV4 ?? (isIPv4(instance.address) ? instance.address : undefined);
  const v6 =
    instance.attributes.AWS_INSTANCE_IPV6 ?? (isIPv6(instance.address) ? instance.address : undefined);
  switch (preference) {
    case 'IPv4_ONLY':
      return v4;
    case 'IPv6_ONLY':
      return v6;
    case 'IPv4_PREFERRED':
      return v4 ?? v6 ?? instance.address;
    case 'IPv6_PREFERRED':
      return v6 ?? v4 ?? instance.address;
    default:
      return instance.address;
  }
}

const matches = (attributes: Readonly<Record<string, string>>, filter: Record<string, string>) =>
  Object.entries(filter).every(([k, v]) => attributes[k] === v);

/**
 * The ClusterLoadAssignment of an EDS egress cluster, from the Cloud Map endpoints of the target
 * node: instances that carry every attribute of the node's filter (App Mesh's
 * `awsCloudMap.attributes`), each with Cloud Map's health (UNHEALTHY → `UNHEALTHY`; HEALTHY and
 * UNKNOWN, a service without health checks, → `HEALTHY`), at the address its `ipPreference`
 * (node, else mesh) picks (see {@link preferredAddress}). The port is the instance's
 * (`AWS_INSTANCE_PORT`) when the node has one listener and the instance has a port, else the
 * listener's (one Cloud Map instance cannot say which of several listeners its port is). A
 * service not discovered yet gives an empty assignment, so the cluster is ready with no host
 * rather than warming forever. Sorted by address, port, instance id: same input, same bytes.
 */
export function loadAssignment(
  target: EgressCluster,
  discovery: CloudMapDiscovery,
  endpoints: ReadonlyMap<string, ServiceEndpoints>,
  meshIpPreference: string | undefined,
): XdsResource {
  const found = endpoints.get(endpointKey(discovery));
  const single = (target.node.spec.listeners ?? []).length === 1;
  const hcPort = rec(rec((target.node.spec.listeners ?? [])[target.listenerIndex])?.healthCheck)?.port;
  const preference = discovery.ipPreference ?? meshIpPreference;
  const instances = (found?.instances ?? [])
    .filter((i) => matches(i.attributes, discovery.attributes))
    .flatMap((i) => {
      const address = preferredAddress(i, preference);
      return address ? [{ ...i, address, port: single && i.port > 0 ? i.port : target.port }] : [];
    })
    .sort((a, b) =>
      a.address < b.address
        ? -1
        : a.address > b.address
          ? 1
          : a.port - b.port || (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0),
    );
  const lbEndpoints = instances.map((i) => {
    const endpoint: Json = { address: socketAddress(i.address, i.port) };
    if (typeof hcPort === 'number' && hcPort !== i.port)
      endpoint.health_check_config = { port_value: hcPort };
    return { endpoint, health_status: i.health === 'UNHEALTHY' ? 'UNHEALTHY' : 'HEALTHY' };
  });
  const cla: Json = {
    '@type': TYPE_URLS.clusterLoadAssignment,
    cluster_name: target.name,
    endpoints: lbEndpoints.length > 0 ? [{ lb_endpoints: lbEndpoints }] : [],
  };
  return { name: target.name, typeUrl: TYPE_URLS.clusterLoadAssignment, resource: cla };
}
