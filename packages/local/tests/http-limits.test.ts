import { connect } from 'node:net';
import { AppMeshClient, DescribeMeshCommand } from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  socketError: string | undefined;
}

/** Writes a whole raw HTTP/1.1 request, then reads the whole answer; notes a reset instead of throwing. */
function rawExchange(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let socketError: string | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socketError = error.code;
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        parsed = { unparsed: body };
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: parsed, socketError });
    });
    socket.write(request, () => socket.end());
  });
}

const request = (path: string, headers: Record<string, string>) =>
  `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('request headers over the HTTP limit get an answer in the service format (issue 13 item 9)', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('answers 431 with BadRequestException for restJson1, for 20 KB and 1 MB of headers, without a reset', async () => {
    // Act
    const answers = await Promise.all(
      [20_000, 1_000_000].map((size) =>
        rawExchange(f.endpoint.port, request('/v20190125/meshes/m', { 'x-big': 'a'.repeat(size) })),
      ),
    );
    // Assess
    for (const answer of answers) {
      expect(answer.socketError).toBeUndefined();
      expect(answer.status).toBe(431);
      expect(answer.headers['x-amzn-errortype']).toBe('BadRequestException');
      expect(answer.headers['content-type']).toBe('application/json');
      expect(String(answer.body.message)).toContain('request headers are larger than');
    }
  });

  it('answers in awsJson1_1 form (InvalidInput, __type) when the request is a Cloud Map call', async () => {
    // Act
    const answer = await rawExchange(
      f.endpoint.port,
      request('/', {
        'x-amz-target': 'Route53AutoNaming_v20170314.ListNamespaces',
        'content-type': 'application/x-amz-json-1.1',
        'x-big': 'b'.repeat(40_000),
      }),
    );
    // Assess
    expect(answer.socketError).toBeUndefined();
    expect(answer.status).toBe(431);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidInput');
    expect(answer.body.__type).toBe('InvalidInput');
    expect(String(answer.body.Message)).toContain('request headers are larger than');
  });

  it('answers a request line that is not HTTP with 400 in the service format', async () => {
    // Act
    const answer = await rawExchange(f.endpoint.port, 'GARBAGE\r\n\r\n');
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('BadRequestException');
    expect(String(answer.body.message)).toContain('malformed HTTP request');
  });

  it('lets the SDK read the error: a header too large is a BadRequestException, not a socket error', async () => {
    // Prepare
    const client = new AppMeshClient({
      endpoint: f.endpoint.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-big'] = 'c'.repeat(30_000);
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    // Act
    const error = await failure(client.send(new DescribeMeshCommand({ meshName: 'm' })));
    client.destroy();
    // Assess
    expect(error).toMatchObject({ name: 'BadRequestException', status: 431 });
  });
});
