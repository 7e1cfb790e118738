// What the server knows about each Envoy it serves, per node and type: what was sent, what was
// ACKed, the last NACK with Envoy's own error. Served as JSON by the status endpoint and logged
// (one structured line per NACK), so a rejected configuration is visible without reading Envoy's
// logs (Envoy "xDS REST and gRPC protocol", "ACK/NACK and resource type instance version").

/** A NACK as Envoy sent it. */
export interface NackRecord {
  /** The version Envoy rejected (the one the server sent with that nonce). */
  version: string;
  nonce: string;
  /** Envoy's error_detail: a google.rpc.Status code and message (it names the failing resource). */
  code: number;
  message: string;
  /** The resources of the rejected response. */
  resourceNames: string[];
  at: string;
}

/** Status of one resource type for one node. */
export interface TypeStatus {
  lastSentVersion?: string;
  lastSentNonce?: string;
  lastSentAt?: string;
  lastAckedVersion?: string;
  lastAckedAt?: string;
  lastNack?: NackRecord;
  acks: number;
  nacks: number;
}

/** Status of one node id (all its streams). */
export interface NodeStatus {
  nodeId: string;
  activeStreams: number;
  /** The last stream's Envoy, e.g. "envoy 1.40.0". */
  userAgent?: string;
  types: Record<string, TypeStatus>;
}

/** Counters over the server's life. */
export interface ServerCounters {
  streamsOpened: number;
  streamsClosed: number;
  activeStreams: number;
  responses: number;
  acks: number;
  nacks: number;
  unknownNodes: number;
  badRequests: number;
  /** Streams ended because a snapshot could not be sent (an entry that does not encode). */
  serveErrors: number;
}

/** The JSON the status endpoint serves. */
export interface ServerStatus {
  counters: ServerCounters;
  nodes: NodeStatus[];
}

/** A structured log line (one per event), written as JSON by the default logger. */
export type XdsLogger = (
  entry: { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>,
) => void;

/** The default logger: one JSON line on stderr. */
export const jsonLineLogger: XdsLogger = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/** What {@link StatusBoard} tells a listener, as it happens (e.g. "Envoy has ACKed the new weights"). */
export type StatusEvent =
  | { kind: 'sent'; nodeId: string; typeUrl: string; version: string; nonce: string }
  | { kind: 'ack'; nodeId: string; typeUrl: string; version: string }
  | { kind: 'nack'; nodeId: string; typeUrl: string; nack: NackRecord };

/** Collects status and counters; the streams report into it. */
export class StatusBoard {
  readonly counters: ServerCounters = {
    streamsOpened: 0,
    streamsClosed: 0,
    activeStreams: 0,
    responses: 0,
    acks: 0,
    nacks: 0,
    unknownNodes: 0,
    badRequests: 0,
    serveErrors: 0,
  };
  private readonly nodes = new Map<string, NodeStatus>();

  constructor(
    private readonly log: XdsLogger,
    private readonly onEvent?: (event: StatusEvent) => void,
  ) {}

  private node(nodeId: string): NodeStatus {
    let node = this.nodes.get(nodeId);
    if (!node) {
      node = { nodeId, activeStreams: 0, types: {} };
      this.nodes.set(nodeId, node);
    }
    return node;
  }

  private type(nodeId: string, typeUrl: string): TypeStatus {
    const node = this.node(nodeId);
    node.types[typeUrl] ??= { acks: 0, nacks: 0 };
    return node.types[typeUrl];
  }

  streamOpened(): void {
    this.counters.streamsOpened++;
    this.counters.activeStreams++;
  }

  streamClosed(nodeId: string | undefined): void {
    this.counters.streamsClosed++;
    this.counters.activeStreams--;
    if (nodeId !== undefined) {
      const node = this.nodes.get(nodeId);
      if (node) node.activeStreams--;
    }
  }

  nodeAttached(nodeId: string, userAgent: string): void {
    const node = this.node(nodeId);
    node.activeStreams++;
    if (userAgent) node.userAgent = userAgent;
  }

  sent(nodeId: string, typeUrl: string, version: string, nonce: string): void {
    const t = this.type(nodeId, typeUrl);
    t.lastSentVersion = version;
    t.lastSentNonce = nonce;
    t.lastSentAt = new Date().toISOString();
    this.counters.responses++;
    this.onEvent?.({ kind: 'sent', nodeId, typeUrl, version, nonce });
  }

  acked(nodeId: string, typeUrl: string, version: string): void {
    const t = this.type(nodeId, typeUrl);
    t.lastAckedVersion = version;
    t.lastAckedAt = new Date().toISOString();
    t.acks++;
    this.counters.acks++;
    this.onEvent?.({ kind: 'ack', nodeId, typeUrl, version });
  }

  nacked(nodeId: string, typeUrl: string, nack: Omit<NackRecord, 'at'>): void {
    const t = this.type(nodeId, typeUrl);
    t.lastNack = { ...nack, at: new Date().toISOString() };
    t.nacks++;
    this.counters.nacks++;
    this.onEvent?.({ kind: 'nack', nodeId, typeUrl, nack: t.lastNack });
    this.log({
      level: 'warn',
      msg: 'xds NACK',
      node: nodeId,
      type: typeUrl,
      version: nack.version,
      nonce: nack.nonce,
      resources: nack.resourceNames,
      error: nack.message,
    });
  }

  unknownNode(nodeId: string, reason: string): void {
    this.counters.unknownNodes++;
    this.log({ level: 'warn', msg: 'xds unknown node', node: nodeId, reason });
  }

  serveError(nodeId: string | undefined, reason: string): void {
    this.counters.serveErrors++;
    this.log({ level: 'error', msg: 'xds cannot serve', node: nodeId, reason });
  }

  badRequest(nodeId: string | undefined, reason: string): void {
    this.counters.badRequests++;
    this.log({ level: 'warn', msg: 'xds bad request', node: nodeId, reason });
  }

  /** A copy of everything, nodes sorted by id. */
  snapshot(): ServerStatus {
    const nodes = [...this.nodes.values()]
      .sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1))
      .map((n) => structuredClone(n));
    return { counters: { ...this.counters }, nodes };
  }
}
