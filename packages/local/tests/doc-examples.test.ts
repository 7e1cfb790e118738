import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';

// Every @example of @meshplane/local runs with the shared runner (scripts/doc-examples). Examples
// that name /tmp/meshplane-state.json get a fresh temporary file instead, so runs never share state.
await describeTsdocExamples({
  title: 'documentation examples of @meshplane/local',
  all: [join(import.meta.dirname, '../src')],
  atLeast: 20,
  rewrite: async (code) =>
    code.replaceAll(
      '/tmp/meshplane-state.json',
      join(await mkdtemp(join(tmpdir(), 'meshplane-doc-')), 'state.json'),
    ),
});
