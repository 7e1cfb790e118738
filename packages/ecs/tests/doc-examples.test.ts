import { join } from 'node:path';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';

// The @example blocks of @meshplane/ecs run with the shared runner (scripts/doc-examples): every
// one of the task definition, Envoy and option sources and of the agent's parts, exported or not
// (the names that left the public surface keep their examples running), and the public ones of the rest.
const src = join(import.meta.dirname, '../src');
await describeTsdocExamples({
  title: 'documentation examples of @meshplane/ecs',
  all: [
    'task-definition',
    'envoy',
    'option-issues.ts',
    'input-issues.ts',
    ...[
      'attributes',
      'cloud-map-registry',
      'command',
      'health-monitor',
      'metadata',
      'node-scope',
      'xds-command',
    ].map((file) => `agent/${file}.ts`),
  ].map((p) => join(src, p)),
  public: {
    sources: [src],
    apiReport: join(import.meta.dirname, '../api/ecs.api.md'),
  },
  atLeast: 10,
});
