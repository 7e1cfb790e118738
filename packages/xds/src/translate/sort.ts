import type { XdsResource } from '../contract.js';
import type { IssueSink } from './mesh-index.js';

/**
 * Resources sorted by type URL, then name (the contract's order: same input, same array). Two
 * resources of one type with one name would make Envoy keep only one: an issue naming both.
 */
export function sortResources(resources: XdsResource[], sink: IssueSink): XdsResource[] {
  const sorted = [...resources].sort((a, b) =>
    a.typeUrl < b.typeUrl ? -1 : a.typeUrl > b.typeUrl ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const out: XdsResource[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.typeUrl === r.typeUrl && last.name === r.name) {
      if (JSON.stringify(last.resource) !== JSON.stringify(r.resource)) {
        sink.error(
          'XDS_NAME_COLLISION',
          r.name,
          `two different ${r.typeUrl.split('.').pop()} resources are named "${r.name}"`,
        );
      }
      continue;
    }
    out.push(r);
  }
  return out;
}
