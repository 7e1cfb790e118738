import type { DocumentFormat } from '../document-formats.js';
import { isRecord } from '../source-document.js';

/**
 * CloudFormation templates: a document whose `Resources` map holds `Type: AWS::…` entries.
 * (Placeholder from the seam commit; the CloudFormation importer replaces `convert`.)
 */
export const cloudFormationTemplateFormat: DocumentFormat = {
  name: 'CloudFormation template',
  matches(value) {
    if (!isRecord(value) || !isRecord(value.Resources)) return false;
    return Object.values(value.Resources).some(
      (r) => isRecord(r) && typeof r.Type === 'string' && /^(AWS|Custom)::|^Alexa::/.test(r.Type),
    );
  },
  convert(doc, issues) {
    issues.push({
      code: 'UNKNOWN_DOCUMENT',
      path: doc.file ?? 'document',
      message: 'CloudFormation templates are not read yet',
      severity: 'error',
      ...(doc.file ? { file: doc.file } : {}),
    });
    return [];
  },
};
