import type { DocumentFormat } from '../document-formats.js';
import { DocumentReporter, isRecord } from '../source-document.js';

/** Top-level keys of Terraform's JSON configuration syntax (developer.hashicorp.com/terraform/language/syntax/json). */
const BLOCK_KEYS = ['resource', 'variable', 'locals', 'module', 'provider', 'terraform', 'data', 'output'];

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
      `${doc.file ?? 'the document'} is a Terraform configuration in JSON syntax (.tf.json), which meshplane does not read: write it in HCL (.tf), or import the output of terraform show -json instead`,
    );
    return [];
  },
};
