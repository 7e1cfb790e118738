import { appMeshModel, serviceDiscoveryModel } from '@meshplane/core/smithy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, startFixture } from './helpers/endpoint-fixture.js';

describe('operation coverage: every operation of both models has a handler on the wire', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('serves all App Mesh operations of the model at their HTTP binding', async () => {
    // Prepare
    const operations = Object.entries(appMeshModel.operations);
    // Act
    const unrouted: string[] = [];
    for (const [name, op] of operations) {
      const uri = op.http!.uri.replace(/\{[^}]+\}/g, 'probe');
      const response = await fetch(`${f.endpoint.url}${uri}${uri.includes('?') ? '&' : '?'}resourceArn=x`, {
        method: op.http!.method,
        headers: { 'content-type': 'application/json' },
        ...(op.http!.method === 'GET' || op.http!.method === 'DELETE' ? {} : { body: '{}' }),
      });
      await response.arrayBuffer();
      const type = response.headers.get('x-amzn-errortype');
      if (type === 'UnknownOperationException' || type === 'MethodNotAllowedException') unrouted.push(name);
    }
    // Assess
    expect(unrouted).toEqual([]);
    expect(f.endpoint.operations().appMesh).toEqual(operations.map(([name]) => name).sort());
    expect(f.endpoint.stats().byOperation).toEqual(Object.fromEntries(operations.map(([name]) => [name, 1])));
  });

  it('serves all Cloud Map operations of the model through X-Amz-Target', async () => {
    // Prepare
    const operations = Object.keys(serviceDiscoveryModel.operations);
    // Act
    const unrouted: string[] = [];
    for (const name of operations) {
      const response = await fetch(`${f.endpoint.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `${serviceDiscoveryModel.service.name}.${name}`,
        },
        body: '{}',
      });
      await response.arrayBuffer();
      if (response.headers.get('x-amzn-errortype') === 'UnknownOperationException') unrouted.push(name);
    }
    // Assess
    expect(unrouted).toEqual([]);
    expect(f.endpoint.operations().cloudMap).toEqual([...operations].sort());
  });

  it('counts the operations from the models, not from a claim', () => {
    // Act
    const served = f.endpoint.operations();
    // Assess
    expect(served.appMesh.length + served.cloudMap.length).toBe(
      Object.keys(appMeshModel.operations).length + Object.keys(serviceDiscoveryModel.operations).length,
    );
  });
});
