import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppMeshClient, CreateMeshCommand, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalService } from '../src/index.js';
import { type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

async function raw(
  url: string,
  init: RequestInit,
): Promise<{
  status: number;
  type: string | null;
  contentType: string | null;
  body: Record<string, unknown>;
}> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    contentType: response.headers.get('content-type'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const cloudMapHeaders = (op: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': `Route53AutoNaming_v20170314.${op}`,
});

describe('wire format and malformed requests', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture({ maxBodyBytes: 4096 });
  });
  afterAll(() => f.close());

  it('answers bad JSON with BadRequestException 400 in restJson1 form', async () => {
    // Act
    const answer = await raw(`${f.endpoint.url}/v20190125/meshes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"meshName": ',
    });
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('BadRequestException');
    expect(answer.contentType).toBe('application/json');
    expect(String(answer.body.message)).toContain('request body is not valid JSON');
  });

  it('answers an unknown path with 404 and a wrong method with 405', async () => {
    // Act
    const unknown = await raw(`${f.endpoint.url}/v20190125/nothing-here`, { method: 'GET' });
    const wrongMethod = await raw(`${f.endpoint.url}/v20190125/meshes`, { method: 'PATCH', body: '{}' });
    // Assess
    expect(unknown).toMatchObject({ status: 404, type: 'UnknownOperationException' });
    expect(wrongMethod).toMatchObject({ status: 405, type: 'MethodNotAllowedException' });
    expect(String(wrongMethod.body.message)).toContain('allowed: PUT, GET');
  });

  it('answers Cloud Map protocol errors in awsJson1_1 form with __type', async () => {
    // Act
    const unknownTarget = await raw(`${f.endpoint.url}/`, {
      method: 'POST',
      headers: cloudMapHeaders('Nope'),
      body: '{}',
    });
    const badJson = await raw(`${f.endpoint.url}/`, {
      method: 'POST',
      headers: cloudMapHeaders('ListNamespaces'),
      body: '[',
    });
    const wrongMethod = await raw(`${f.endpoint.url}/`, {
      method: 'GET',
      headers: cloudMapHeaders('ListNamespaces'),
    });
    const ok = await raw(`${f.endpoint.url}/`, {
      method: 'POST',
      headers: cloudMapHeaders('ListNamespaces'),
      body: '{}',
    });
    // Assess
    expect(unknownTarget).toMatchObject({ status: 400, type: 'UnknownOperationException' });
    expect(unknownTarget.body.__type).toBe('UnknownOperationException');
    expect(badJson).toMatchObject({
      status: 400,
      type: 'InvalidInput',
      contentType: 'application/x-amz-json-1.1',
    });
    expect(badJson.body.__type).toBe('InvalidInput');
    expect(String(badJson.body.Message)).toContain('not valid JSON');
    expect(wrongMethod.status).toBe(404);
    expect(ok.status).toBe(200);
    expect(ok.contentType).toBe('application/x-amz-json-1.1');
  });

  it('refuses an oversized body with 413 and keeps serving', async () => {
    // Act
    const big = await raw(`${f.endpoint.url}/v20190125/meshes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ meshName: 'x'.repeat(10_000) }),
    });
    const after = await f.appMesh.send(new ListMeshesCommand({}));
    // Assess
    expect(big).toMatchObject({ status: 413, type: 'BadRequestException' });
    expect(after.meshes).toEqual([]);
    expect(f.endpoint.stats().malformed).toBeGreaterThanOrEqual(1);
  });

  it('takes the region from the SigV4 scope and a 12-digit access key id as the account', async () => {
    // Prepare
    const ireland = new AppMeshClient({
      endpoint: f.endpoint.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: '444455556666', secretAccessKey: 'x' },
    });
    // Act
    const { mesh } = await ireland.send(new CreateMeshCommand({ meshName: 'eu-mesh' }));
    const inIreland = await ireland.send(new ListMeshesCommand({}));
    const inVirginia = await f.appMesh.send(new ListMeshesCommand({}));
    ireland.destroy();
    // Assess
    expect(mesh?.metadata?.arn).toBe('arn:aws:appmesh:eu-west-1:444455556666:mesh/eu-mesh');
    expect(mesh?.metadata?.meshOwner).toBe('444455556666');
    expect(inIreland.meshes?.map((m) => m.meshName)).toEqual(['eu-mesh']);
    expect(inVirginia.meshes).toEqual([]);
  });

  it('uses the configured account for ordinary access keys', async () => {
    // Prepare
    const other = await startFixture({ accountId: '210987654321', region: 'ap-south-1' });
    // Act
    const unsigned = await raw(`${other.endpoint.url}/v20190125/meshes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ meshName: 'plain' }),
    });
    const { mesh } = await other.appMesh.send(new CreateMeshCommand({ meshName: 'signed' }));
    await other.close();
    // Assess
    expect(unsigned.status).toBe(200);
    expect((unsigned.body.metadata as { arn: string }).arn).toBe(
      'arn:aws:appmesh:ap-south-1:210987654321:mesh/plain',
    );
    expect(mesh?.metadata?.arn).toBe(`arn:aws:appmesh:us-east-1:210987654321:mesh/signed`);
  });
});

describe('failures inside the endpoint', () => {
  it('answers a crashing Cloud Map handler with InternalFailure 500 in awsJson1_1 and keeps serving', async () => {
    // Prepare
    let calls = 0;
    const crashing: LocalService<unknown> = {
      operations: ['ListNamespaces'],
      handle() {
        calls++;
        if (calls === 1) throw new Error('boom');
        return { Namespaces: [] };
      },
      snapshot: () => ({}),
      restore() {},
    };
    const f = await startFixture({ cloudMapService: crashing });
    // Act
    const crash = await fetch(`${f.endpoint.url}/`, {
      method: 'POST',
      headers: cloudMapHeaders('ListNamespaces'),
      body: '{}',
    });
    const crashBody = (await crash.json()) as Record<string, unknown>;
    const next = await fetch(`${f.endpoint.url}/`, {
      method: 'POST',
      headers: cloudMapHeaders('ListNamespaces'),
      body: '{}',
    });
    await next.arrayBuffer();
    await f.close();
    // Assess
    expect(crash.status).toBe(500);
    expect(crashBody.__type).toBe('InternalFailure');
    expect(String(crashBody.Message)).toContain('boom');
    expect(next.status).toBe(200);
  });

  it('answers InternalServerErrorException 500 when the state file cannot be written', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-local-'));
    const f = await startFixture({ stateFile: join(dir, 'state.json') });
    await rm(dir, { recursive: true });
    // Act
    const error = await failure(f.appMesh.send(new CreateMeshCommand({ meshName: 'lost' })));
    await f.close();
    // Assess
    expect(error).toMatchObject({ name: 'InternalServerErrorException', status: 500 });
    expect(error.message).toContain('cannot write the state file');
  });
});
