import { KINDS } from '@meshplane/core';
import type { AppMeshKind } from './kinds.js';

/** Where a resource lives: its partition (region + account), mesh, parent and name. */
export interface ResourceAddress {
  region: string;
  accountId: string;
  kind: AppMeshKind;
  meshName: string;
  parentName?: string;
  name: string;
}

/**
 * The ARN of an App Mesh resource in AWS's format, e.g.
 * `arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app/virtualRouter/jazz-router/route/jazz-route`.
 *
 * @example
 * ```ts
 * import { appMeshArn } from '@meshplane/local';
 * console.log(appMeshArn({ region: 'us-east-1', accountId: '123456789012', kind: 'virtualNode', meshName: 'dj-app', name: 'dj' }));
 * // 'arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app/virtualNode/dj'
 * ```
 */
export function appMeshArn(address: ResourceAddress): string {
  const base = `arn:aws:appmesh:${address.region}:${address.accountId}:mesh/${address.meshName}`;
  if (address.kind === 'mesh') return base;
  const { arnSegment, parent } = KINDS[address.kind];
  // Routes and gateway routes live under their router or gateway (core's KINDS: parent).
  const scope = parent ? `/${KINDS[parent].arnSegment}/${address.parentName}` : '';
  return `${base}${scope}/${arnSegment}/${address.name}`;
}

const ARN = /^arn:aws[a-z-]*:appmesh:([a-z0-9-]+):(\d{12}):mesh\/([^/]+)(?:\/(.+))?$/;

/**
 * Parses an App Mesh ARN back into an address; `undefined` when it is not an App Mesh
 * resource ARN.
 *
 * @example
 * ```ts
 * import { parseAppMeshArn } from '@meshplane/local';
 * console.log(parseAppMeshArn('arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app')?.kind); // 'mesh'
 * ```
 */
export function parseAppMeshArn(arn: string): ResourceAddress | undefined {
  const match = ARN.exec(arn);
  if (!match) return undefined;
  const [, region, accountId, meshName, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  const common = { region, accountId, meshName };
  if (rest === undefined) return { ...common, kind: 'mesh', name: meshName };
  const parts = rest.split('/');
  const kind = (Object.keys(KINDS) as AppMeshKind[]).find((k) => {
    const { arnSegment, parent } = KINDS[k];
    if (k === 'mesh') return false;
    return parent
      ? parts.length === 4 && parts[0] === KINDS[parent].arnSegment && parts[2] === arnSegment
      : parts.length === 2 && parts[0] === arnSegment;
  });
  if (!kind || parts.some((part) => part === '')) return undefined;
  return parts.length === 4
    ? { ...common, kind, parentName: parts[1]!, name: parts[3]! }
    : { ...common, kind, name: parts[1]! };
}
