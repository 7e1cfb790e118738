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
}

/** The `serviceDiscovery.awsCloudMap` of a node, if any. */
export function cloudMapDiscovery(node: ResourceOfKind<'virtualNode'>): CloudMapDiscovery | undefined {
  const cm = rec(rec(node.spec.serviceDiscovery)?.awsCloudMap);
  if (!cm) return undefined;
  const attributes: Record<string, string> = {};
  const list = cm.attributes;
  if (Array.isArray(list))
    for (const a of list as { key?: string; value?: string }[]) attributes[a.key ?? ''] = a.value ?? '';
  return {
    namespaceName: String(cm.namespaceName ?? ''),
    serviceName: String(cm.serviceName ?? ''),
    attributes,
  };
}

const matches = (attributes: Readonly<Record<string, string>>, filter: Record<string, string>) =>
  Object.entries(filter).every(([k, v]) => attributes[k] === v);

/**
 * The ClusterLoadAssignment of an EDS egress cluster, from the Cloud Map endpoints of the target
 * node: instances that carry every attribute of the node's filter (App Mesh's
 * `awsCloudMap.attributes`), each with Cloud Map's health (UNHEALTHY → `UNHEALTHY`; HEALTHY and
 * UNKNOWN, a service without health checks, → `HEALTHY`). The port is the instance's
 * (`AWS_INSTANCE_PORT`) when the node has one listener and the instance has a port, else the
 * listener's (one Cloud Map instance cannot say which of several listeners its port is). A
 * service not discovered yet gives an empty assignment, so the cluster is ready with no host
 * rather than warming forever. Sorted by address, port, instance id: same input, same bytes.
 */
export function loadAssignment(
  target: EgressCluster,
  discovery: CloudMapDiscovery,
  endpoints: ReadonlyMap<string, ServiceEndpoints>,
): XdsResource {
  const found = endpoints.get(endpointKey(discovery));
  const single = (target.node.spec.listeners ?? []).length === 1;
  const hcPort = rec(rec((target.node.spec.listeners ?? [])[target.listenerIndex])?.healthCheck)?.port;
  const instances = (found?.instances ?? [])
    .filter((i) => matches(i.attributes, discovery.attributes))
    .map((i) => ({ ...i, port: single && i.port > 0 ? i.port : target.port }))
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
