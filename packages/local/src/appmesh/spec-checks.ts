import { MESH_QUOTAS, nodeBackends, references, routeMatchPort, serviceProvider } from '@meshplane/core';
import { coreRuleProblems } from './core-rules.js';
import { badRequest, limitExceeded, notFound } from './errors.js';
import { kindWords, type WireKind } from './kinds.js';
import { asModelResource } from './model-resource.js';
import { gatewayTargetOf, portsOf, routePortProblems } from './spec-rules.js';
import type { Partition } from './store.js';

type Json = Record<string, unknown>;

/** The resource a create or update would store, before it is stored. */
export interface Candidate {
  info: WireKind;
  meshName: string;
  parentName?: string;
  name: string;
  spec: Json;
}

/**
 * AWS user guide (gateway routes): "Virtual service provider port is required when the provider
 * (router or node) of the selected virtual service has multiple listeners."
 */
function targetPortProblems(partition: Partition, meshName: string, spec: Json): string[] {
  const target = gatewayTargetOf(spec);
  if (!target) return [];
  const service = partition.get('virtualService', meshName, undefined, target.virtualServiceName);
  const provider = service && serviceProvider(service.spec);
  const providerResource = provider && partition.get(provider.kind, meshName, undefined, provider.name);
  if (!providerResource) return [];
  const ports = portsOf(providerResource.spec);
  const words = `${kindWords(providerResource.kind)} "${providerResource.name}"`;
  if (target.port === undefined && ports.length > 1)
    return [
      `${target.path}.port: Virtual service provider port is required when the provider (router or node) of the selected virtual service has multiple listeners (${words} listens on ${ports.join(', ')})`,
    ];
  if (target.port !== undefined && !ports.includes(target.port))
    return [`${target.path}.port: ${target.port} is not a listener port of ${words} (${ports.join(', ')})`];
  return [];
}

/** A router or gateway given several listeners needs every route under it to match on a port. */
function portlessChildrenProblems(partition: Partition, c: Candidate): string[] {
  const childKind =
    c.info.kind === 'virtualRouter' ? 'route' : c.info.kind === 'virtualGateway' ? 'gatewayRoute' : undefined;
  if (!childKind || portsOf(c.spec).length <= 1) return [];
  const portless = partition
    .list(childKind, c.meshName, c.name)
    .filter((r) => routeMatchPort(r.spec) === undefined);
  if (portless.length === 0) return [];
  const children =
    childKind === 'route' ? 'Routes for this Virtual Router' : 'Gateway Routes for this Virtual Gateway';
  return [
    `All ${children} must define a port match criteria when it has multiple listeners; routes without one: ${portless.map((r) => `"${r.name}"`).join(', ')}`,
  ];
}

/**
 * Checks a candidate spec as App Mesh does before storing it: core's validation rules App Mesh
 * enforces on one resource (`coreRuleProblems`: route type, weights, matches, health-check port)
 * and port agreement
 * (BadRequestException, all problems at once), the backends quota (LimitExceededException) and
 * the hard references it makes (core's `references()`: route targets, the service provider, the
 * gateway route target) that do not exist (NotFoundException). A node's backends are soft
 * references: they may name services that do not exist yet.
 */
export function checkCandidate(partition: Partition, c: Candidate): void {
  const resource = asModelResource({ ...c, kind: c.info.kind });
  const problems = coreRuleProblems(resource);
  if (c.info.parent && problems.length === 0) {
    const parent = partition.get(c.info.parent, c.meshName, undefined, c.parentName!);
    if (parent) problems.push(...routePortProblems(c.spec, parent.spec, parent.name, c.info.parent));
  }
  if (c.info.kind === 'gatewayRoute' && problems.length === 0)
    problems.push(...targetPortProblems(partition, c.meshName, c.spec));
  problems.push(...portlessChildrenProblems(partition, c));
  if (problems.length > 0) throw badRequest(problems.join('; '));
  const backends = nodeBackends(c.spec).length;
  if (c.info.kind === 'virtualNode' && backends > MESH_QUOTAS.backendsPerNode)
    throw limitExceeded(
      `spec.backends has ${backends} backends; a virtual node can have at most ${MESH_QUOTAS.backendsPerNode}`,
    );
  // The mesh and the parent were checked with their own messages before.
  const missing = references(resource)
    .filter((ref) => ref.strength === 'hard' && ref.role !== 'mesh' && ref.role !== 'parent')
    .filter((ref) => !partition.get(ref.kind, c.meshName, undefined, ref.name));
  if (missing.length > 0)
    throw notFound(
      missing
        .map(
          (ref) => `${ref.path}: ${kindWords(ref.kind)} "${ref.name}" does not exist in mesh "${c.meshName}"`,
        )
        .join('; '),
    );
}
