import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeshModel } from '@meshplane/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withMesh } from '../../src/middleware/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';

vi.mock('../../src/xray/load-xray.js', () => ({
  loadXRay: () => Promise.reject(new Error("Cannot find package 'aws-xray-sdk-core'")),
}));

const TRACE = 'Root=1-6759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
let server: Server;
let port = 0;
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers['x-amzn-trace-id'] as string | undefined);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  delete process.env._X_AMZN_TRACE_ID;
  server.close();
});

function model(): MeshModel {
  return {
    resources: [
      { kind: 'mesh', meshName: 'p', name: 'p', spec: {} },
      {
        kind: 'virtualNode',
        meshName: 'p',
        name: 'caller',
        spec: { backends: [{ virtualService: { virtualServiceName: 'echo.local' } }] },
      },
      {
        kind: 'virtualNode',
        meshName: 'p',
        name: 'echo',
        spec: {
          listeners: [{ portMapping: { port, protocol: 'http' } }],
          serviceDiscovery: { dns: { hostname: '127.0.0.1' } },
        },
      },
      {
        kind: 'virtualService',
        meshName: 'p',
        name: 'echo.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'echo' } } },
      },
    ],
  };
}

describe('tracing without aws-xray-sdk-core', () => {
  it('never fails the invocation: the trace header still goes downstream, a warning is logged once', async () => {
    // Prepare
    const warnings: string[] = [];
    const handler = withMesh(
      async (_event: unknown, context) => (await context.mesh.fetch(`http://echo.local:${port}/`)).text(),
      { model: model(), virtualNodeName: 'caller', logger: { warn: (message) => warnings.push(message) } },
    );
    process.env._X_AMZN_TRACE_ID = TRACE;
    // Act
    const first = await handler({}, lambdaContext());
    const second = await handler({}, lambdaContext());
    await handler.runtime.close();
    // Assess
    expect([first, second]).toEqual(['ok', 'ok']);
    expect(seen.slice(-2)).toEqual([TRACE, TRACE]);
    expect(warnings.filter((w) => w.includes('aws-xray-sdk-core could not be loaded'))).toHaveLength(1);
  });
});
