/**
 * Translation: model + Cloud Map endpoints → the Envoy v3 resources of one virtual node or
 * virtual gateway, with App Mesh's names (see the package README, "Resources and names").
 */
export { durationString } from './envoy-json.js';
export { type ParsedResourceId, parseResourceId } from './names.js';
export { translateNode } from './translate-node.js';
