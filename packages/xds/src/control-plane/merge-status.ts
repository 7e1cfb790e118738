import type { ServiceEndpoints } from '../contract.js';
import type { NodeStatus, ServerStatus, StatusEvent } from '../server/index.js';
import type { CloudMapPoller } from './cloud-map-poller.js';
import type { ControlPlaneEvent, ControlPlaneStatus, ServedNodeStatus } from './control-plane-status.js';
import type { ModelSync } from './model-sync.js';

/**
 * The ADS server's status merged with the control plane's: every node the model serves or an
 * Envoy asked for, with its streams, ACK/NACK per type (`types`) and what was served (`served`).
 *
 * @example
 * ```ts
 * import type { MergedStatus } from '@meshplane/xds';
 * const nacked = (s: MergedStatus) => s.nodes.filter((n) => Object.values(n.types).some((t) => t.lastNack));
 * ```
 */
export interface MergedStatus extends ServerStatus {
  nodes: (NodeStatus & { served?: ServedNodeStatus })[];
  controlPlane: ControlPlaneStatus;
}

/**
 * Merges the ADS server's view (streams, ACK/NACK per type) with the control plane's (what each
 * node was served, the model, Cloud Map): every node the model serves or an Envoy asked for.
 */
export function mergeStatus(
  base: ServerStatus,
  served: ReturnType<ModelSync['status']>,
  source: string,
  poller: CloudMapPoller | undefined,
  fixed: ReadonlyMap<string, ServiceEndpoints>,
): MergedStatus {
  const byId = new Map(served.nodes.map((n) => [n.nodeId, n]));
  const nodes: MergedStatus['nodes'] = base.nodes.map((n) => ({
    ...n,
    ...(byId.has(n.nodeId) ? { served: byId.get(n.nodeId)! } : {}),
  }));
  for (const n of served.nodes) {
    if (!nodes.some((s) => s.nodeId === n.nodeId))
      nodes.push({ nodeId: n.nodeId, activeStreams: 0, types: {}, served: n });
  }
  nodes.sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  const problems = poller?.problems() ?? new Map<string, string>();
  const endpoints = poller?.endpoints() ?? fixed;
  const keys = [...new Set([...endpoints.keys(), ...problems.keys()])].sort();
  const controlPlane: ControlPlaneStatus = {
    source,
    ...served,
    cloudMap: {
      stats: poller?.stats() ?? { discoverCalls: 0, revisionCalls: 0, errors: 0, services: 0 },
      services: keys.map((service) => ({
        service,
        instances: endpoints.get(service)?.instances.length ?? 0,
        ...(problems.has(service) ? { problem: problems.get(service)! } : {}),
      })),
    },
  };
  return { ...base, nodes, controlPlane };
}

/** The server's ACK and NACK events as control plane events (the server already logs each NACK). */
export function forwardAcks(onEvent: ((event: ControlPlaneEvent) => void) | undefined) {
  return (e: StatusEvent): void => {
    if (!onEvent) return;
    if (e.kind === 'ack') {
      const message = `${e.nodeId} ACKed ${e.typeUrl} version ${e.version}`;
      onEvent({ type: 'ack', nodeId: e.nodeId, typeUrl: e.typeUrl, version: e.version, message });
    } else if (e.kind === 'nack') {
      const message = `${e.nodeId} rejected ${e.typeUrl} version ${e.nack.version}: ${e.nack.message}`;
      onEvent({ type: 'nack', nodeId: e.nodeId, typeUrl: e.typeUrl, nack: e.nack, message });
    }
  };
}
