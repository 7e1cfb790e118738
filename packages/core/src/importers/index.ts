export { type ImportDocumentsOptions, importDocuments } from './appmesh-documents.js';
export { type ImportResult, type IssueLocator, refineIssueLocations } from './import-result.js';
export {
  type ImportSourcesOptions,
  importSources,
  SOURCE_EXTENSIONS,
  type SourceFile,
} from './import-sources.js';
export {
  type JsonParseResult,
  type Locator,
  type PathSegment,
  parseJsonWithPositions,
  type TextPosition,
} from './json-with-positions.js';
export type { V1beta1Naming } from './kubernetes-object.js';
export { type ImportKubernetesOptions, importKubernetesYaml } from './kubernetes-yaml.js';
export { matchesLabelSelector } from './label-selector.js';
export { listSourceFiles, loadModelFromPath } from './load-model-from-path.js';
export type { PreviewMode } from './preview-upgrade.js';
export { resourcePath, type SourceDocument } from './source-document.js';
export { importTerraformFiles } from './terraform/import-terraform-files.js';
export { parseYamlWithPositions, type YamlDocument, type YamlParseResult } from './yaml-with-positions.js';
