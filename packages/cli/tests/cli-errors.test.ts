import { MeshplaneError } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { openMeshTarget, TargetFlagsError } from '../src/aws/mesh-target.js';
import { XdsFlagsError } from '../src/commands/xds-flags.js';
import { MeshplaneCliError } from '../src/index.js';

// Issue 12 item 7: the CLI's own errors extend its error root, MeshplaneCliError (a core
// MeshplaneError), with a typed code, so `instanceof MeshplaneError` catches every meshplane error.
describe('MeshplaneCliError', () => {
  it('is what openMeshTarget rejects bad target flags with, naming each problem', async () => {
    // Act
    const error = await openMeshTarget({ local: true, endpoint: 'http://127.0.0.1:6374' }, {}).catch(
      (e: unknown) => e,
    );
    // Assert
    expect(error).toBeInstanceOf(TargetFlagsError);
    expect(error).toBeInstanceOf(MeshplaneCliError);
    expect(error).toBeInstanceOf(MeshplaneError);
    expect((error as TargetFlagsError).code).toBe('INVALID_FLAGS');
    expect((error as TargetFlagsError).name).toBe('TargetFlagsError');
    expect((error as Error).message).toMatch(/--local/);
  });

  it('XdsFlagsError keeps every problem and joins them in its message', () => {
    // Act
    const error = new XdsFlagsError(['--listen "x" must be HOST:PORT', '--socket "" must be a file path']);
    // Assert
    expect(error).toBeInstanceOf(MeshplaneCliError);
    expect(error).toBeInstanceOf(MeshplaneError);
    expect(error.code).toBe('INVALID_FLAGS');
    expect(error.name).toBe('XdsFlagsError');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe('--listen "x" must be HOST:PORT; --socket "" must be a file path');
  });
});
