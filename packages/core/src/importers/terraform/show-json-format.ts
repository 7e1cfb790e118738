import type { DocumentFormat } from '../document-formats.js';
import { isRecord } from '../source-document.js';

/**
 * The JSON that `terraform show -json` prints for a state or a saved plan: `format_version` and
 * `values.root_module` (state) or `planned_values.root_module` (plan).
 * (Placeholder from the seam commit; the Terraform importer replaces `convert`.)
 */
export const terraformShowJsonFormat: DocumentFormat = {
  name: 'terraform show -json output',
  matches(value) {
    return (
      isRecord(value) &&
      typeof value.format_version === 'string' &&
      (isRecord(value.values) || isRecord(value.planned_values))
    );
  },
  convert(doc, issues) {
    issues.push({
      code: 'UNKNOWN_DOCUMENT',
      path: doc.file ?? 'document',
      message: 'terraform show -json output is not read yet',
      severity: 'error',
      ...(doc.file ? { file: doc.file } : {}),
    });
    return [];
  },
};
