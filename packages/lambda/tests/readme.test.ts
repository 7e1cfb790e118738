import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeRouteCommand, DescribeVirtualNodeCommand } from '@aws-sdk/client-app-mesh';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createMeshplaneHandler } from '../src/custom-resource/index.js';
import { invokeCustomResource } from '../src/testing/index.js';
import { type DjUpstreams, startDjUpstreams } from './helpers/dj-upstreams.js';
import { lambdaContext } from './helpers/lambda-context.js';
import { djAppModel, type LocalMesh, startLocalMesh } from './helpers/local-mesh.js';

// Every code block of the package README runs here as a user runs it (issue 14, items 5 and 8):
// TypeScript blocks are written to a module next to the DJ app model (`./dj-app-mesh.json`) and
// imported, with the SDK's standard variables pointing at a local endpoint, as the README's
// "Trying the snippets locally" says; a block marked `<!-- not runnable: … -->` says why.

const README = new URL('../README.md', import.meta.url);

interface Block {
  line: number;
  lang: string;
  code: string;
  notRunnable?: string;
}

function blocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    const marker = /^<!-- not runnable: (.+) -->$/.exec(lines[i - 1] ?? '')?.[1];
    found.push({
      line: i + 1,
      lang: open[1]!,
      code: lines.slice(i + 1, end).join('\n'),
      notRunnable: marker,
    });
    i = end;
  }
  return found;
}

const all = blocks(await readFile(README, 'utf8'));
let local: LocalMesh;
let upstreams: DjUpstreams;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  local = await startLocalMesh();
  upstreams = await startDjUpstreams(local.cloudMap);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_APP_MESH: local.endpoint.url,
    AWS_ENDPOINT_URL_SERVICEDISCOVERY: local.endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL: 'true',
  });
  // The DJ app mesh the snippets call, created the README's way: a Custom::MeshplaneMesh.
  const created = await invokeCustomResource(createMeshplaneHandler({ logger: { log: () => {} } }), {
    requestType: 'Create',
    resourceType: 'Custom::MeshplaneMesh',
    properties: { Model: djAppModel() },
  });
  expect(created.response?.Status).toBe('SUCCESS');
  dir = await mkdtemp(join(import.meta.dirname, '.readme-'));
  await copyFile(new URL('./fixtures/dj-app-model.json', import.meta.url), join(dir, 'dj-app-mesh.json'));
});
afterAll(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
  await upstreams.close();
  await local.close();
});

/** Writes the block as a module beside the model and imports it. */
async function load(block: Block): Promise<Record<string, unknown>> {
  const file = join(dir, `block-${block.line}.ts`);
  await writeFile(file, block.code);
  return (await import(file)) as Record<string, unknown>;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What each runnable block must do, found by a line of its own. */
const checks: [string, (module: Record<string, unknown>) => Promise<void>][] = [
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

describe('packages/lambda/README.md', () => {
  it('has a check for every runnable block and a reason for every other one', () => {
    for (const block of all) {
      if (block.notRunnable)
        expect(block.notRunnable.length, `block at line ${block.line}`).toBeGreaterThan(10);
      else {
        expect(block.lang, `block at line ${block.line}`).toBe('ts');
        expect(
          checks.filter(([marker]) => block.code.includes(marker)),
          `block at line ${block.line}`,
        ).toHaveLength(1);
      }
    }
    expect(all.filter((b) => !b.notRunnable)).toHaveLength(checks.length);
  });

  it.each(all.filter((b) => !b.notRunnable).map((b) => [b.line, b] as const))(
    'runs the block at line %i',
    async (_line, block) => {
      const [, check] = checks.find(([marker]) => block.code.includes(marker))!;
      await check(await load(block));
    },
  );

  it('has a YAML fragment that is valid YAML with the CloudFormation tags', () => {
    const yaml = all.find((b) => b.lang === 'yaml')!;
    const tags = ['!GetAtt', '!Ref', '!Sub'].map((tag) => ({
      tag,
      resolve: (value: string) => ({ [tag]: value }),
    }));
    expect(() => parseYaml(yaml.code, { customTags: tags })).not.toThrow();
  });
});
