import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Context } from 'aws-lambda';
import middy from 'middy7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshplane, type WithMeshContext } from '../../src/middleware/index.js';
import { type DjUpstreams, startDjUpstreams } from '../helpers/dj-upstreams.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { djAppModel, type LocalMesh, startLocalMesh } from '../helpers/local-mesh.js';

const ROOT = '1-6759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

let local: LocalMesh;
let upstreams: DjUpstreams;
let daemon: Socket;
const documents: Record<string, unknown>[] = [];

beforeAll(async () => {
  local = await startLocalMesh();
  upstreams = await startDjUpstreams(local.cloudMap);
  daemon = createSocket('udp4');
  daemon.on('message', (msg) => documents.push(JSON.parse(msg.toString('utf8').split('\n')[1]!)));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  daemon.close();
  await upstreams.close();
  await local.close();
});

async function waitForDocuments(count: number) {
  const until = Date.now() + 5_000;
  while (documents.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return documents.splice(0, count);
}

describe('X-Ray through the middleware', () => {
  it('records each mesh call as a subsegment and propagates the trace header with it as Parent', async () => {
    // Prepare
    const middleware = meshplane({
      model: djAppModel(),
      virtualNodeName: 'dj',
      discovery: { cloudMap: { clientConfig: local.cloudMapConfig } },
      xrayDaemonAddress: `127.0.0.1:${(daemon.address() as AddressInfo).port}`,
    });
    const handler = middy<unknown, unknown, Error, Context & WithMeshContext>(
      async (_event: unknown, context: Context & WithMeshContext) => {
        const jazz = await context.mesh.fetch('http://jazz.prod.svc.cluster.local:9080/');
        const metal = await context.mesh.fetch('http://metal.prod.svc.cluster.local:9080/');
        return [jazz.status, metal.status];
      },
    ).use(middleware);
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    // Act
    const statuses = await handler({}, lambdaContext() as Context & WithMeshContext);
    delete process.env._X_AMZN_TRACE_ID;
    const [jazzDoc, metalDoc] = await waitForDocuments(2);
    await middleware.runtime.close();
    // Assess
    expect(statuses).toEqual([200, 200]);
    expect(jazzDoc).toMatchObject({
      type: 'subsegment',
      name: 'jazz.prod.svc.cluster.local',
      trace_id: ROOT,
      parent_id: PARENT,
      annotations: {
        mesh_virtual_service: 'jazz.prod.svc.cluster.local',
        mesh_route: 'jazz-route',
        mesh_target_node: 'jazz-v1',
        mesh_attempt: 1,
        mesh_status_code: 200,
      },
    });
    expect(metalDoc).toMatchObject({
      annotations: { mesh_route: 'metal-route', mesh_target_node: 'metal-v1' },
    });
    const seen = upstreams.seen.slice(-2);
    expect(seen[0]?.traceHeader).toBe(`Root=${ROOT};Parent=${jazzDoc!.id as string};Sampled=1`);
    expect(seen[1]?.traceHeader).toBe(`Root=${ROOT};Parent=${metalDoc!.id as string};Sampled=1`);
  });

  it('never loads aws-xray-sdk-core in an untraced invocation (fresh process), and does once traced', async () => {
    // Prepare
    const probe = fileURLToPath(new URL('../fixtures/xray-probe.ts', import.meta.url));
    const env = { ...process.env };
    delete env._X_AMZN_TRACE_ID;
    // Act
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@meshplane/source', '--import', 'tsx', probe],
      { env, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    // Assess
    expect(JSON.parse(stdout)).toEqual({
      atStart: false,
      untraced: 'ok',
      afterUntraced: false,
      traced: 'ok',
      afterTraced: true,
    });
  });
});
