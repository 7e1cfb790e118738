import type { DocumentFormat } from '../document-formats.js';
import { DocumentReporter, isRecord } from '../source-document.js';

/** Top-level keys of Terraform's JSON configuration syntax (developer.hashicorp.com/terraform/language/syntax/json). */
const BLOCK_KEYS = ['resource', 'variable', 'locals', 'module', 'provider', 'terraform', 'data', 'output'];

/** Whether a file name is Terraform's JSON syntax: `main.tf.json`, `prod.tfvars.json`. */
export function isTerraformJsonFile(file: string): boolean {
  return /\.(tf|tfvars)\.json$/i.test(file);
}

/**
 * Why `importSources` does not read a Terraform JSON-syntax file, and what does: a configuration
 * is evaluated as a whole (variables, references, modules) by the asynchronous Terraform importer.
 */
export function terraformJsonRefusal(file: string | undefined): string {
  return `${file ?? 'the document'} is a Terraform configuration in JSON syntax (.tf.json), which importSources does not evaluate: import it with importTerraformFiles (with the configuration's other .tf, .tf.json and .tfvars files) or loadModelFromPath (its folder), as meshplane's CLI does`;
}

/**
 * A `.tf.json` file (Terraform's JSON configuration syntax) handed to the synchronous
 * `importSources` is recognised, so that it is refused with what to do, not read as an App Mesh
 * document it cannot be; importTerraformFiles and loadModelFromPath read it (json-syntax-body.ts).
 */
export const terraformJsonSyntaxFormat: DocumentFormat = {
  name: 'Terraform JSON configuration syntax',
  matches(value) {
    return (
      isRecord(value) &&
      Object.keys(value).length > 0 &&
      Object.keys(value).every((key) => BLOCK_KEYS.includes(key) || key === '//') &&
      Object.keys(value).some((key) => key !== '//')
    );
  },
  convert(doc, issues) {
    new DocumentReporter(doc, doc.file ?? 'document', [], issues).error(
      'UNSUPPORTED_FILE',
      [],
      terraformJsonRefusal(doc.file),
    );
    return [];
  },
};
