import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pythonTools } from '../../../../scripts/python-tools.js';

const here = dirname(fileURLToPath(import.meta.url));

/** What the test's Lattice service expects requests to be signed with. */
export interface ExpectedSigner {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

/** botocore's verdict on one request (see lattice-sigv4-verify.py). */
export interface Verdict {
  ok: boolean;
  problems: string[];
  signedHeaders?: string[];
  amzDate?: string;
  canonicalRequest?: string;
}

/** One request as the stand-in received it, with botocore's verdict. */
export interface Received {
  method: string;
  /** Path and query exactly as sent. */
  target: string;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: string;
  verdict: Verdict;
}

/** What the test's handler answers (after the signature was verified). */
export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
}

/**
 * botocore's SigV4 check, in a long-lived Python process of the project's venv: one JSON line
 * in, one out, in order.
 */
export class SigV4Verifier {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((v: Verdict) => void)[] = [];

  constructor() {
    const { python } = pythonTools();
    this.child = spawn(python, [join(here, 'lattice-sigv4-verify.py')], { stdio: 'pipe' });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.waiting.shift()?.(JSON.parse(line) as Verdict);
    });
  }

  verify(request: {
    method: string;
    target: string;
    headers: string[];
    expect: ExpectedSigner;
  }): Promise<Verdict> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

/**
 * A local HTTP(S) server standing in for a VPC Lattice service with IAM auth: every request's
 * SigV4 signature is recomputed by botocore; a request that does not verify is refused the way
 * Lattice refuses one (403, `AccessDeniedException: …`, here with botocore's reasons), and one
 * that does is answered by the test's handler.
 */
export class LatticeStandIn {
  readonly received: Received[] = [];
  private server!: Server;
  url = '';

  constructor(
    private readonly verifier: SigV4Verifier,
    private readonly expect: ExpectedSigner,
    private readonly handler: (r: Received, index: number) => Answer,
    private readonly tls?: { key: string; cert: string },
  ) {}

  async start(): Promise<this> {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => void this.answer(req, res);
    this.server = this.tls ? createHttpsServer(this.tls, onRequest) : createHttpServer(onRequest);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `${this.tls ? 'https' : 'http'}://${this.tls ? 'localhost' : '127.0.0.1'}:${port}`;
    return this;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const verdict = await this.verifier.verify({
      method: req.method!,
      target: req.url!,
      headers: req.rawHeaders,
      expect: this.expect,
    });
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!;
    const received: Received = {
      method: req.method!,
      target: req.url!,
      headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString('utf8'),
      verdict,
    };
    const index = this.received.push(received) - 1;
    if (!verdict.ok) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`AccessDeniedException: the signature does not verify: ${verdict.problems.join('; ')}`);
      return;
    }
    const answer = this.handler(received, index);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs);
    else send();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
