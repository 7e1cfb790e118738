import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { describe, expect, it } from 'vitest';
import { parseLambdaNodeProperties } from '../../src/custom-resource/index.js';
import { MeshplaneLambdaError } from '../../src/errors.js';
import { checkFunctionUrl } from '../../src/lambda-node/lambda-node-spec.js';
import { registerLambdaNode } from '../../src/lambda-node/register-lambda-node.js';
import { redactUrlCredentials } from '../../src/redact-credentials.js';

const HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:recommender';

/** An App Mesh client that records what would have been sent. */
function recordingClient() {
  const sent: string[] = [];
  const client = {
    send: async (command: object) => {
      sent.push(command.constructor.name);
      throw new Error('no API in this test');
    },
  } as unknown as AppMeshClient;
  return { client, sent };
}

describe('checkFunctionUrl', () => {
  it('accepts the function URL as AWS::Lambda::Url gives it, with or without the trailing slash', () => {
    // Prepare
    const problems: string[] = [];
    // Act
    const withSlash = checkFunctionUrl(`https://${HOST}/`, problems);
    const without = checkFunctionUrl(`https://${HOST}`, problems);
    // Assess
    expect(problems).toEqual([]);
    expect(withSlash).toEqual({ url: `https://${HOST}/`, host: HOST });
    expect(without).toEqual(withSlash);
  });

  it.each([
    [`https://${HOST}/recommend`, 'without a path'],
    [`https://${HOST}/?version=2`, 'without a path, query'],
    [`https://${HOST}/#top`, 'fragment'],
    [`https://user:pass@${HOST}/`, 'credentials'],
  ])('refuses %s instead of silently dropping the extra part', (url, rule) => {
    // Prepare
    const problems: string[] = [];
    // Act
    const checked = checkFunctionUrl(url, problems, 'FunctionUrl');
    // Assess
    expect(checked).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('FunctionUrl must be the function URL itself');
    expect(problems[0]).toContain(rule);
    // The URL as given, its credentials (if any) redacted: issue 13, item 6.
    expect(problems[0]).toContain(JSON.stringify(redactUrlCredentials(url)));
  });
});

describe('registerLambdaNode', () => {
  it('reports every bad option at once, naming field and value, before calling any API', async () => {
    // Prepare
    const { client, sent } = recordingClient();
    // Act
    const error = await registerLambdaNode({
      meshName: 'm'.repeat(256),
      virtualNodeName: '',
      virtualServiceName: 'x'.repeat(256),
      functionUrl: `https://${HOST}/path`,
      functionArn: 'arn:aws:lambda:us-east-1:123:function:f',
      authType: 'PUBLIC' as never,
      appMesh: { client },
    }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(MeshplaneLambdaError);
    expect((error as MeshplaneLambdaError).code).toBe('INVALID_LAMBDA_NODE');
    const message = (error as Error).message;
    expect(message).toContain(`meshName must be a name of 1-255 characters, got "${'m'.repeat(256)}"`);
    expect(message).toContain('virtualNodeName must be a name of 1-255 characters, got ""');
    expect(message).toContain('virtualServiceName must be a name of 1-255 characters');
    expect(message).toContain('functionUrl must be the function URL itself');
    expect(message).toContain('functionArn must be a Lambda function ARN');
    expect(message).toContain('authType must be AWS_IAM or NONE, got "PUBLIC"');
    expect(sent).toEqual([]);
  });

  it('refuses extra Cloud Map attributes that the registration sets itself or that AWS reserves', async () => {
    // Prepare
    const { client, sent } = recordingClient();
    // Act
    const error = await registerLambdaNode({
      meshName: 'dj-app',
      virtualNodeName: 'recommender',
      functionUrl: `https://${HOST}/`,
      functionArn: FUNCTION_ARN,
      cloudMap: {
        namespaceName: 'lambda.local',
        serviceName: 'recommender',
        attributes: { version: 'v2', url: 'https://elsewhere/', AWS_INSTANCE_IPV4: '10.0.0.1' },
      },
      appMesh: { client },
    }).catch((e: unknown) => e);
    const parsed = parseLambdaNodeProperties({
      MeshName: 'dj-app',
      VirtualNodeName: 'recommender',
      FunctionUrl: `https://${HOST}/`,
      FunctionArn: FUNCTION_ARN,
      CloudMapNamespaceName: 'lambda.local',
      CloudMapServiceName: 'recommender',
      CloudMapAttributes: { functionArn: 'other' },
    });
    // Assess
    const message = (error as Error).message;
    expect(message).toContain('cloudMap.attributes.url: set by the registration itself');
    expect(message).toContain('cloudMap.attributes.AWS_INSTANCE_IPV4: names starting with AWS_ are reserved');
    expect(message).not.toContain('version');
    expect(sent).toEqual([]);
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringContaining('CloudMapAttributes.functionArn: set by the registration itself')],
    });
  });

  it('accepts names of exactly 255 characters (App Mesh ResourceName) and goes on to the API', async () => {
    // Prepare
    const { client, sent } = recordingClient();
    // Act
    const error = await registerLambdaNode({
      meshName: 'm'.repeat(255),
      virtualNodeName: 'n'.repeat(255),
      functionUrl: `https://${HOST}/`,
      functionArn: FUNCTION_ARN,
      appMesh: { client },
    }).catch((e: unknown) => e);
    // Assess
    expect((error as Error).message).toBe('no API in this test');
    expect(sent).toEqual(['DescribeMeshCommand']);
  });
});
