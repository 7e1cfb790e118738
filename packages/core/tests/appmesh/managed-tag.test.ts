import { describe, expect, it } from 'vitest';
import { checkManagedTag, isManaged, MANAGED_TAG, plan, ReconcileError } from '../../src/appmesh/index.js';
import type { MeshplaneResource } from '../../src/index.js';

const tagged = [{ key: 'meshplane:managed', value: 'true' }];
const mesh = (tags?: { key: string; value: string }[]): MeshplaneResource => ({
  kind: 'mesh',
  meshName: 'm',
  name: 'm',
  spec: {},
  ...(tags ? { tags } : {}),
});
const node = (name: string, tags?: { key: string; value: string }[]): MeshplaneResource => ({
  kind: 'virtualNode',
  meshName: 'm',
  name,
  spec: {},
  ...(tags ? { tags } : {}),
});

describe('plan with a managedTag', () => {
  it('creates carry the tag, and a model read back after apply plans nothing', () => {
    // Act
    const created = plan({ resources: [mesh(), node('a')] }, { resources: [] }, { managedTag: MANAGED_TAG });
    const again = plan(
      { resources: [mesh(), node('a')] },
      { resources: [mesh(tagged), node('a', tagged)] },
      {
        managedTag: MANAGED_TAG,
      },
    );
    // Assess
    expect(created.changes.map((c) => c.desired?.tags)).toEqual([tagged, tagged]);
    expect(created.changes.every((c) => c.tagsChanged)).toBe(true);
    expect(again.changes).toEqual([]);
    expect(again.unmanaged).toEqual([]);
  });

  it('deletes only tagged resources the model no longer holds; lists the others as unmanaged', () => {
    // Prepare
    const actual = {
      resources: [
        mesh(tagged),
        node('ours', tagged),
        node('theirs'),
        node('other', [{ key: 'meshplane:managed', value: 'no' }]),
      ],
    };
    // Act
    const result = plan({ resources: [mesh()] }, actual, { managedTag: MANAGED_TAG });
    // Assess
    expect(result.changes.map((c) => c.id)).toEqual(['delete:virtualNode:m/ours']);
    expect(result.unmanaged).toEqual(['virtualNode:m/other', 'virtualNode:m/theirs']);
  });

  it('pruneUnmanaged deletes them too; without a managedTag the mesh is wholly owned, as before', () => {
    // Prepare
    const actual = { resources: [mesh(tagged), node('ours', tagged), node('theirs')] };
    // Act
    const pruned = plan({ resources: [mesh()] }, actual, { managedTag: MANAGED_TAG, pruneUnmanaged: true });
    const owned = plan({ resources: [mesh(tagged)] }, actual);
    // Assess
    expect(pruned.changes.map((c) => c.id).sort()).toEqual([
      'delete:virtualNode:m/ours',
      'delete:virtualNode:m/theirs',
    ]);
    expect(pruned.unmanaged).toEqual([]);
    expect(owned.changes.map((c) => c.id).sort()).toEqual([
      'delete:virtualNode:m/ours',
      'delete:virtualNode:m/theirs',
    ]);
    expect(owned.unmanaged).toBeUndefined();
  });

  it('a resource the model holds is adopted: its update adds the tag', () => {
    const result = plan(
      { resources: [mesh(), node('a')] },
      { resources: [mesh(), node('a')] },
      { managedTag: MANAGED_TAG },
    );
    expect(result.changes.map((c) => [c.id, c.reason])).toEqual([
      ['update:mesh:m', '1 field differs: tags["meshplane:managed"]'],
      ['update:virtualNode:m/a', '1 field differs: tags["meshplane:managed"]'],
    ]);
  });

  it('refuses a managedTag outside App Mesh TagRef limits, naming the option', () => {
    expect(() => checkManagedTag({ key: '', value: 'x' })).toThrow(ReconcileError);
    expect(() =>
      plan({ resources: [mesh()] }, { resources: [] }, { managedTag: { key: 'k'.repeat(129), value: '' } }),
    ).toThrow(/options\.managedTag: .* must be \{ key: 1-128 characters/);
    expect(isManaged(node('x', tagged), MANAGED_TAG)).toBe(true);
  });
});
