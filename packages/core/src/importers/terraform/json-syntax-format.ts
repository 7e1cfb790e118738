import type { DocumentFormat } from '../document-formats.js';
import { DocumentReporter, isRecord } from '../source-document.js';

/** Top-level keys of Terraform's JSON configuration syntax (developer.hashicorp.com/terraform/language/syntax/json). */
const BLOCK_KEYS = ['resource', 'variable', 'locals', 'module', 'provider', 'terraform', 'data', 'output'];

/** Whether a file name is Terraform's JSON syntax: `main.tf.json`, `prod.tfvars.json`. */
export function isTerraformJsonFile(file: string): boolean {
  return /\.(tf|tfvars)\.json$/i.test(file);
}

/**
 * Why a Terraform JSON-syntax file is not read, and what to do instead: the same resources reach
 * meshplane as HCL, or as the JSON Terraform itself prints for a plan or a state (read by the
 * `terraform show -json` format).
 */
export function terraformJsonRefusal(file: string | undefined): string {
  return `${file ?? 'the document'} is a Terraform configuration in JSON syntax (.tf.json), which meshplane does not read: write its blocks in HCL (a .tf file), or import what Terraform makes of it: terraform plan -out=plan.tfplan, then terraform show -json plan.tfplan > plan.json, and import plan.json (after apply, terraform show -json > state.json works too)`;
}

/**
 * A `.tf.json` file (Terraform's JSON configuration syntax) is recognised so that it is refused
 * with what to do, not read as an App Mesh document it cannot be: its expressions are `${…}`
 * templates inside strings, which meshplane reads only from HCL.
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
