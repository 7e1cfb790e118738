// Regenerates the committed Smithy IR modules from the official AWS models in ../shared/aws-models.
// Usage: npm run generate [-- --models DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateIR, renderModule, type SmithyJson, TARGETS } from './smithy-ir.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--models');
const modelsDir = flag > 0 ? resolve(process.argv[flag + 1]!) : resolve(root, '..', 'shared', 'aws-models');

for (const target of TARGETS) {
  const json = JSON.parse(readFileSync(join(modelsDir, target.model), 'utf8')) as SmithyJson;
  const ir = generateIR(json);
  const text = renderModule(
    ir,
    target.exportName,
    target.irTypeImport,
    `aws-models/${target.model}`,
    target.doc,
  );
  writeFileSync(join(root, target.output), text);
  console.log(
    `${target.output}: ${Object.keys(ir.operations).length} operations, ${Object.keys(ir.shapes).length} shapes`,
  );
}
