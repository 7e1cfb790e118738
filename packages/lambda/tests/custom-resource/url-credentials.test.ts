import { describe, expect, it } from 'vitest';
import { createMeshplaneHandler } from '../../src/custom-resource/index.js';
import { registerLambdaNode } from '../../src/index.js';
import { checkFunctionUrl } from '../../src/lambda-node/lambda-node-spec.js';
import { redactUrlCredentials } from '../../src/redact-credentials.js';
import { invokeCustomResource } from '../../src/testing/index.js';

// A password pasted into a URL property must not come back in the FAILED reason (stack events)
// or in any log line (issue 13, item 6).
const PASSWORD = 'hunter2-Sup3rSecret';
const HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';

function recordingHandler() {
  const lines: string[] = [];
  const handler = createMeshplaneHandler({
    responseUrl: { allowLoopback: true },
    responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: { log: (level, message, fields) => lines.push(JSON.stringify({ level, message, ...fields })) },
  });
  return { handler, lines };
}

describe('credentials in URLs are redacted everywhere', () => {
  it.each([
    `https://admin:${PASSWORD}@${HOST}/`,
    `https://admin:${PASSWORD}@${HOST}/path`,
    `https://admin:p"q@${PASSWORD}@${HOST}/`,
    `ftp://admin:${PASSWORD}@${HOST}`,
  ])('keeps the password of FunctionUrl %s out of the reason and the logs', async (functionUrl) => {
    // Prepare
    const { handler, lines } = recordingHandler();
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneLambdaNode',
      properties: {
        MeshName: 'dj-app',
        VirtualNodeName: 'recommender',
        FunctionUrl: functionUrl,
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:recommender',
      },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('FunctionUrl');
    expect(result.response?.Reason).toContain('<redacted>');
    expect(result.body).not.toContain(PASSWORD);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).not.toContain(PASSWORD);
    expect(lines.join('\n')).toContain(HOST);
  });

  it('keeps the password out of the errors of checkFunctionUrl and registerLambdaNode', async () => {
    // Prepare
    const problems: string[] = [];
    // Act
    checkFunctionUrl(`https://admin:${PASSWORD}@${HOST}/`, problems);
    checkFunctionUrl(`https://admin:${PASSWORD}@`, problems);
    const thrown = await registerLambdaNode({
      meshName: 'dj-app',
      virtualNodeName: 'recommender',
      functionUrl: `https://admin:${PASSWORD}@${HOST}/`,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:recommender',
      appMesh: { clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' } },
    }).catch((error: unknown) => error);
    // Assess
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toContain(PASSWORD);
    expect(String((thrown as Error).message)).toContain('functionUrl');
    expect(String((thrown as Error).message)).not.toContain(PASSWORD);
  });

  it('redacts the user information of any URL in a text, and nothing else', () => {
    // Act + Assess
    expect(redactUrlCredentials(`GET https://a:${PASSWORD}@h.example/x?y=1 failed`)).toBe(
      'GET https://<redacted>@h.example/x?y=1 failed',
    );
    expect(redactUrlCredentials('{"a":"https://h.example","b":"me@example.com"}')).toBe(
      '{"a":"https://h.example","b":"me@example.com"}',
    );
    expect(redactUrlCredentials('mail me@example.com')).toBe('mail me@example.com');
  });
});
