import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFunctionUrlSigner, functionUrlRegion } from '../../src/signing/function-url-signer.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const URL_HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

// An independent SigV4 computation (AWS General Reference, "Create a signed AWS API request").
function expectedSignature(args: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  date: string;
  region: string;
}): string {
  const names = Object.keys(args.headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${args.headers[n]!.trim()}\n`).join('');
  const canonicalRequest = [
    args.method,
    args.path,
    args.query,
    canonicalHeaders,
    names.join(';'),
    sha256(args.body),
  ].join('\n');
  const day = args.date.slice(0, 8);
  const scope = `${day}/${args.region}/lambda/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', args.date, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
  key = hmac(key, args.region);
  key = hmac(key, 'lambda');
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('function URL signer', () => {
  it('reads the region from a function URL host and nothing else', () => {
    // Act + Assess
    expect(functionUrlRegion(`https://${URL_HOST}/x`)).toBe('eu-west-1');
    expect(functionUrlRegion('https://example.com/x')).toBeUndefined();
  });

  it('signs with SigV4 for the lambda service, matching an independent computation', async () => {
    // Prepare
    const signer = createFunctionUrlSigner({ credentials, now: () => new Date('2026-01-02T03:04:05Z') });
    const body = '{"order":42}';
    // Act
    const headers = await signer.sign({
      url: `https://${URL_HOST}/orders/new?b=2&a=1`,
      method: 'post',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    // Assess
    const signedNames = /SignedHeaders=([^,]+)/.exec(headers.authorization!)![1]!.split(';');
    const signedHeaders = Object.fromEntries(signedNames.map((n) => [n, headers[n]!]));
    const signature = expectedSignature({
      method: 'POST',
      path: '/orders/new',
      query: 'a=1&b=2',
      headers: signedHeaders,
      body,
      date: '20260102T030405Z',
      region: 'eu-west-1',
    });
    expect(headers.authorization).toContain('Credential=AKIDEXAMPLE/20260102/eu-west-1/lambda/aws4_request');
    expect(signedNames).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date']));
    expect(headers.authorization).toContain(`Signature=${signature}`);
  });

  it('hashes a bytes body and signs the session token of temporary credentials', async () => {
    // Prepare: the Lambda execution role's credentials carry a session token.
    const signer = createFunctionUrlSigner({
      credentials: { ...credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' },
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    const body = new TextEncoder().encode('{"order":43}');
    // Act
    const headers = await signer.sign({ url: `https://${URL_HOST}/orders`, method: 'PUT', body });
    // Assess
    const signedNames = /SignedHeaders=([^,]+)/.exec(headers.authorization!)![1]!.split(';');
    expect(signedNames).toContain('x-amz-security-token');
    expect(headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLETOKEN');
    const signature = expectedSignature({
      method: 'PUT',
      path: '/orders',
      query: '',
      headers: Object.fromEntries(signedNames.map((n) => [n, headers[n]!])),
      body: '{"order":43}',
      date: '20260102T030405Z',
      region: 'eu-west-1',
    });
    expect(headers.authorization).toContain(`Signature=${signature}`);
  });

  it('names the problem when the region cannot be told from the host', async () => {
    // Prepare
    const signer = createFunctionUrlSigner({ credentials });
    // Act + Assess
    await expect(signer.sign({ url: 'https://api.example.com/x' })).rejects.toThrow(
      'cannot tell the region of api.example.com',
    );
  });
});
