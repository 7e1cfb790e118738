import { status as GrpcStatus, type ServerDuplexStream } from '@grpc/grpc-js';
import type { Snapshot, SnapshotCache } from '../contract.js';
import type { ClientNode } from './messages.js';
import { isServedType, unservedTypeMessage } from './resource-types.js';
import type { StatusBoard } from './status.js';

/** What a protocol (State of the World or delta) does on one stream. */
export interface StreamProtocol<Req> {
  /** A request for a served type, after the node is known. */
  request(req: Req, snapshot: Snapshot): void;
  /** The node's snapshot changed. */
  change(snapshot: Snapshot): void;
}

/** What a protocol needs from its stream. */
export interface StreamIo {
  readonly nodeId: string;
  readonly board: StatusBoard;
  /** Writes one encoded response (dropped once the stream ended). */
  send(bytes: Buffer): void;
  nextNonce(): string;
}

interface HostDeps {
  cache: SnapshotCache;
  board: StatusBoard;
}

/**
 * Runs one ADS stream: reads node.id from the first request (an unknown node ends the stream
 * with NOT_FOUND and explainUnknown's text; Envoy retries with backoff), refuses unknown type
 * URLs (INVALID_ARGUMENT), watches the node's snapshot while the stream lives and releases the
 * watch however the stream ends (so thousands of reconnects leave nothing behind).
 */
export function hostStream<Req extends { node?: ClientNode; typeUrl: string }>(
  call: ServerDuplexStream<Req, Buffer>,
  deps: HostDeps,
  createProtocol: (io: StreamIo) => StreamProtocol<Req>,
): void {
  const { cache, board } = deps;
  let nodeId: string | undefined;
  let protocol: StreamProtocol<Req> | undefined;
  let unwatch: (() => void) | undefined;
  let done = false;
  let nonce = 0;
  // Backpressure: while the client does not read (grpc-js buffers past its high-water mark),
  // snapshot changes are not written; on 'drain' the latest snapshot is pushed once. A stalled
  // Envoy costs one pending flag, not one buffered response per change.
  let blocked = false;
  let changedWhileBlocked = false;
  board.streamOpened();

  const finish = () => {
    if (done) return;
    done = true;
    unwatch?.();
    unwatch = undefined;
    protocol = undefined;
    board.streamClosed(nodeId);
  };
  const fail = (code: GrpcStatus, details: string) => {
    if (done) return;
    finish();
    call.emit('error', { code, details });
  };

  const attach = (node: ClientNode | undefined): boolean => {
    const id = node?.id ?? '';
    if (id === '') {
      board.badRequest(undefined, 'first request without node.id');
      fail(GrpcStatus.INVALID_ARGUMENT, 'the first DiscoveryRequest on a stream must carry node.id');
      return false;
    }
    const snapshot = cache.get(id);
    if (!snapshot) {
      const reason = cache.explainUnknown(id);
      board.unknownNode(id, reason);
      fail(GrpcStatus.NOT_FOUND, reason);
      return false;
    }
    nodeId = id;
    board.nodeAttached(id, node?.userAgent ?? '');
    const io: StreamIo = {
      nodeId: id,
      board,
      send: (bytes) => {
        if (done) return;
        if (!call.write(bytes) && !blocked) {
          blocked = true;
          call.once('drain', onDrain);
        }
      },
      nextNonce: () => String(++nonce),
    };
    protocol = createProtocol(io);
    unwatch = cache.watch(id, (next) => {
      if (blocked) changedWhileBlocked = true;
      else guarded(() => protocol?.change(next));
    });
    return true;
  };
  const onDrain = () => {
    blocked = false;
    if (!changedWhileBlocked || done) return;
    changedWhileBlocked = false;
    const latest = cache.get(nodeId!);
    if (latest) guarded(() => protocol?.change(latest));
  };
  // A snapshot the server cannot send (an entry that does not encode: a cache other than
  // createSnapshotCache may hold one) ends this stream with INTERNAL and the reason; it never
  // throws into the cache's set() or disturbs the node's other streams.
  const guarded = (work: () => void) => {
    try {
      work();
    } catch (error) {
      const reason = `cannot serve node "${nodeId}": ${error instanceof Error ? error.message : String(error)}`;
      board.serveError(nodeId, reason);
      fail(GrpcStatus.INTERNAL, reason);
    }
  };

  call.on('data', (req: Req) => {
    if (done) return;
    if (!protocol && !attach(req.node)) return;
    if (!isServedType(req.typeUrl)) {
      board.badRequest(nodeId, unservedTypeMessage(req.typeUrl));
      fail(GrpcStatus.INVALID_ARGUMENT, unservedTypeMessage(req.typeUrl));
      return;
    }
    const snapshot = cache.get(nodeId!);
    // The node left the cache while connected: keep the stream, serve nothing new.
    if (snapshot) guarded(() => protocol?.request(req, snapshot));
  });
  call.on('end', () => {
    finish();
    call.end();
  });
  call.on('cancelled', finish);
  call.on('close', finish);
  call.on('error', finish);
}
