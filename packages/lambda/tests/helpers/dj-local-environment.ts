import type { LocalEndpointOptions } from '@meshplane/local';
import { expect } from 'vitest';
import { createMeshplaneHandler } from '../../src/custom-resource/index.js';
import { invokeCustomResource } from '../../src/testing/index.js';
import { type DjUpstreams, startDjUpstreams } from './dj-upstreams.js';
import { djAppModel, type LocalMesh, startLocalMesh } from './local-mesh.js';

export interface DjLocalEnvironment {
  local: LocalMesh;
  close(): Promise<void>;
}

/**
 * The environment the README and the @example blocks describe ("Trying the snippets locally"): a
 * local App Mesh + Cloud Map endpoint holding the DJ app mesh (created the README's way, by a
 * Custom::MeshplaneMesh) and its upstreams, with the SDK's standard variables pointing at it.
 */
export async function startDjLocalEnvironment(
  options: LocalEndpointOptions = {},
): Promise<DjLocalEnvironment> {
  const saved = { ...process.env };
  const local = await startLocalMesh(options);
  const upstreams: DjUpstreams = await startDjUpstreams(local.cloudMap);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_APP_MESH: local.endpoint.url,
    AWS_ENDPOINT_URL_SERVICEDISCOVERY: local.endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL: 'true',
  });
  const created = await invokeCustomResource(createMeshplaneHandler({ logger: { log: () => {} } }), {
    requestType: 'Create',
    resourceType: 'Custom::MeshplaneMesh',
    properties: { Model: djAppModel() },
  });
  expect(created.response?.Status).toBe('SUCCESS');
  return {
    local,
    async close() {
      process.env = saved;
      await upstreams.close();
      await local.close();
    },
  };
}
