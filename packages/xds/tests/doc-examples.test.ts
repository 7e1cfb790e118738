import { join } from 'node:path';
import { describeTsdocExamples } from '../../../scripts/doc-examples/suite.js';

// The @example blocks of @meshplane/xds run with the shared runner (scripts/doc-examples): every
// one of the translation, the control plane, the sources and the errors; the public ones elsewhere.
const src = (path: string) => join(import.meta.dirname, '../src', path);

await describeTsdocExamples({
  title: 'documentation examples of @meshplane/xds',
  all: ['translate', 'control-plane', 'sources', 'errors.ts'].map(src),
  public: { sources: [src('')], apiReport: join(import.meta.dirname, '../api/xds.api.md') },
  atLeast: 20,
});
