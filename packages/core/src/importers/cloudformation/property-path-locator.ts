import type { Locator, PathSegment } from '../json-with-positions.js';
import { isRecord } from '../source-document.js';

/**
 * A locator that also finds API-shaped paths in a template: `validate` reports
 * `nodes.web.spec.listeners[0].portMapping.port`, the importer's issue locator turns it into
 * `Resources.Web.Properties.Spec.listeners[0].portMapping.port`, and this finds
 * `...Spec.Listeners[0].PortMapping.Port` by matching each member name regardless of case
 * (`dns` → `DNS`). A path that leaves the written template (into a value an intrinsic function
 * produced) is not found, so the caller falls back to its closest written ancestor.
 */
export function propertyPathLocator(template: unknown, locate: Locator | undefined): Locator | undefined {
  if (locate === undefined) return undefined;
  return (path) => locate(path) ?? translatedLocation(template, path, locate);
}

function translatedLocation(template: unknown, path: readonly PathSegment[], locate: Locator) {
  let node = template;
  const written: PathSegment[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(node) || segment >= node.length) return undefined;
      node = node[segment];
      written.push(segment);
      continue;
    }
    if (!isRecord(node)) return undefined;
    const lower = segment.toLowerCase();
    const key = Object.hasOwn(node, segment)
      ? segment
      : Object.keys(node).find((k) => k.toLowerCase() === lower);
    if (key === undefined) return undefined;
    node = node[key];
    written.push(key);
  }
  return locate(written);
}
