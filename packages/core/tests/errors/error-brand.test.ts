import { describe, expect, it, vi } from 'vitest';

// Two copies of the error module in one process, as Node's ES module and CommonJS builds of one
// package give (the dual-package hazard), or an entry that bundles the error root.
async function twoCopies() {
  vi.resetModules();
  const first = await import('../../src/errors/index.js');
  vi.resetModules();
  const second = await import('../../src/errors/index.js');
  return { first, second };
}

describe('branded error classes', () => {
  it('loads two distinct copies (the premise of the other tests)', async () => {
    const { first, second } = await twoCopies();
    expect(first.MeshplaneError).not.toBe(second.MeshplaneError);
    const error = new second.MeshplaneError('X', 'm');
    // The ordinary check is what fails across copies:
    expect(Function.prototype[Symbol.hasInstance].call(first.MeshplaneError, error)).toBe(false);
  });

  it('answers instanceof across copies of MeshplaneError', async () => {
    const { first, second } = await twoCopies();
    expect(new second.MeshplaneError('X', 'm')).toBeInstanceOf(first.MeshplaneError);
    expect(new first.MeshplaneError('X', 'm')).toBeInstanceOf(second.MeshplaneError);
  });

  it('answers for a package root error extending another copy of the root', async () => {
    const { first, second } = await twoCopies();
    class RootA extends first.MeshplaneError {}
    first.brandErrorClass(RootA, 'test:Root');
    class RootB extends second.MeshplaneError {}
    second.brandErrorClass(RootB, 'test:Root');
    const fromB = new RootB('X', 'm');
    expect(fromB).toBeInstanceOf(RootA);
    expect(fromB).toBeInstanceOf(first.MeshplaneError);
    expect(fromB).toBeInstanceOf(Error);
  });

  it('keeps classes apart: another brand, an unbranded subclass, a sibling', async () => {
    const { first, second } = await twoCopies();
    class RootA extends first.MeshplaneError {}
    first.brandErrorClass(RootA, 'test:Root');
    class OtherB extends second.MeshplaneError {}
    second.brandErrorClass(OtherB, 'test:Other');
    // A parent is not an instance of its subclass, in any copy.
    expect(new first.MeshplaneError('X', 'm')).not.toBeInstanceOf(RootA);
    expect(new second.MeshplaneError('X', 'm')).not.toBeInstanceOf(RootA);
    // Another brand is another class.
    expect(new OtherB('X', 'm')).not.toBeInstanceOf(RootA);
    // A subclass without its own brand keeps the ordinary check.
    class Unbranded extends first.MeshplaneError {}
    class UnbrandedTwin extends second.MeshplaneError {}
    expect(new UnbrandedTwin('X', 'm')).not.toBeInstanceOf(Unbranded);
    expect(new Unbranded('X', 'm')).toBeInstanceOf(Unbranded);
    // Its instances are still instances of the branded root, across copies.
    expect(new UnbrandedTwin('X', 'm')).toBeInstanceOf(first.MeshplaneError);
  });

  it('answers false for values that are not errors of that class', async () => {
    const { first } = await twoCopies();
    for (const value of [null, undefined, 0, 'MeshplaneError', {}, new Error('x'), Object.create(null)]) {
      expect(value instanceof first.MeshplaneError).toBe(false);
    }
    // A look-alike with the right name is not enough: the brand is a registered symbol on the class.
    const lookAlike = Object.assign(new Error('x'), { name: 'MeshplaneError', code: 'X' });
    expect(lookAlike instanceof first.MeshplaneError).toBe(false);
  });

  it('narrows in TypeScript like an ordinary instanceof', async () => {
    const { first } = await twoCopies();
    const caught: unknown = new first.MeshplaneError('MESH_NOT_FOUND', 'm');
    if (!(caught instanceof first.MeshplaneError)) throw new Error('expected a MeshplaneError');
    expect(caught.code).toBe('MESH_NOT_FOUND');
  });
});
