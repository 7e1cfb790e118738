import type { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import { defineMesh, MeshplaneError } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import {
  applyLatticeCalls,
  exportLattice,
  exportServiceConnect,
  indexMesh,
  latticeApiCalls,
  MeshplaneMigrateError,
  type MigrateErrorCode,
  resolveRefs,
  serviceConnectApiCalls,
} from '../src/internals.js';
import { djApiOptions, djCanary } from './dj-app.js';

// Issue 12 item 7: every error @meshplane/migrate throws is a MeshplaneMigrateError (a core
// MeshplaneError) whose code is one of MigrateErrorCode, with the message naming the problem.
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('MeshplaneMigrateError', () => {
  const noClient = {
    send: () => Promise.reject(new Error('no call is sent before the operation check')),
  } as unknown as VPCLatticeClient;
  const cases: [MigrateErrorCode, () => unknown, RegExp][] = [
    ['MIGRATE_MESH_COUNT', () => indexMesh({ resources: [] }), /exactly one mesh, found 0/],
    [
      'MIGRATE_MISSING_ROLE',
      () => latticeApiCalls(exportLattice(djCanary()), { ...djApiOptions, taskRoleArns: {} }),
      /taskRoleArns: no task role ARN/,
    ],
    [
      'MIGRATE_UNRESOLVED_REF',
      () => resolveRefs({ a: [{ $ref: 'Missing' }] }, new Map()),
      /Missing: not created/,
    ],
    [
      'MIGRATE_INVALID_OPTIONS',
      () => serviceConnectApiCalls(exportServiceConnect(djCanary()), { cluster: 'c', images: {} }),
      /images: no container image for/,
    ],
    [
      'MIGRATE_UNKNOWN_OPERATION',
      () =>
        applyLatticeCalls(noClient, [
          { service: 'vpc-lattice', operation: 'DeleteServiceNetwork', input: {} },
        ]),
      /DeleteServiceNetwork: not a VPC Lattice create operation/,
    ],
  ];

  it.each(cases)(
    '%s is thrown as a MeshplaneMigrateError under MeshplaneError',
    async (code, run, message) => {
      // Act
      const error = await thrown(run);
      // Assert
      expect(error).toBeInstanceOf(MeshplaneMigrateError);
      expect(error).toBeInstanceOf(MeshplaneError);
      expect((error as MeshplaneMigrateError).code).toBe(code);
      expect((error as Error).name).toBe('MeshplaneMigrateError');
      expect((error as Error).message).toMatch(message);
    },
  );

  it('a model of one mesh is indexed without error', () => {
    expect(indexMesh(defineMesh({ name: 'm' })).meshName).toBe('m');
  });
});
