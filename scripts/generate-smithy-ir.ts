// Regenerates the committed Smithy IR modules from the compact copies of the official AWS models
// in scripts/aws-models (committed, so this and the drift test work on every clone). When the
// official models are at hand (../shared/aws-models, or --models DIR), the compact copies are
// rebuilt from them first, after checking that each file is the one whose sha256 is pinned in
// its compact copy; --update-pins accepts a newer official model and pins its hash.
// Usage: npm run generate [-- --models DIR] [-- --update-pins]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  COMPACT_MODELS_DIR,
  type CompactModelFile,
  compactModel,
  DROPPED_MODEL_TRAITS,
  generateIR,
  renderCompactModelFile,
  renderModule,
  type SmithyJson,
  TARGETS,
} from './smithy-ir.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--models');
const modelsDir = flag > 0 ? resolve(process.argv[flag + 1]!) : resolve(root, '..', 'shared', 'aws-models');
const updatePins = process.argv.includes('--update-pins');

const compactPath = (model: string) =>
  join(root, COMPACT_MODELS_DIR, model.replace(/\.json$/, '.generated.json'));

for (const target of TARGETS) {
  const original = join(modelsDir, target.model);
  const path = compactPath(target.model);
  if (existsSync(original)) {
    const bytes = readFileSync(original);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pinned = existsSync(path)
      ? (JSON.parse(readFileSync(path, 'utf8')) as CompactModelFile).source.sha256
      : undefined;
    if (pinned !== undefined && pinned !== sha256 && !updatePins) {
      console.error(
        `${original}: sha256 ${sha256} is not the pinned ${pinned}; check the new model and run with --update-pins`,
      );
      process.exit(1);
    }
    const file: CompactModelFile = {
      source: { file: target.model, bytes: bytes.length, sha256 },
      dropped: [...DROPPED_MODEL_TRAITS],
      model: compactModel(JSON.parse(bytes.toString('utf8')) as SmithyJson),
    };
    writeFileSync(path, renderCompactModelFile(file));
  }
  const { model } = JSON.parse(readFileSync(path, 'utf8')) as CompactModelFile;
  const ir = generateIR(model);
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
