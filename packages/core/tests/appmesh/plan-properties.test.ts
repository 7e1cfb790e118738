import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hardReferences, type PlannedChange, plan } from '../../src/appmesh/internals.js';
import { type MeshModel, type MeshplaneResource, resourceKey } from '../../src/index.js';
import { generatedModel } from './models.js';

const SERVICES = 5;
const universe = generatedModel(SERVICES, 'prop').resources;
const mesh = universe[0]!;
const groups = Array.from({ length: SERVICES }, (_, i) => universe.slice(1 + 4 * i, 5 + 4 * i));

/** A model made of whole service groups (so it is reference-closed), each possibly varied. */
const modelArb = fc
  .array(
    fc.record({
      present: fc.boolean(),
      weight: fc.constantFrom(100, 50),
      tag: fc.constantFrom(undefined, 'blue', 'green'),
      reversed: fc.boolean(),
      byNode: fc.boolean(),
    }),
    { minLength: SERVICES, maxLength: SERVICES },
  )
  .map((choices): MeshModel => {
    const resources: MeshplaneResource[] = [structuredClone(mesh)];
    choices.forEach((choice, i) => {
      if (!choice.present) return;
      for (const original of groups[i]!) {
        const r = structuredClone(original);
        if (r.kind === 'route') r.spec.httpRoute!.action!.weightedTargets![0]!.weight = choice.weight;
        if (r.kind === 'virtualService' && choice.byNode) {
          r.spec = { provider: { virtualNode: { virtualNodeName: `svc-00${i}-v1` } } };
        }
        if (r.kind === 'virtualNode') {
          if (choice.tag) r.tags = [{ key: 'color', value: choice.tag }];
          if (choice.reversed) r.spec.listeners = [...(r.spec.listeners ?? [])].reverse();
        }
        resources.push(r);
      }
    });
    return { resources };
  });

/**
 * Runs a plan against an in-memory mesh in a random order allowed by `dependsOn`, enforcing the
 * App Mesh rules a real run meets: what a resource points at must exist when it is written, and
 * nothing may point at a resource when it is deleted.
 */
function simulate(p: ReturnType<typeof plan>, actual: MeshModel, picks: number[]): MeshModel {
  const state = new Map(actual.resources.map((r) => [resourceKey(r), r]));
  const done = new Set<string>();
  const pending = [...p.changes];
  let turn = 0;
  while (pending.length > 0) {
    const ready = pending.filter((c) => c.dependsOn.every((d) => done.has(d)));
    if (ready.length === 0) throw new Error(`stuck: ${pending.map((c) => c.id).join(', ')}`);
    const change: PlannedChange = ready[(picks[turn++ % Math.max(1, picks.length)] ?? 0) % ready.length]!;
    if (change.action === 'delete') {
      const holders = [...state.values()].filter(
        (r) => resourceKey(r) !== change.key && hardReferences(r).includes(change.key),
      );
      if (holders.length > 0) throw new Error(`${change.id} while ${resourceKey(holders[0]!)} points at it`);
      state.delete(change.key);
    } else {
      const missing = hardReferences(change.desired!).filter((k) => !state.has(k));
      if (missing.length > 0) throw new Error(`${change.id} before ${missing.join(', ')} exists`);
      state.set(change.key, change.desired!);
    }
    done.add(change.id);
    pending.splice(pending.indexOf(change), 1);
  }
  return { resources: [...state.values()] };
}

describe('plan (properties)', () => {
  it('any execution order allowed by dependsOn reaches the desired model, respecting references', () => {
    fc.assert(
      fc.property(
        modelArb,
        modelArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 50 }),
        (desired, actual, picks) => {
          const p = plan(desired, actual);
          const after = simulate(p, actual, picks);
          expect(plan(desired, after).changes).toEqual([]);
        },
      ),
    );
  });

  it('lists changes in an order where every dependency comes first', () => {
    fc.assert(
      fc.property(modelArb, modelArb, (desired, actual) => {
        const ids = plan(desired, actual).changes.map((c) => c.id);
        const position = new Map(ids.map((id, i) => [id, i]));
        for (const change of plan(desired, actual).changes) {
          for (const dep of change.dependsOn)
            expect(position.get(dep)).toBeLessThan(position.get(change.id)!);
        }
      }),
    );
  });

  it('is empty for a model against itself, whatever the list order', () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const shuffled: MeshModel = { resources: [...model.resources].reverse() };
        expect(plan(model, shuffled).changes).toEqual([]);
      }),
    );
  });
});
