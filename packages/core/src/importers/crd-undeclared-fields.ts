import { KINDS } from '../model/kinds.js';
import { appMeshModel } from '../smithy/generated/appmesh-model.js';
import { validateShape } from '../smithy/validate-shape.js';
import type { ImportedResource } from './import-result.js';
import type { PathSegment } from './json-with-positions.js';

/**
 * Reports the spec fields of controller objects that the App Mesh controller's CRD does not
 * declare (e.g. `backendDefaults.clientPolicy.tls.mode`) as `UNKNOWN_MEMBER` errors that say so,
 * and takes them out of the spec, so that `validate` does not report them a second time as an
 * App Mesh shape error about a document the user never wrote (issue 13 item 13). The CRD's spec
 * schemas follow the API's shapes member for member once references are resolved, so the API's
 * Smithy shape is the schema to check against.
 */
export function rejectFieldsOutsideCrd(items: readonly ImportedResource[]): void {
  for (const item of items) {
    const specAt = item.fields?.spec;
    const spec = item.resource.spec as unknown;
    if (specAt === undefined || typeof spec !== 'object' || spec === null) continue;
    const shape = `${KINDS[item.resource.kind].noun}Spec`;
    for (const issue of validateShape(appMeshModel, shape, spec, '')) {
      if (issue.code !== 'SHAPE_UNKNOWN_MEMBER') continue;
      const segments = parsePath(issue.path);
      const parts = /is not a member of (\w+); expected one of: (.*?)(; did you mean .*)?$/.exec(
        issue.message,
      );
      const schema = parts ? ` (its schema has the App Mesh API's ${parts[1]}: ${parts[2]})` : '';
      item.reporter.error(
        'UNKNOWN_MEMBER',
        [...specAt, ...segments],
        `the App Mesh controller's CRD does not declare "${segments.at(-1)}" here${schema}${parts?.[3] ?? ''}`,
      );
      removeAt(spec as Record<string | number, unknown>, segments);
    }
  }
}

/** `.a.b[0].c` → ['a', 'b', 0, 'c'] (validateShape's paths; App Mesh member names have no dots). */
function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  }
  return segments;
}

function removeAt(root: Record<string | number, unknown>, segments: readonly PathSegment[]): void {
  let current: unknown = root;
  for (const segment of segments.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) return;
    current = (current as Record<string | number, unknown>)[segment];
  }
  if (typeof current === 'object' && current !== null) {
    delete (current as Record<string | number, unknown>)[segments.at(-1)!];
  }
}
