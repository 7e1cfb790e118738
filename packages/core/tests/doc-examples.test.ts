import { join } from 'node:path';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';

// The @example blocks of @meshplane/core run with the shared runner (scripts/doc-examples).
const src = (folder: string) => join(import.meta.dirname, '../src', folder);

await describeTsdocExamples({
  title: 'the model, defineMesh, validation and Smithy IR examples',
  all: ['model', 'define', 'validation', 'smithy', 'smithy/generated'].map(src),
  atLeast: 25,
});

await describeTsdocExamples({
  title: 'the importer examples (every console.log says what it prints)',
  all: [src('importers')],
  atLeast: 10,
  everyLogStated: true,
});

await describeTsdocExamples({
  title: 'the option-schema examples (every console.log says what it prints)',
  all: [src('options')],
  atLeast: 5,
  everyLogStated: true,
});
