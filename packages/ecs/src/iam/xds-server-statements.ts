import { partitionOf } from '../envoy/image.js';
import type { PolicyStatement } from './policies.js';

/** Input of {@link xdsServerStatements}. */
export interface XdsServerPolicyOptions {
  region: string;
  /** Default `*`. */
  account?: string;
  /** Where the server reads the model. */
  model: { kind: 's3'; bucket: string; key: string } | { kind: 'appmesh'; mesh: string } | { kind: 'file' };
  /** The Cloud Map namespaces the served nodes reach: scopes discovery with `servicediscovery:NamespaceName`. */
  namespaces?: readonly string[];
}

/**
 * The permissions of a meshplane xDS server (the per-task agent, or `meshplane xds serve`): Cloud
 * Map discovery (`DiscoverInstances`, `DiscoverInstancesRevision`: no resource-level permissions,
 * scoped by `servicediscovery:NamespaceName` when the namespaces are known), and the model's
 * source: `s3:GetObject` on the one object, or the App Mesh reads on the one mesh. A model file
 * baked into the image needs nothing. No `appmesh:StreamAggregatedResources`: Envoy talks to
 * meshplane, not to App Mesh.
 *
 * @example
 * ```ts
 * import { xdsServerStatements } from '@meshplane/ecs';
 * const statements = xdsServerStatements({ region: 'us-east-1', model: { kind: 's3', bucket: 'meshes', key: 'dj-app.json' } });
 * console.log(statements.map((s) => s.Sid)); // ['XdsCloudMapDiscovery', 'XdsModelObject']
 * ```
 */
export function xdsServerStatements(options: XdsServerPolicyOptions): PolicyStatement[] {
  const partition = partitionOf(options.region);
  const account = options.account ?? '*';
  const namespaces = [...new Set(options.namespaces ?? [])].sort();
  const statements: PolicyStatement[] = [
    {
      Sid: 'XdsCloudMapDiscovery',
      Effect: 'Allow',
      Action: ['servicediscovery:DiscoverInstances', 'servicediscovery:DiscoverInstancesRevision'],
      Resource: ['*'],
      ...(namespaces.length
        ? { Condition: { StringEquals: { 'servicediscovery:NamespaceName': namespaces } } }
        : {}),
    },
  ];
  const { model } = options;
  if (model.kind === 's3') {
    statements.push({
      Sid: 'XdsModelObject',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [`arn:${partition}:s3:::${model.bucket}/${model.key}`],
    });
  }
  if (model.kind === 'appmesh') {
    const mesh = `arn:${partition}:appmesh:${options.region}:${account}:mesh/${model.mesh}`;
    statements.push({
      Sid: 'XdsModelMesh',
      Effect: 'Allow',
      Action: ['appmesh:Describe*', 'appmesh:List*'],
      Resource: [mesh, `${mesh}/*`],
    });
  }
  return statements;
}
