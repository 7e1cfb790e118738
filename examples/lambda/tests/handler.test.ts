import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTISTS } from '../src/local-dj-app.js';
import { runLocal } from '../src/run-local.js';

describe('examples/lambda', () => {
  it('runs the middy handler locally through the mesh: jazz and metal answer from v1 (weights 100/0)', async () => {
    // Act
    const bodies = await runLocal(3);
    // Assess
    expect(bodies).toEqual(
      Array(3).fill({
        jazz: { artists: [...ARTISTS.jazz.v1], from: 'jazz-v1' },
        metal: { artists: [...ARTISTS.metal.v1], from: 'metal-v1' },
      }),
    );
  });

  it('bundles the DJ app model as the examples/dj-app model defines it', async () => {
    // Prepare
    const bundled = JSON.parse(readFileSync(new URL('../src/dj-app-mesh.json', import.meta.url), 'utf8'));
    let djAppMesh: (() => unknown) | undefined;
    try {
      ({ djAppMesh } = await import('../../dj-app/src/mesh.js'));
    } catch {
      // The dj-app example is absent: the bundled copy stands on its own.
    }
    // Act
    const current = djAppMesh ? JSON.parse(JSON.stringify(djAppMesh())) : bundled;
    // Assess
    expect(bundled).toEqual(current);
  });
});
