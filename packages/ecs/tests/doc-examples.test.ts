import { join } from 'node:path';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';

// The @example blocks of @meshplane/ecs's public API run with the shared runner (scripts/doc-examples).
await describeTsdocExamples({
  title: 'documentation examples of @meshplane/ecs',
  public: {
    sources: [join(import.meta.dirname, '../src')],
    apiReport: join(import.meta.dirname, '../api/ecs.api.md'),
  },
  atLeast: 10,
});
