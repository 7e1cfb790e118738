import type { RouterDiscoveryQuery } from '@meshplane/core/router';
import type { Context } from 'aws-lambda';
import middy from 'middy7';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { LatticeStandIn, SigV4Verifier } from '../../../core/tests/router/lattice-stand-in.js';
import { meshplane, type WithMeshContext } from '../../src/middleware/index.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { djAppModel } from '../helpers/local-mesh.js';

// Issue 15 item 5: in Lambda, `router.lattice` of the middleware reaches createRouter, so that
// context.mesh.fetch to a migrated virtual service goes to its VPC Lattice service, signed
// (checked with botocore by the stand-in), and the init's discovery warm-up skips the Cloud Map
// services behind Lattice.
const CREDENTIALS = {
  accessKeyId: 'AKIDLAMBDA',
  secretAccessKey: 'lambda-secret',
  sessionToken: 'lambda-token',
};
let verifier: SigV4Verifier;
let lattice: LatticeStandIn;
const opened: { runtime: { close(): Promise<void> } }[] = [];
beforeAll(async () => {
  verifier = new SigV4Verifier();
  lattice = await new LatticeStandIn(verifier, { ...CREDENTIALS, region: 'eu-west-1' }, (r) => ({
    status: 200,
    body: JSON.stringify({ path: r.target }),
  })).start();
});
afterAll(async () => {
  await lattice.close();
  verifier.close();
});
afterEach(async () => {
  for (const m of opened.splice(0)) await m.runtime.close();
});

it('passes router.lattice through: the jazz calls are signed for vpc-lattice-svcs, only metal is looked up in Cloud Map', async () => {
  // Prepare
  const queries: RouterDiscoveryQuery[] = [];
  const discover = async (q: RouterDiscoveryQuery) => {
    queries.push(q);
    return [];
  };
  const middleware = meshplane({
    model: djAppModel(),
    virtualNodeName: 'dj',
    tracing: false,
    discovery: { discover },
    router: {
      lattice: {
        services: { 'jazz.prod.svc.cluster.local': lattice.url },
        region: 'eu-west-1',
        credentials: CREDENTIALS,
      },
    },
  });
  opened.push(middleware);
  const handler = middy<unknown, unknown, Error, Context & WithMeshContext>(
    async (_event: unknown, context: Context & WithMeshContext) => {
      const response = await context.mesh.fetch('http://jazz.prod.svc.cluster.local:9080/artists?x=a b');
      return { status: response.status, body: await response.json(), target: response.mesh.targetNode };
    },
  ).use(middleware);
  // Act
  const result = await handler({}, lambdaContext() as Context & WithMeshContext);
  // Assess
  expect(result).toEqual({ status: 200, body: { path: '/artists?x=a%20b' }, target: undefined });
  expect(lattice.received.map((r) => r.verdict.ok)).toEqual([true]);
  expect(lattice.received[0]!.headers['x-amz-security-token']).toBe('lambda-token');
  expect(new Set(queries.map((q) => q.serviceName))).toEqual(new Set(['metal']));
});
