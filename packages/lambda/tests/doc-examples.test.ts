import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';
import { type DjLocalEnvironment, startDjLocalEnvironment } from './helpers/dj-local-environment.js';

// Every @example of @meshplane/lambda runs with the shared runner (scripts/doc-examples), with the
// SDK's standard variables pointing at a local App Mesh + Cloud Map endpoint that holds the DJ app
// mesh and its upstreams (as the README's "Trying the snippets locally" says), so examples that
// call AWS call it; `./mesh.json` beside an example is the DJ app model. An example marked
// `// internal: not exported from the package` calls its own file's exports by name.
let environment: DjLocalEnvironment;
beforeAll(async () => {
  environment = await startDjLocalEnvironment();
});
afterAll(() => environment.close());

await describeTsdocExamples({
  title: 'documentation examples of @meshplane/lambda',
  all: [join(import.meta.dirname, '../src')],
  atLeast: 60,
  fixtures: { 'mesh.json': join(import.meta.dirname, 'fixtures/dj-app-model.json') },
});
