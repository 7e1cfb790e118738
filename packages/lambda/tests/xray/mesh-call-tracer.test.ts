import { createSocket, Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadXRay } from '../../src/xray/load-xray.js';
import { createXRayCallTracer, createXRayTracing } from '../../src/xray/mesh-call-tracer.js';
import { formatTraceHeader, parseTraceHeader } from '../../src/xray/trace-header.js';
import { createUdpSender, parseDaemonAddress, type SegmentSender } from '../../src/xray/udp-sender.js';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

// A fake X-Ray daemon: collects the UDP documents the SDK emits.
let daemon: Socket;
let sender: SegmentSender;
const documents: Record<string, unknown>[] = [];
let waiters: (() => void)[] = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (msg) => {
    const [, body] = msg.toString('utf8').split('\n');
    documents.push(JSON.parse(body!) as Record<string, unknown>);
    for (const wake of waiters) wake();
    waiters = [];
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  sender = createUdpSender(`127.0.0.1:${(daemon.address() as AddressInfo).port}`);
});

afterAll(() => {
  sender.close();
  daemon.close();
});

async function nextDocuments(count: number): Promise<Record<string, unknown>[]> {
  while (documents.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  return documents.splice(0, count);
}

describe('trace header', () => {
  it('parses and formats X-Amzn-Trace-Id, keeping unknown fields', () => {
    // Act
    const header = parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a87bd80c:1`);
    // Assess
    expect(header).toEqual({ root: ROOT, parent: PARENT, sampled: true, extra: ['Lineage=a87bd80c:1'] });
    expect(formatTraceHeader(header!, 'abcdef0123456789')).toBe(
      `Root=${ROOT};Parent=abcdef0123456789;Sampled=1;Lineage=a87bd80c:1`,
    );
  });

  it('returns undefined without a Root', () => {
    // Act + Assess
    expect(parseTraceHeader('Parent=1;Sampled=1')).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });
});

describe('daemon address', () => {
  it.each([
    [undefined, { host: '127.0.0.1', port: 2000 }],
    ['169.254.79.129:2000', { host: '169.254.79.129', port: 2000 }],
    ['tcp:127.0.0.1:2000 udp:169.254.79.129:2001', { host: '169.254.79.129', port: 2001 }],
    ['nonsense', { host: '127.0.0.1', port: 2000 }],
  ])('parses %s', (address, expected) => {
    // Act + Assess
    expect(parseDaemonAddress(address)).toEqual(expected);
  });
});

describe('UDP sender', () => {
  it('sends through a socket connected at init: to the daemon, with no address lookup per send', async () => {
    // Prepare
    const connected = createUdpSender(`127.0.0.1:${(daemon.address() as AddressInfo).port}`);
    const sends = vi.spyOn(Socket.prototype, 'send');
    try {
      // Act
      const ok = await connected.connect();
      connected.send('{"name":"connected"}');
      const [doc] = await nextDocuments(1);
      // Assess
      expect(ok).toBe(true);
      expect(doc).toEqual({ name: 'connected' });
      // (message) alone: no port and address, so the write does not wait for a lookup (and no
      // completion callback: the send queue tells when the reused buffer is free again).
      expect(sends.mock.calls.map((call) => call.length)).toEqual([1]);
    } finally {
      sends.mockRestore();
      connected.close();
    }
  });
});

describe('UDP sender buffer reuse', () => {
  it('delivers every document intact when several are sent in one tick, non-ASCII and oversized ones included', async () => {
    // Prepare: the second send finds the reused buffer still held by the first; the last one is
    // too large for it (over 64 KiB / 3 characters) and goes out as its own copy.
    const connected = createUdpSender(`127.0.0.1:${(daemon.address() as AddressInfo).port}`);
    await connected.connect();
    const big = 'x'.repeat(22_000);
    try {
      // Act
      connected.send('{"n":1,"s":"jäzz → ☃"}');
      connected.send('{"n":2}');
      connected.send(`{"n":3,"s":"${big}"}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      connected.send('{"n":4}');
      const docs = await nextDocuments(4);
      // Assess
      expect(docs.sort((a, b) => (a.n as number) - (b.n as number))).toEqual([
        { n: 1, s: 'jäzz → ☃' },
        { n: 2 },
        { n: 3, s: big },
        { n: 4 },
      ]);
    } finally {
      connected.close();
    }
  });
});

describe('X-Ray mesh call tracer', () => {
  it('writes valid JSON for any URL, flags a 429 as throttle and error, and omits a missing parent', async () => {
    // Prepare
    const sent: string[] = [];
    const tracing = createXRayTracing(await loadXRay(), { send: (d) => sent.push(d), close() {} });
    const tracer = tracing.tracerFor(parseTraceHeader(`Root=${ROOT};Sampled=1`)!);
    const url = 'http://jazz/a"b\\c?q=\u2028\n';
    // Act
    const span = tracer.start({ virtualService: 'jazz', route: 'r"1', attempt: 2, method: 'POST', url });
    span.end({ statusCode: 429 });
    // Assess
    const doc = JSON.parse(sent[0]!) as Record<string, unknown>;
    expect(doc).toMatchObject({
      type: 'subsegment',
      trace_id: ROOT,
      error: true,
      throttle: true,
      annotations: {
        mesh_virtual_service: 'jazz',
        mesh_route: 'r"1',
        mesh_attempt: 2,
        mesh_status_code: 429,
      },
      http: { request: { method: 'POST', url }, response: { status: 429 } },
    });
    expect(doc).not.toHaveProperty('parent_id');
    expect(doc).not.toHaveProperty('fault');
    expect(span.traceHeader).toBe(`Root=${ROOT};Parent=${doc.id as string};Sampled=1`);
  });

  it('streams one subsegment per call with the mesh annotations, under the function segment', async () => {
    // Prepare
    const xray = await loadXRay();
    const tracer = createXRayCallTracer(
      xray,
      parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1`)!,
      sender,
    );
    // Act
    const span = tracer.start({
      virtualService: 'jazz.prod.svc.cluster.local',
      attempt: 1,
      method: 'GET',
      url: 'http://jazz.prod.svc.cluster.local:9080/',
    });
    span.annotate({ route: 'jazz-route', targetNode: 'jazz-v2' });
    span.end({ statusCode: 503 });
    const [doc] = await nextDocuments(1);
    // Assess
    expect(doc).toMatchObject({
      type: 'subsegment',
      name: 'jazz.prod.svc.cluster.local',
      trace_id: ROOT,
      parent_id: PARENT,
      namespace: 'remote',
      fault: true,
      annotations: {
        mesh_virtual_service: 'jazz.prod.svc.cluster.local',
        mesh_route: 'jazz-route',
        mesh_target_node: 'jazz-v2',
        mesh_attempt: 1,
        mesh_status_code: 503,
      },
      http: { request: { method: 'GET' }, response: { status: 503 } },
    });
    expect(span.traceHeader).toBe(`Root=${ROOT};Parent=${doc!.id as string};Sampled=1`);
  });

  it('records an error and a 4xx as error flags', async () => {
    // Prepare
    const xray = await loadXRay();
    const tracer = createXRayCallTracer(
      xray,
      parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1`)!,
      sender,
    );
    // Act
    tracer
      .start({ virtualService: 'metal', attempt: 2, method: 'GET', url: 'http://metal/' })
      .end({ statusCode: 404 });
    tracer
      .start({ virtualService: 'metal', attempt: 3, method: 'GET', url: 'http://metal/' })
      .end({ error: new Error('connect ECONNREFUSED') });
    const [notFound, failed] = await nextDocuments(2);
    // Assess
    expect(notFound).toMatchObject({ error: true, annotations: { mesh_attempt: 2, mesh_status_code: 404 } });
    expect(failed).toMatchObject({ fault: true, annotations: { mesh_attempt: 3 } });
    expect(JSON.stringify(failed)).toContain('ECONNREFUSED');
  });

  it('records nothing for an unsampled trace but still propagates Sampled=0', async () => {
    // Prepare
    const xray = await loadXRay();
    const tracer = createXRayCallTracer(
      xray,
      parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=0`)!,
      sender,
    );
    // Act
    const span = tracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' });
    span.end({ statusCode: 200 });
    const marker = tracer.start({ virtualService: 'x', attempt: 1, method: 'GET', url: 'http://x/' });
    // Assess
    expect(span.traceHeader).toBe(`Root=${ROOT};Parent=${PARENT};Sampled=0`);
    expect(marker.traceHeader).toBe(span.traceHeader);
    expect(documents).toHaveLength(0);
  });
  it('gives every subsegment of a tracing its own 64-bit random id, past the id pool refills', async () => {
    // Prepare: a sender that keeps the documents (more than one pool of 512 ids).
    const sent: string[] = [];
    const tracing = createXRayTracing(await loadXRay(), { send: (d) => sent.push(d), close() {} });
    const header = parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a87bd80c:1`)!;
    // Act: two invocations share the tracing, as a warm function instance does.
    const headers: string[] = [];
    for (const tracer of [tracing.tracerFor(header), tracing.tracerFor(header)]) {
      for (let i = 0; i < 700; i++) {
        const span = tracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' });
        span.end({ statusCode: 200 });
        headers.push(span.traceHeader!);
      }
    }
    // Assess
    const docs = sent.map((d) => JSON.parse(d) as { id: string; parent_id: string; start_time: number });
    const ids = docs.map((d) => d.id);
    expect(ids.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(1_400);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBeGreaterThan(1_390);
    expect(headers[1_399]).toBe(`Root=${ROOT};Parent=${ids[1_399]};Sampled=1;Lineage=a87bd80c:1`);
    expect(docs.every((d) => d.parent_id === PARENT && d.start_time > 1_600_000_000)).toBe(true);
  });

  it('draws no random bytes per subsegment (the SDK constructor would call randomBytes(8) each time)', async () => {
    // Prepare: the SDK reads crypto through require(), so a spy on the CommonJS module sees its calls.
    const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
    const tracing = createXRayTracing(await loadXRay(), { send() {}, close() {} });
    const tracer = tracing.tracerFor(parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1`)!);
    tracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' }).end({});
    const randomBytes = vi.spyOn(crypto, 'randomBytes');
    try {
      // Act
      for (let i = 0; i < 100; i++) {
        tracer.start({ virtualService: 'jazz', attempt: 1, method: 'GET', url: 'http://jazz/' }).end({});
      }
      // Assess
      expect(randomBytes).not.toHaveBeenCalled();
    } finally {
      randomBytes.mockRestore();
    }
  });

  it("makes subsegments that are still the SDK's (its annotations, flags and error causes)", async () => {
    // Prepare
    const xray = await loadXRay();
    const sent: string[] = [];
    const tracer = createXRayTracing(xray, { send: (d) => sent.push(d), close() {} }).tracerFor(
      parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1`)!,
    );
    // Act
    tracer
      .start({ virtualService: 'bad name!', attempt: 1, method: 'GET', url: 'http://x/' })
      .end({ error: new Error('boom') });
    // Assess
    const doc = JSON.parse(sent[0]!) as Record<string, unknown> & {
      cause: { exceptions: { message: string }[] };
    };
    expect(doc.name).toBe('bad name_');
    expect(doc.fault).toBe(true);
    expect(doc.cause.exceptions[0]!.message).toBe('boom');
    expect(typeof doc.end_time).toBe('number');
  });
});
