import { type Snapshot, TYPE_URLS, type TypeUrl } from '../contract.js';
import { type DeltaRequest, encodeDeltaResponse } from './messages.js';
import { isWildcardByDefault, PUSH_ORDER, WILDCARD } from './resource-types.js';
import { selectEntries, wireResource } from './select.js';
import type { StreamIo, StreamProtocol } from './stream-host.js';

interface DeltaSubscription {
  wildcard: boolean;
  names: Set<string>;
  /** What the client holds: resource name → version (sent by us, or declared on reconnect). */
  known: Map<string, string>;
  /** Nonce → what was sent with it, for the ACK/NACK record (the last few only). */
  inFlight: Map<string, { version: string; names: string[] }>;
  lastSentNonce?: string;
  ackedNonce?: string;
}

const IN_FLIGHT_KEPT = 8;

/**
 * Incremental (delta) xDS over ADS (Envoy "xDS REST and gRPC protocol", "Incremental xDS"): per
 * type the subscribed names (or wildcard) and the version the client holds of each resource.
 * Only resources whose version differs from what the client holds are sent; names the client
 * holds that left the snapshot go in removed_resources. A NACK is recorded and the rejected
 * versions count as held, so nothing is re-sent until the content changes.
 */
export function deltaProtocol(io: StreamIo): StreamProtocol<DeltaRequest> {
  const subs = new Map<TypeUrl, DeltaSubscription>();

  // Make before break, as in SotW (cluster-removal.ts): removed clusters are announced only once
  // the stream's listeners and routes are ACKed.
  let removalPending = false;
  const routesSettled = () =>
    [TYPE_URLS.listener, TYPE_URLS.routeConfiguration].every((t) => {
      const sub = subs.get(t);
      return sub === undefined || sub.lastSentNonce === undefined || sub.ackedNonce === sub.lastSentNonce;
    });

  const push = (
    typeUrl: TypeUrl,
    sub: DeltaSubscription,
    snapshot: Snapshot,
    alwaysAnswer: boolean,
    holdRemovals = false,
  ) => {
    const entries = selectEntries(snapshot, typeUrl, sub.wildcard, sub.names);
    const inScope = new Set(entries.map(([name]) => name));
    const changed = entries.filter(([name, entry]) => sub.known.get(name) !== entry.version);
    let removed = [...sub.known.keys()].filter(
      (name) => !inScope.has(name) && (sub.wildcard || sub.names.has(name)),
    );
    if (holdRemovals && removed.length > 0) {
      removalPending = true;
      removed = [];
    }
    if (changed.length === 0 && removed.length === 0 && !alwaysAnswer) return;
    const nonce = io.nextNonce();
    const resources = changed.map(([name, entry]) => wireResource(typeUrl, name, entry));
    io.send(
      encodeDeltaResponse({
        systemVersionInfo: snapshot.versions[typeUrl],
        typeUrl,
        nonce,
        resources,
        removed,
      }),
    );
    for (const [name, entry] of changed) sub.known.set(name, entry.version);
    for (const name of removed) sub.known.delete(name);
    sub.inFlight.set(nonce, {
      version: snapshot.versions[typeUrl],
      names: [...changed.map(([name]) => name), ...removed],
    });
    if (sub.inFlight.size > IN_FLIGHT_KEPT) sub.inFlight.delete(sub.inFlight.keys().next().value!);
    sub.lastSentNonce = nonce;
    io.board.sent(io.nodeId, typeUrl, snapshot.versions[typeUrl], nonce);
  };
  const finishRemoval = (snapshot: Snapshot) => {
    const cds = subs.get(TYPE_URLS.cluster);
    if (!removalPending || !cds || !routesSettled()) return;
    removalPending = false;
    push(TYPE_URLS.cluster, cds, snapshot, false);
  };

  return {
    request(req, snapshot) {
      const typeUrl = req.typeUrl as TypeUrl;
      let sub = subs.get(typeUrl);
      const first = sub === undefined;
      if (!sub) {
        sub = {
          wildcard: false,
          names: new Set(),
          known: new Map(Object.entries(req.initialResourceVersions)),
          inFlight: new Map(),
        };
        subs.set(typeUrl, sub);
        // Legacy wildcard: the first LDS/CDS request naming nothing.
        sub.wildcard = isWildcardByDefault(typeUrl) && req.subscribe.length === 0;
      }
      if (req.responseNonce !== '') {
        // Kept after the answer (bounded to the last few nonces): a repeated NACK still names what it rejects.
        const sent = sub.inFlight.get(req.responseNonce);
        if (req.errorDetail) {
          io.board.nacked(io.nodeId, typeUrl, {
            version: sent?.version ?? '',
            nonce: req.responseNonce,
            code: req.errorDetail.code,
            message: req.errorDetail.message,
            resourceNames: sent?.names ?? [],
          });
        } else if (sent) {
          sub.ackedNonce = req.responseNonce;
          io.board.acked(io.nodeId, typeUrl, sent.version);
        }
      }
      for (const name of req.subscribe) {
        if (name === WILDCARD) sub.wildcard = true;
        else sub.names.add(name);
      }
      for (const name of req.unsubscribe) {
        if (name === WILDCARD) sub.wildcard = false;
        else {
          sub.names.delete(name);
          sub.known.delete(name);
        }
      }
      // A first wildcard request is answered even when nothing is to send, so an Envoy waiting
      // for its initial LDS/CDS fetch completes it (go-control-plane's createDeltaResponse
      // replies "if empty" only then); named resources are answered when they exist.
      push(typeUrl, sub, snapshot, first && sub.wildcard, typeUrl === TYPE_URLS.cluster && removalPending);
      finishRemoval(snapshot);
    },
    change(snapshot) {
      const routed = subs.has(TYPE_URLS.listener) || subs.has(TYPE_URLS.routeConfiguration);
      for (const typeUrl of PUSH_ORDER) {
        const sub = subs.get(typeUrl);
        if (sub) push(typeUrl, sub, snapshot, false, typeUrl === TYPE_URLS.cluster && routed);
      }
      finishRemoval(snapshot);
    },
  };
}
