import { join } from 'node:path';
import { DescribeRouteCommand, DescribeVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeMarkdownBlocks } from '../../../scripts/doc-examples/suite.js';
import { invokeCustomResource } from '../src/testing/index.js';
import { type DjLocalEnvironment, startDjLocalEnvironment } from './helpers/dj-local-environment.js';
import { lambdaContext } from './helpers/lambda-context.js';

// Every code block of the package README runs here with the shared runner (scripts/doc-examples),
// as a user runs it (issue 14, items 5 and 8): TypeScript blocks run as modules next to the DJ app
// model (`./dj-app-mesh.json`), with the SDK's standard variables pointing at a local endpoint, as
// the README's "Trying the snippets locally" says, and then do what the checks below say; a block
// marked `<!-- not-runnable: … -->` says why.
let environment: DjLocalEnvironment;
let local: DjLocalEnvironment['local'];
beforeAll(async () => {
  environment = await startDjLocalEnvironment();
  local = environment.local;
});
afterAll(() => environment.close());

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What each runnable block must do, found by a line of its own. */
const checks: [string, (exports: Record<string, unknown>) => Promise<void>][] = [
  [
    "}).use(meshplane({ model, virtualNodeName: 'dj' }));",
    async (m) => {
      const result = (await (m.handler as Handler)({}, lambdaContext())) as Record<string, unknown>;
      expect(result).toMatchObject({ statusCode: 200 });
      expect(['jazz-v1', 'jazz-v2']).toContain(result.from);
    },
  ],
  [
    "model: appMeshModelSource({ meshName: 'dj-app', refreshIntervalMs: 60_000 }),",
    async (m) => {
      expect(await (m.handler as Handler)({}, lambdaContext())).toBe('ok');
    },
  ],
  [
    "await context.mesh.fetch('http://metal.prod.svc.cluster.local:9080/');",
    async (m) => {
      expect(await (m.handler as Handler)({}, lambdaContext())).toMatchObject({ statusCode: 200 });
      await (m.handler as { runtime: { close(): Promise<void> } }).runtime.close();
    },
  ],
  [
    'await registerLambdaNode({',
    async () => {
      const node = await local.appMesh.send(
        new DescribeVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'recommender' }),
      );
      expect(node.virtualNode?.spec?.serviceDiscovery?.dns?.hostname).toBe(
        'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws',
      );
    },
  ],
  [
    "export { handler } from '@meshplane/lambda/custom-resource';",
    async (m) => {
      const { response } = await invokeCustomResource(m.handler as Handler, {
        requestType: 'Delete',
        resourceType: 'Custom::MeshplaneTrafficShift',
        physicalResourceId: 'meshplane:create-failed:1',
      });
      expect(response?.Status).toBe('SUCCESS');
    },
  ],
  [
    'const { response, attempts, bytes } = await invokeCustomResource(handler, {',
    async () => {
      const route = await local.appMesh.send(
        new DescribeRouteCommand({
          meshName: 'dj-app',
          virtualRouterName: 'jazz-router',
          routeName: 'jazz-route',
        }),
      );
      const weights = route.route?.spec?.httpRoute?.action?.weightedTargets ?? [];
      expect(weights.map((t) => `${t.virtualNode}=${t.weight}`).sort()).toEqual(['jazz-v1=90', 'jazz-v2=10']);
      expect(weights.reduce((sum, t) => sum + (t.weight ?? 0), 0)).toBe(100);
    },
  ],
];

const blocks = await describeMarkdownBlocks({
  title: 'packages/lambda/README.md',
  documents: ['packages/lambda/README.md'],
  fixtures: { 'dj-app-mesh.json': join(import.meta.dirname, 'fixtures/dj-app-model.json') },
  checks,
});

test('every ts block has exactly one check of what it does, and every check its block', () => {
  const runnable = blocks.filter((b) => b.lang === 'ts' && b.notRunnable === undefined);
  for (const block of runnable) {
    expect(
      checks.filter(([line]) => block.code.includes(line)),
      `block at line ${block.line}`,
    ).toHaveLength(1);
  }
  expect(runnable).toHaveLength(checks.length);
});
