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
  switch (address.kind) {
    case 'mesh':
      return base;
    case 'route':
      return `${base}/virtualRouter/${address.parentName}/route/${address.name}`;
    case 'gatewayRoute':
      return `${base}/virtualGateway/${address.parentName}/gatewayRoute/${address.name}`;
    default:
      return `${base}/${address.kind}/${address.name}`;
  }
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
  if (parts.length === 2) {
    const [kind, name] = parts as [string, string];
    if (['virtualNode', 'virtualRouter', 'virtualGateway', 'virtualService'].includes(kind) && name)
      return { ...common, kind: kind as AppMeshKind, name };
    return undefined;
  }
  if (parts.length === 4) {
    const [parentKind, parentName, kind, name] = parts as [string, string, string, string];
    if (parentKind === 'virtualRouter' && kind === 'route' && parentName && name)
      return { ...common, kind: 'route', parentName, name };
    if (parentKind === 'virtualGateway' && kind === 'gatewayRoute' && parentName && name)
      return { ...common, kind: 'gatewayRoute', parentName, name };
  }
  return undefined;
}
