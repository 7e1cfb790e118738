import type { DocumentFormat } from '../document-formats.js';
import { isRecord } from '../source-document.js';
import { importTemplate } from './import-template.js';

/**
 * CloudFormation templates: a document whose `Resources` map holds `Type: AWS::…` entries, JSON or
 * YAML (with the short intrinsic tags). Their `AWS::AppMesh::*` resources are imported, see
 * `importTemplate`.
 */
export const cloudFormationTemplateFormat: DocumentFormat = {
  name: 'CloudFormation template',
  matches(value) {
    if (!isRecord(value) || !isRecord(value.Resources)) return false;
    return Object.values(value.Resources).some(
      (r) => isRecord(r) && typeof r.Type === 'string' && /^(AWS|Custom)::|^Alexa::/.test(r.Type),
    );
  },
  convert: importTemplate,
};
