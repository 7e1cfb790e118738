import { describe, expect, test } from 'vitest';
import { combineModels, defineMesh, MeshDefinitionError } from '../../src/index.js';

describe('combineModels', () => {
  test('keeps the resources of every model in order, without copying them', () => {
    // Prepare
    const blue = defineMesh({ name: 'blue' });
    const green = defineMesh({ name: 'green' });
    // Act
    const combined = combineModels(blue, green);
    // Assess
    expect(combined.resources.map((r) => r.name)).toEqual(['blue', 'green']);
    expect(combined.resources[0]).toBe(blue.resources[0]);
    expect(combineModels()).toEqual({ resources: [] });
  });

  test.each([
    [undefined, 'combineModels argument 2 must be a model: an object with a resources list, got undefined'],
    [null, 'combineModels argument 2 must be a model: an object with a resources list, got null'],
    [
      { resources: 'x' },
      'combineModels argument 2 must be a model: an object with a resources list, got {"resources":"x"}',
    ],
  ])('names a %j argument instead of throwing a TypeError', (bad, message) => {
    // Act
    let error: unknown;
    try {
      combineModels(defineMesh({ name: 'blue' }), bad as never);
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(MeshDefinitionError);
    expect(error).toMatchObject({ code: 'INVALID_MODEL', message });
  });
});
