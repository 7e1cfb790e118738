import type { TranslateInput, XdsResource } from '../contract.js';
import { egressCluster } from './clusters.js';
import type { EgressPlan } from './egress-plan.js';
import { cloudMapDiscovery, loadAssignment } from './endpoints.js';
import type { IssueSink, MeshIndex } from './mesh-index.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** The egress clusters of a plan and, for Cloud Map targets, their load assignments. */
export function egressResources(
  index: MeshIndex,
  plan: EgressPlan,
  input: TranslateInput,
  sink: IssueSink,
): XdsResource[] {
  const out: XdsResource[] = [];
  const meshIp = rec(rec(index.mesh?.spec)?.serviceDiscovery)?.ipPreference;
  for (const target of plan.clusters.values()) {
    const cluster = egressCluster(target, meshIp, sink);
    if (!cluster) continue;
    out.push(cluster);
    const cm = cloudMapDiscovery(target.node);
    if (cm)
      out.push(loadAssignment(target, cm, input.endpoints, typeof meshIp === 'string' ? meshIp : undefined));
  }
  return out;
}
