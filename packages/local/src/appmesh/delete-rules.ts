import { type Reference, references } from '@meshplane/core';
import { kindWords } from './kinds.js';
import { asModelResource } from './model-resource.js';
import type { Partition, StoredResource } from './store.js';

/** How each kind of hard reference is worded when it blocks a delete, in the order they are listed. */
const BLOCKING_ROLES: ReadonlyArray<Reference['role']> = [
  'parent',
  'provider',
  'routeTarget',
  'gatewayRouteTarget',
];

function phrase(role: Reference['role'], holders: StoredResource[]): string {
  const names = holders.map((r) => `"${r.name}"`).join(', ');
  const routeNames = holders.map((r) => `"${r.parentName}/${r.name}"`).join(', ');
  const routeWords = holders[0]?.kind === 'gatewayRoute' ? 'gateway routes' : 'routes';
  switch (role) {
    case 'parent':
      return `it still has ${routeWords} ${names}`;
    case 'provider':
      return `virtual services ${names} use it as their provider`;
    // AWS answers "VirtualNode with name X cannot be deleted because it is the target of one or more routes".
    case 'routeTarget':
      return `it is the target of routes ${routeNames}`;
    // AWS answers "VirtualService X is being referenced in the following: GATEWAY_ROUTE: [...]".
    default:
      return `it is the target of gateway routes ${routeNames}`;
  }
}

/**
 * Why a resource cannot be deleted yet (empty when it can): App Mesh answers ResourceInUseException
 * while another resource holds a hard reference to it (core's `references()`: a mesh's resources,
 * a router's routes, a service's provider, a route's target nodes, a gateway route's service). A
 * node's backends are soft references and never block.
 */
export function deleteBlockers(partition: Partition, resource: StoredResource): string[] {
  const holders = new Map<Reference['role'], StoredResource[]>();
  for (const other of partition.meshResources(resource.meshName)) {
    if (other === resource) continue;
    const refs = references(asModelResource(other));
    const role = refs.find(
      (r) => r.strength === 'hard' && r.kind === resource.kind && r.name === resource.name,
    )?.role;
    if (role) holders.set(role, [...(holders.get(role) ?? []), other]);
  }
  if (resource.kind === 'mesh') {
    const children = holders.get('mesh') ?? [];
    if (children.length === 0) return [];
    const shown = children.slice(0, 5).map((c) => `${kindWords(c.kind)} "${c.name}"`);
    return [
      `the mesh still has ${children.length} resources (${shown.join(', ')}${children.length > 5 ? ', …' : ''}); delete them first`,
    ];
  }
  const byName = (a: StoredResource, b: StoredResource) =>
    `${a.parentName ?? ''}/${a.name}` < `${b.parentName ?? ''}/${b.name}` ? -1 : 1;
  return BLOCKING_ROLES.filter((role) => holders.has(role)).map((role) =>
    phrase(role, holders.get(role)!.sort(byName)),
  );
}
