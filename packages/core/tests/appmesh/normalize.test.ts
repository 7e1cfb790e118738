import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  normalizedEqual,
  normalizedKey,
  normalizeValue,
  normalizeWithKey,
  specsEquivalent,
} from '../../src/appmesh/internals.js';

// Small alphabets so that random values collide often and the default members show up.
const key = fc.constantFrom('a', 'b', 'enforce', 'invert', 'defaultPrefix', 'port');
const leaf = fc.oneof(
  fc.constantFrom(true, false, 0, 1, 'x', 'ENABLED', null, undefined),
  fc.integer({ min: 0, max: 3 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 3 }),
}));

/** The same data as the API might give it back: lists reordered, empties and defaults added. */
function scramble(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x, i) => scramble(x, seed + i));
    if (seed % 2 === 0) items.reverse();
    if (seed % 3 === 0) items.push(null);
    return items;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v).reverse()) out[k] = scramble(x, seed + k.length);
    if (seed % 5 === 0 && !('extra' in out)) out.extra = [];
    if (seed % 7 === 0 && !('enforce' in out)) out.enforce = true;
    return out;
  }
  return v;
}

const reference = (v: unknown) => canonicalJson(normalizeValue(v) ?? null);

describe('normalization', () => {
  it('normalizedKey is the canonical JSON of normalizeValue', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(normalizedKey(v) ?? 'null').toBe(reference(v));
        expect(normalizeWithKey(v)?.key ?? 'null').toBe(reference(v));
      }),
    );
  });

  it('normalizedEqual agrees with comparing normalized values, for unrelated values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(normalizedEqual(a, b)).toBe(reference(a) === reference(b));
      }),
    );
  });

  it('normalizedEqual sees through reordered lists, added empties and explicit defaults', () => {
    fc.assert(
      fc.property(value, fc.nat(100), (a, seed) => {
        const b = scramble(a, seed);
        expect(reference(b)).toBe(reference(a));
        expect(normalizedEqual(a, b)).toBe(true);
      }),
    );
  });

  it('applies the mesh egress filter default only to meshes', () => {
    // Act / Assess
    expect(specsEquivalent('mesh', {}, { egressFilter: { type: 'DROP_ALL' } })).toBe(true);
    expect(specsEquivalent('mesh', {}, { egressFilter: { type: 'ALLOW_ALL' } })).toBe(false);
    expect(specsEquivalent('virtualNode', {}, { egressFilter: { type: 'DROP_ALL' } })).toBe(false);
  });
});
