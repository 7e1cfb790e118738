import { describe, expect, it } from 'vitest';
import { appMeshModelSource } from '../src/app-mesh-source/index.js';
import { createCustomResourceHandler, createMeshplaneHandler } from '../src/custom-resource/index.js';
import { createFunctionUrlSigner, lambdaBackend, registerLambdaNode } from '../src/index.js';
import { meshplane } from '../src/middleware/index.js';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('declared option schemas of the lambda factories', () => {
  it('the middleware names every problem, with field, value and rule, in declaration order', () => {
    // Act
    const message = messageOf(() =>
      meshplane({
        virtualNodeName: '',
        model: { nodes: [] } as never,
        tracing: 'on' as never,
        functionUrls: { authTypes: { recommender: 'IAM' as never, dj: 'NONE' } },
        router: 5 as never,
      }),
    );
    // Assess
    expect(message).toBe(
      'invalid meshplane middleware options: virtualNodeName is required: the function\'s virtual node name, got ""; ' +
        'model must be a MeshModel ({ resources: [...] }), a function returning one, or appMeshModelSource({ meshName }) from \'@meshplane/lambda/app-mesh-source\', got {"nodes":[]}; ' +
        'tracing must be \'auto\' or false, got "on"; ' +
        'functionUrls.authTypes.recommender must be AWS_IAM or NONE, got "IAM"; ' +
        'router must be an object of createRouter options, got 5',
    );
  });

  it('the custom-resource handler checks providers, retry entries and members at once', () => {
    // Act
    const message = messageOf(() =>
      createCustomResourceHandler({
        providers: { 'Custom::X': { parse: () => ({ ok: true, value: {} }) } as never },
        responseUrl: { allowLoopback: 'yes' as never },
        responseRetry: { attempts: -1 },
        deadlineMarginMs: Number.NaN,
      }),
    );
    // Assess
    expect(message).toBe(
      'invalid custom-resource handler options: providers.Custom::X must be a provider: an object with the functions parse, create, update, delete, got {"parse":<function parse>}; ' +
        'responseUrl.allowLoopback must be true or false, got "yes"; responseRetry.attempts must be a number of 0 or more, got -1; ' +
        'deadlineMarginMs must be a number of milliseconds (0 or more), got NaN',
    );
    expect(messageOf(() => createCustomResourceHandler(null as never))).toBe(
      'invalid custom-resource handler options: options must be an object, got null',
    );
  });

  it('the meshplane handler never prints client options (they may hold credentials)', () => {
    // Act
    const message = messageOf(() =>
      createMeshplaneHandler({
        appMesh: 'AKIA:wJalrXUtnFEMI' as never,
        serviceDiscovery: { clientConfig: {} },
      }),
    );
    // Assess
    expect(message).toBe(
      'invalid meshplane handler options: appMesh must be { client } or { clientConfig }, got <hidden>',
    );
  });

  it('the signer and the App Mesh model source name credentials and clients without printing them', () => {
    // Act
    const signer = messageOf(() =>
      createFunctionUrlSigner({
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 7 } as never,
        region: '',
      }),
    );
    const source = messageOf(() =>
      appMeshModelSource({ meshName: '', refreshIntervalMs: 999, appMesh: 'secret' as never }),
    );
    // Assess
    expect(signer).toBe(
      'invalid function URL signer options: credentials must be { accessKeyId, secretAccessKey } (strings) or a provider function, got <hidden>; region must be a region name, got ""',
    );
    expect(source).toBe(
      'invalid appMeshModelSource options: meshName is required (a non-empty string), got ""; refreshIntervalMs must be at least 1000 ms, got 999; appMesh must be { client } or { clientConfig }, got <hidden>',
    );
  });

  it('lambdaBackend checks its name and options instead of throwing a TypeError', () => {
    // Act / Assess
    expect(messageOf(() => lambdaBackend('', null as never))).toBe(
      'invalid Lambda backend: virtualServiceName must be a virtual service name of 1-255 characters, got ""; options must be { certificateChain? }, got null',
    );
    expect(messageOf(() => lambdaBackend('orders.lambda.local', { certificateChain: 'ca.pem' }))).toBe(
      'invalid Lambda backend: options.certificateChain must be an absolute file path, got "ca.pem"',
    );
    expect(lambdaBackend('orders.lambda.local').virtualService?.virtualServiceName).toBe(
      'orders.lambda.local',
    );
  });

  it('registerLambdaNode names Cloud Map members and hides client options, before any call', async () => {
    // Act
    const message = await registerLambdaNode({
      meshName: 'dj-app',
      virtualNodeName: 'recommender',
      functionUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:recommender',
      cloudMap: { namespaceName: '', serviceName: 'recommender', instanceId: '' },
      serviceDiscovery: 'secret' as never,
    }).then(
      () => 'no error',
      (error: Error) => error.message,
    );
    // Assess
    expect(message).toBe(
      'invalid Lambda node: cloudMap.namespaceName is required (a non-empty string), got ""; cloudMap.instanceId must be a non-empty string, got ""; serviceDiscovery must be { client } or { clientConfig }, got <hidden>',
    );
  });
});
