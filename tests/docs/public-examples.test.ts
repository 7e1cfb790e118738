import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  type DjLocalEnvironment,
  startDjLocalEnvironment,
} from '../../packages/lambda/tests/helpers/dj-local-environment.js';
import { describeTsdocExamples, REPO } from '../../scripts/doc-examples/suite.js';

// The public @example blocks of @meshplane/core's App Mesh, Cloud Map, router and error APIs run
// here (core's own tests do not depend on @meshplane/local, issue 12 item 8). Each starts from a
// fresh local App Mesh + Cloud Map endpoint holding the DJ app mesh and its upstreams (jazz and
// metal, v1 and v2, in prod.svc.cluster.local), with the SDK's standard variables pointing at it,
// as the examples assume. The router's examples talk about one router of the DJ app's `dj` node:
// `model`, `discovery`, `router` (and `createRouter`) are that router's, as the router page says.
let environment: DjLocalEnvironment | undefined;
afterAll(() => environment?.close());

const core = (path: string) => join(REPO, 'packages/core', path);
const mesh = JSON.stringify(join(REPO, 'examples/dj-app/src/mesh.ts'));

await describeTsdocExamples({
  title: 'the examples of the public App Mesh, Cloud Map, router and error APIs of @meshplane/core',
  public: {
    sources: ['src/appmesh', 'src/cloudmap', 'src/router', 'src/errors', 'src/index.ts'].map(core),
    apiReport: core('api/core.api.md'),
  },
  atLeast: 60,
  beforeEach: async (example) => {
    // Examples of the App Mesh and Cloud Map APIs change the mesh and the registry; the others read.
    if (environment && !/src\/(appmesh|cloudmap)\//.test(example.file)) return;
    await environment?.close();
    // The account of the examples' ARNs (the local endpoint's default is 000000000000).
    environment = await startDjLocalEnvironment({ accountId: '111122223333' });
  },
  context: [
    { name: 'createRouter', code: "const { createRouter } = await import('@meshplane/core/router');" },
    { name: 'model', code: `const model = (await import(${mesh})).djAppMesh();` },
    {
      name: 'discovery',
      code: "const discovery = (await import('@meshplane/core/cloudmap')).createDiscovery({ clientConfig: { disableHostPrefix: true } });",
    },
    { name: 'router', code: "const router = createRouter({ model, sourceNode: 'dj', discovery });" },
  ],
});
