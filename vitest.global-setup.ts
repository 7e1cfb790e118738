import { pythonTools } from './scripts/python-tools.js';

// Envoy, moto and cfn-lint come from PyPI through the project's own script, once per run, before
// any test file starts (so parallel workers never race to install them).
export default function setup(): void {
  pythonTools();
}
