import { CreateMeshCommand, CreateVirtualServiceCommand, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

/** Sends a raw restJson1 request with a body the SDK would never build. */
async function rawCreateMesh(
  url: string,
  body: Buffer | string,
): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/v20190125/meshes`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('names that cannot round-trip through a URL are refused (issue 13 item 9)', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('refuses a mesh name with a lone surrogate, naming the field and the rule, and keeps the slot free', async () => {
    // Act
    const answer = await rawCreateMesh(f.endpoint.url, '{"meshName":"a\\ud800b"}');
    const meshes = await f.appMesh.send(new ListMeshesCommand({}));
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('BadRequestException');
    expect(answer.body.message).toContain('meshName');
    expect(answer.body.message).toContain('"a\\ud800b"');
    expect(answer.body.message).toContain('lone surrogate');
    expect(meshes.meshes).toEqual([]);
  });

  it('refuses control characters and NUL in any resource name, nested ones included', async () => {
    // Act
    const nul = await failure(f.appMesh.send(new CreateMeshCommand({ meshName: 'a\u0000b' })));
    const tab = await failure(f.appMesh.send(new CreateMeshCommand({ meshName: 'a\tb' })));
    const c1 = await rawCreateMesh(f.endpoint.url, JSON.stringify({ meshName: 'a\u0085b' }));
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'nested' }));
    const nested = await failure(
      f.appMesh.send(
        new CreateVirtualServiceCommand({
          meshName: 'nested',
          virtualServiceName: 'svc',
          spec: { provider: { virtualNode: { virtualNodeName: 'n\u0001' } } },
        }),
      ),
    );
    // Assess
    expect(nul).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(nul.message).toContain('meshName: "a\\u0000b" contains the control character U+0000');
    expect(tab.message).toContain('U+0009');
    expect(c1.status).toBe(400);
    expect(String(c1.body.message)).toContain('U+0085');
    expect(nested).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(nested.message).toContain(
      'spec.provider.virtualNode.virtualNodeName: "n\\u0001" contains the control character U+0001',
    );
  });

  it('refuses a body that is not valid UTF-8 instead of replacing the bytes', async () => {
    // Prepare: "a" 0xFF "b" is not UTF-8.
    const body = Buffer.concat([Buffer.from('{"meshName":"a'), Buffer.from([0xff]), Buffer.from('b"}')]);
    // Act
    const answer = await rawCreateMesh(f.endpoint.url, body);
    const meshes = await f.appMesh.send(new ListMeshesCommand({}));
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('BadRequestException');
    expect(String(answer.body.message)).toContain('not valid UTF-8');
    expect(meshes.meshes?.map((m) => m.meshName)).toEqual(['nested']);
  });

  it('still accepts names with any printable Unicode, which percent-encoding carries both ways', async () => {
    // Act
    const created = await f.appMesh.send(new CreateMeshCommand({ meshName: 'mésh-☃-𝄞 x' }));
    // Assess
    expect(created.mesh?.meshName).toBe('mésh-☃-𝄞 x');
  });
});
