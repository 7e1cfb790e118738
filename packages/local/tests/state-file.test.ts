import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  DescribeMeshCommand,
  DescribeVirtualNodeCommand,
  UpdateMeshCommand,
} from '@aws-sdk/client-app-mesh';
import { CreateHttpNamespaceCommand, ListNamespacesCommand } from '@aws-sdk/client-servicediscovery';
import { describe, expect, it } from 'vitest';
import { LocalEndpointError, startLocalEndpoint } from '../src/index.js';
import { startFixture } from './helpers/endpoint-fixture.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'meshplane-local-'));

describe('state file', () => {
  it('keeps App Mesh and Cloud Map state across a restart', async () => {
    // Prepare
    const dir = await tempDir();
    const stateFile = join(dir, 'state.json');
    const before = await startFixture({ stateFile });
    const created = await before.appMesh.send(new CreateMeshCommand({ meshName: 'kept' }));
    await before.appMesh.send(
      new UpdateMeshCommand({ meshName: 'kept', spec: { egressFilter: { type: 'ALLOW_ALL' } } }),
    );
    await before.appMesh.send(
      new CreateVirtualNodeCommand({
        meshName: 'kept',
        virtualNodeName: 'n',
        spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] },
      }),
    );
    await before.cloudMap.send(new CreateHttpNamespaceCommand({ Name: 'kept-ns' }));
    await before.close();
    // Act
    const after = await startFixture({ stateFile });
    const mesh = await after.appMesh.send(new DescribeMeshCommand({ meshName: 'kept' }));
    const node = await after.appMesh.send(
      new DescribeVirtualNodeCommand({ meshName: 'kept', virtualNodeName: 'n' }),
    );
    const namespaces = await after.cloudMap.send(new ListNamespacesCommand({}));
    await after.close();
    // Assess
    expect(mesh.mesh?.metadata?.uid).toBe(created.mesh?.metadata?.uid);
    expect(mesh.mesh?.metadata?.version).toBe(2);
    expect(mesh.mesh?.spec?.egressFilter?.type).toBe('ALLOW_ALL');
    expect(node.virtualNode?.spec?.listeners?.[0]?.portMapping?.port).toBe(80);
    expect(namespaces.Namespaces?.map((n) => n.Name)).toEqual(['kept-ns']);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps every one of many concurrent writes', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    const before = await startFixture({ stateFile });
    // Act
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => before.appMesh.send(new CreateMeshCommand({ meshName: `m${i}` }))),
    );
    await before.close();
    const after = await startFixture({ stateFile });
    const described = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        after.appMesh.send(new DescribeMeshCommand({ meshName: `m${i}` })),
      ),
    );
    await after.close();
    // Assess
    expect(described.map((d) => d.mesh?.meshName)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
  });

  it('refuses a corrupt state file with a clear error and leaves it untouched', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    await writeFile(stateFile, '{"format": "meshplane-local-state", "version": 1, "services": ');
    // Act
    const error = await startLocalEndpoint({ stateFile }).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.code).toBe('STATE_FILE_CORRUPT');
    expect(error.message).toContain(stateFile);
    expect(error.message).toContain('never overwritten');
    expect(await readFile(stateFile, 'utf8')).toBe(
      '{"format": "meshplane-local-state", "version": 1, "services": ',
    );
  });

  it('refuses JSON that is not a state document, and a bad App Mesh section', async () => {
    // Prepare
    const dir = await tempDir();
    const notState = join(dir, 'other.json');
    await writeFile(notState, '{"hello": "world"}');
    const badSection = join(dir, 'bad.json');
    await writeFile(
      badSection,
      JSON.stringify({ format: 'meshplane-local-state', version: 1, services: { appmesh: { version: 7 } } }),
    );
    // Act
    const first = await startLocalEndpoint({ stateFile: notState }).catch((e) => e);
    const second = await startLocalEndpoint({ stateFile: badSection }).catch((e) => e);
    // Assess
    expect(first.code).toBe('STATE_FILE_CORRUPT');
    expect(second.code).toBe('STATE_FILE_CORRUPT');
    expect(second.message).toContain('"appmesh" section');
  });

  it('names the rule, not a JavaScript TypeError, when the App Mesh partitions are null', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    const text = JSON.stringify({
      format: 'meshplane-local-state',
      version: 1,
      services: { appmesh: { version: 1, partitions: null } },
    });
    await writeFile(stateFile, text);
    // Act
    const error = await startLocalEndpoint({ stateFile }).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.code).toBe('STATE_FILE_CORRUPT');
    expect(error.message).toContain('the App Mesh state must be {"version":1,"partitions":{...}}');
    expect(await readFile(stateFile, 'utf8')).toBe(text);
  });

  it('refuses a stored App Mesh resource the service could not serve, naming it and the field', async () => {
    // Prepare: a resource of an unknown kind, and a route without its router.
    const dir = await tempDir();
    const resource = {
      kind: 'virtualNode',
      meshName: 'm',
      name: 'n',
      spec: {},
      tags: [],
      arn: 'arn:aws:appmesh:us-east-1:000000000000:mesh/m/virtualNode/n',
      uid: 'u',
      version: 1,
      createdAt: 1,
      lastUpdatedAt: 1,
      meshOwner: '000000000000',
      resourceOwner: '000000000000',
    };
    const state = (resources: unknown[]) =>
      JSON.stringify({
        format: 'meshplane-local-state',
        version: 1,
        services: {
          appmesh: { version: 1, partitions: { 'us-east-1/000000000000': { resources, tokens: [] } } },
        },
      });
    const unknownKind = join(dir, 'kind.json');
    await writeFile(unknownKind, state([resource, { ...resource, kind: 'bogus' }]));
    const orphanRoute = join(dir, 'route.json');
    await writeFile(orphanRoute, state([{ ...resource, kind: 'route' }]));
    const badVersion = join(dir, 'version.json');
    await writeFile(badVersion, state([{ ...resource, version: '2' }]));
    // Act
    const errors = await Promise.all(
      [unknownKind, orphanRoute, badVersion].map((stateFile) =>
        startLocalEndpoint({ port: 0, stateFile }).catch((e) => e),
      ),
    );
    // Assess
    expect(errors.map((e) => e.code)).toEqual([
      'STATE_FILE_CORRUPT',
      'STATE_FILE_CORRUPT',
      'STATE_FILE_CORRUPT',
    ]);
    expect(errors[0].message).toContain('resources[1]: kind "bogus" is not one of mesh, virtualNode');
    expect(errors[1].message).toContain('resources[0]: a route needs parentName');
    expect(errors[2].message).toContain('resources[0]: version must be a positive integer');
  });

  it('refuses to start when the state file cannot be written, instead of failing each write later', async () => {
    // Prepare: the folder of the state file does not exist.
    const stateFile = join(await tempDir(), 'missing-folder', 'state.json');
    // Act
    const error = await startLocalEndpoint({ port: 0, stateFile }).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.code).toBe('STATE_FILE_WRITE_FAILED');
    expect(error.message).toContain(`cannot write the state file ${stateFile}`);
  });

  it('writes the state file at start, so a fresh start leaves a loadable document', async () => {
    // Prepare
    const stateFile = join(await tempDir(), 'state.json');
    // Act
    const endpoint = await startLocalEndpoint({ port: 0, stateFile });
    const written = JSON.parse(await readFile(stateFile, 'utf8'));
    await endpoint.close();
    // Assess
    expect(written).toMatchObject({ format: 'meshplane-local-state', version: 1 });
    expect(Object.keys(written.services).sort()).toEqual(['appmesh', 'cloudmap']);
  });

  it('reports an unreadable state file', async () => {
    // Prepare: a directory where the file should be cannot be read as a file.
    const dir = await tempDir();
    // Act
    const error = await startLocalEndpoint({ stateFile: dir }).catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(LocalEndpointError);
    expect(error.code).toBe('STATE_FILE_UNREADABLE');
  });
});

describe('state file: bad entries and leftovers (issue 13 item 9)', () => {
  it('names a corrupt tokens entry and the rule instead of a JavaScript TypeError', async () => {
    // Prepare
    const dir = await tempDir();
    const state = (tokens: unknown[]) =>
      JSON.stringify({
        format: 'meshplane-local-state',
        version: 1,
        services: {
          appmesh: { version: 1, partitions: { 'us-east-1/000000000000': { resources: [], tokens } } },
        },
      });
    const files = {
      notPair: join(dir, 'not-pair.json'),
      badRecord: join(dir, 'bad-record.json'),
    };
    await writeFile(files.notPair, state([5]));
    await writeFile(files.badRecord, state([['CreateMesh|t', { operation: 'CreateMesh' }]]));
    // Act
    const errors = await Promise.all(
      Object.values(files).map((stateFile) => startLocalEndpoint({ port: 0, stateFile }).catch((e) => e)),
    );
    // Assess
    expect(errors.map((e) => e.code)).toEqual(['STATE_FILE_CORRUPT', 'STATE_FILE_CORRUPT']);
    for (const error of errors) expect(error.message).not.toContain('is not iterable');
    expect(errors[0].message).toContain('tokens[0]: 5 is not a ["<operation>|<clientToken>", record] pair');
    expect(errors[1].message).toContain('tokens[0]: the record of "CreateMesh|t" needs a string digest');
  });

  it('removes temporary files a crashed writer left beside the state file, and only those', async () => {
    // Prepare: a leftover of a process that no longer runs, one of this process, and a stranger's file.
    const dir = await tempDir();
    const stateFile = join(dir, 'state.json');
    const deadPid = 2 ** 22 + 12345;
    const leftover = `.state.json.${deadPid}.0123abcd.tmp`;
    await writeFile(join(dir, leftover), 'x'.repeat(900_000));
    await writeFile(join(dir, '.other.json.1.0123abcd.tmp'), 'not ours');
    // Act
    const endpoint = await startLocalEndpoint({ port: 0, stateFile });
    await endpoint.close();
    const names = await readdir(dir);
    // Assess
    expect(names).not.toContain(leftover);
    expect(names).toContain('.other.json.1.0123abcd.tmp');
    expect(names).toContain('state.json');
  });
});
