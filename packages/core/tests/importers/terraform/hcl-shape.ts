import type { HclBody } from '../../../src/importers/terraform/hcl-structure.js';

/** The blocks and attribute names of a scanned body, in hcl2json's JSON shape (names sorted). */
export function shapeOf(body: HclBody): unknown {
  const out: Record<string, unknown> = {};
  for (const a of body.attributes) out[a.name] = 'attribute';
  for (const b of body.blocks) {
    let level = out as Record<string, unknown>;
    for (const key of [b.type, ...b.labels]) {
      level[key] ??= {};
      level = level[key] as Record<string, unknown>;
    }
    const holder = level as { blocks?: unknown[] };
    holder.blocks ??= [];
    holder.blocks.push(shapeOf(b.body));
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A list of objects is a block list; an object of those (or of such objects) is a label level. */
const isBlocks = (v: unknown): boolean =>
  (Array.isArray(v) && v.length > 0 && v.every(isObject)) ||
  (isObject(v) && Object.keys(v).length > 0 && Object.values(v).every(isBlocks));

export function hclShapeOf(json: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (Array.isArray(value) && isBlocks(value))
      out[key] = { blocks: (value as Array<Record<string, unknown>>).map(hclShapeOf) };
    else if (isBlocks(value)) out[key] = hclShapeOf(value as Record<string, unknown>);
    else out[key] = 'attribute';
  }
  return out;
}
