import {
  type ClientDuplexStream,
  credentials,
  makeGenericClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import {
  adsClientDefinition,
  type DeltaRequest,
  type decodeDeltaResponse,
  type decodeSotwResponse,
  encodeDeltaRequest,
  encodeSotwRequest,
  type SotwRequest,
} from '../../src/server/index.js';

// A small ADS client speaking the raw protocol (what Envoy does, step by step), for the server's
// tests and the benchmark's simulated Envoys.

export type SotwResponse = ReturnType<typeof decodeSotwResponse>;
export type DeltaResponse = ReturnType<typeof decodeDeltaResponse>;

const AdsClient = makeGenericClientConstructor(adsClientDefinition, 'AggregatedDiscoveryService');

/**
 * A DiscoveryResponse's envelope only (version_info = 1, type_url = 4, nonce = 5), its resources
 * skipped: what a simulated Envoy needs to ACK, at a fraction of the decoding cost (the
 * benchmark's 1,000 clients share the machine with the server they measure).
 */
function decodeSotwEnvelope(bytes: Buffer): SotwResponse {
  const reader = protobuf.Reader.create(bytes);
  const out: SotwResponse = { versionInfo: '', typeUrl: '', nonce: '', resources: [] };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (field === 1) out.versionInfo = reader.string();
    else if (field === 4) out.typeUrl = reader.string();
    else if (field === 5) out.nonce = reader.string();
    else reader.skipType(tag & 7);
  }
  return out;
}

const EnvelopeClient = makeGenericClientConstructor(
  {
    ...adsClientDefinition,
    StreamAggregatedResources: {
      ...adsClientDefinition.StreamAggregatedResources!,
      responseDeserialize: decodeSotwEnvelope,
    },
  },
  'AggregatedDiscoveryService',
);

/** One open ADS stream with a queue of responses and the final status. */
export class TestStream<Req, Res> {
  private readonly queue: Res[] = [];
  private readonly waiters: ((r: Res) => void)[] = [];
  private handler?: (r: Res) => void;
  /** Resolves with the stream's final status (code and details). */
  readonly ended: Promise<{ code: number; details: string }>;

  constructor(
    private readonly call: ClientDuplexStream<Buffer, Res>,
    private readonly encode: (r: Partial<Req>) => Buffer,
  ) {
    call.on('data', (res: Res) => {
      if (this.handler) return this.handler(res);
      const waiter = this.waiters.shift();
      if (waiter) waiter(res);
      else this.queue.push(res);
    });
    this.ended = new Promise((resolve) => {
      call.on('error', (e: ServiceError) => resolve({ code: e.code, details: e.details }));
      call.on('status', (s: { code: number; details: string }) =>
        resolve({ code: s.code, details: s.details }),
      );
    });
  }

  send(req: Partial<Req>): void {
    this.call.write(this.encode(req));
  }

  /** Writes raw bytes (malformed-input tests). */
  sendRaw(bytes: Buffer): void {
    this.call.write(bytes);
  }

  /** The next response (waits for it). */
  next(): Promise<Res> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** From now on every response goes to `handler` (queued ones first), as an Envoy's stream would handle them. */
  onResponse(handler: (r: Res) => void): void {
    for (const queued of this.queue.splice(0)) handler(queued);
    this.handler = handler;
  }

  /** How many responses are queued unread. */
  pending(): number {
    return this.queue.length;
  }

  close(): void {
    this.call.cancel();
  }
}

/** A client of one ADS server. */
export function adsClient(
  target: string,
  channelOptions: Record<string, number | string> = {},
  { envelopeOnly = false }: { envelopeOnly?: boolean } = {},
) {
  const client = new (envelopeOnly ? EnvelopeClient : AdsClient)(target, credentials.createInsecure(), {
    'grpc.max_send_message_length': -1,
    ...channelOptions,
  });
  type Untyped = Record<string, () => ClientDuplexStream<Buffer, unknown>>;
  return {
    sotw: () =>
      new TestStream<SotwRequest, SotwResponse>(
        (client as unknown as Untyped).StreamAggregatedResources!() as ClientDuplexStream<
          Buffer,
          SotwResponse
        >,
        encodeSotwRequest,
      ),
    delta: () =>
      new TestStream<DeltaRequest, DeltaResponse>(
        (client as unknown as Untyped).DeltaAggregatedResources!() as ClientDuplexStream<
          Buffer,
          DeltaResponse
        >,
        encodeDeltaRequest,
      ),
    close: () => client.close(),
    raw: client,
  };
}
