import { join } from 'node:path';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';

// Every @example of @meshplane/migrate runs with the shared runner (scripts/doc-examples), and
// each states what it prints.
await describeTsdocExamples({
  title: 'the @example blocks of @meshplane/migrate run and print what they say',
  all: [join(import.meta.dirname, '../src')],
  atLeast: 12,
  statesSomething: true,
});
