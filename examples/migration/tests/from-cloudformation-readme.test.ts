import { describeMarkdownBlocks } from '../../../scripts/doc-examples/suite.js';

// The walkthrough's blocks, run as the docs test runs every README's (tests/docs only finds the
// README of each example's top folder, not this one a level deeper): each command from the
// repository's root with the CLI from source, its exit code and the output its transcript shows.
await describeMarkdownBlocks({
  title: 'examples/migration/from-cloudformation/README.md: every block runs, or says why not',
  documents: ['examples/migration/from-cloudformation/README.md'],
});
