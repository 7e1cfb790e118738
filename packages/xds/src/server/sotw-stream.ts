import { type Snapshot, type SnapshotEntry, TYPE_URLS, type TypeUrl } from '../contract.js';
import { transitionalClusters } from './cluster-removal.js';
import { type SotwRequest, withNonce } from './messages.js';
import { isWildcardByDefault, PUSH_ORDER, WILDCARD } from './resource-types.js';
import { sharedSotwResponse } from './select.js';
import type { StreamIo, StreamProtocol } from './stream-host.js';

interface Subscription {
  wildcard: boolean;
  names: Set<string>;
  /** The version last sent on this stream for this type, and with which nonce. */
  sentVersion?: string;
  sentNonce?: string;
  sentNames: string[];
  /** The nonce Envoy last ACKed. */
  ackedNonce?: string;
  /** CDS only: the clusters this stream was last sent (to keep removed ones until routes move). */
  sentEntries?: ReadonlyMap<string, SnapshotEntry>;
}

/**
 * State of the World over ADS (Envoy "xDS REST and gRPC protocol"): per type a subscription,
 * the last version and nonce sent. A request whose response_nonce is not the last one sent for
 * its type is stale and ignored; one with error_detail is a NACK of the version sent with that
 * nonce (recorded, never re-sent: the same version goes out again only after the snapshot
 * changes); otherwise an ACK. A response goes out only when what the subscription sees changed,
 * or the subscription itself changed.
 */
export function sotwProtocol(io: StreamIo): StreamProtocol<SotwRequest> {
  const subs = new Map<TypeUrl, Subscription>();

  const push = (typeUrl: TypeUrl, sub: Subscription, snapshot: Snapshot, force: boolean) => {
    const response = sharedSotwResponse(snapshot, typeUrl, sub.wildcard, sub.names);
    if (!force && response.version === sub.sentVersion) return;
    const nonce = io.nextNonce();
    io.send(withNonce(response.body, nonce));
    sub.sentVersion = response.version;
    sub.sentNonce = nonce;
    sub.sentNames = response.names;
    if (typeUrl === TYPE_URLS.cluster && sub.wildcard) sub.sentEntries = snapshot.resources[typeUrl];
    io.board.sent(io.nodeId, typeUrl, response.version, nonce);
  };

  // Make before break (cluster-removal.ts): while clusters are kept for listeners and routes
  // not yet ACKed, `removalPending` holds the CDS push without them back.
  let removalPending = false;
  const routesSettled = () =>
    [TYPE_URLS.listener, TYPE_URLS.routeConfiguration].every((t) => {
      const sub = subs.get(t);
      return sub === undefined || sub.sentNonce === undefined || sub.ackedNonce === sub.sentNonce;
    });
  const keepRemovedClusters = (sub: Subscription, snapshot: Snapshot): boolean => {
    if (!sub.wildcard || !sub.sentEntries) return false;
    if (!subs.has(TYPE_URLS.listener) && !subs.has(TYPE_URLS.routeConfiguration)) return false;
    const transitional = transitionalClusters(sub.sentEntries, snapshot);
    if (!transitional) return false;
    removalPending = true;
    if (transitional.version === sub.sentVersion) return true;
    const nonce = io.nextNonce();
    io.send(withNonce(transitional.body, nonce));
    Object.assign(sub, {
      sentVersion: transitional.version,
      sentNonce: nonce,
      sentNames: transitional.names,
    });
    sub.sentEntries = transitional.entries;
    io.board.sent(io.nodeId, TYPE_URLS.cluster, transitional.version, nonce);
    return true;
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
      if (sub && req.responseNonce !== '' && req.responseNonce !== sub.sentNonce) return; // stale
      if (sub && req.responseNonce !== '') {
        if (req.errorDetail) {
          io.board.nacked(io.nodeId, typeUrl, {
            version: sub.sentVersion ?? '',
            nonce: req.responseNonce,
            code: req.errorDetail.code,
            message: req.errorDetail.message,
            resourceNames: sub.sentNames,
          });
        } else {
          sub.ackedNonce = req.responseNonce;
          io.board.acked(io.nodeId, typeUrl, req.versionInfo);
        }
      }
      const names = new Set(req.resourceNames.filter((n) => n !== WILDCARD));
      const wildcard =
        req.resourceNames.includes(WILDCARD) ||
        (req.resourceNames.length === 0 &&
          isWildcardByDefault(typeUrl) &&
          (sub === undefined || sub.wildcard));
      if (!sub) {
        sub = { wildcard, names, sentNames: [] };
        subs.set(typeUrl, sub);
        // A reconnecting Envoy says which version it holds: nothing to send if that is current.
        if (req.versionInfo !== '') sub.sentVersion = req.versionInfo;
        push(typeUrl, sub, snapshot, false);
        return;
      }
      const changed =
        wildcard !== sub.wildcard ||
        names.size !== sub.names.size ||
        [...names].some((n) => !sub.names.has(n));
      sub.wildcard = wildcard;
      sub.names = names;
      // A new subscription set gets an answer even when the version is the same (Envoy waits for it).
      if (!(typeUrl === TYPE_URLS.cluster && removalPending && !changed))
        push(typeUrl, sub, snapshot, changed);
      finishRemoval(snapshot);
    },
    change(snapshot) {
      for (const typeUrl of PUSH_ORDER) {
        const sub = subs.get(typeUrl);
        if (!sub) continue;
        if (typeUrl === TYPE_URLS.cluster && keepRemovedClusters(sub, snapshot)) continue;
        push(typeUrl, sub, snapshot, false);
      }
      finishRemoval(snapshot);
    },
  };
}
