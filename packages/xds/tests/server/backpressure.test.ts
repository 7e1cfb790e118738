import { EventEmitter } from 'node:events';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { expect, it } from 'vitest';
import { createSnapshotCache } from '../../src/cache/index.js';
import { TYPE_URLS } from '../../src/contract.js';
import { decodeResource } from '../../src/protos/index.js';
import { decodeSotwResponse, type SotwRequest } from '../../src/server/messages.js';
import { sotwProtocol } from '../../src/server/sotw-stream.js';
import { StatusBoard } from '../../src/server/status.js';
import { hostStream } from '../../src/server/stream-host.js';
import { smallSnapshot } from '../support/resources.js';

// A client that stops reading: grpc-js's write() returns false past its high-water mark. The
// stream must not queue one response per snapshot change; on 'drain' it sends the latest once.
it('a stalled client is sent only the latest snapshot once it drains', () => {
  const cache = createSnapshotCache();
  const NODE = 'mesh/m/virtualNode/a';
  const snap = (port: number) => smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [port] } });
  cache.set(NODE, snap(1));
  const written: Buffer[] = [];
  const call = Object.assign(new EventEmitter(), {
    write: (bytes: Buffer) => {
      written.push(bytes);
      return false; // the client does not read
    },
    end: () => {},
  });
  hostStream(
    call as unknown as ServerDuplexStream<SotwRequest, Buffer>,
    { cache, board: new StatusBoard(() => {}) },
    sotwProtocol,
  );
  const request = (r: Partial<SotwRequest>) =>
    call.emit('data', {
      versionInfo: '',
      resourceNames: [],
      responseNonce: '',
      typeUrl: TYPE_URLS.clusterLoadAssignment,
      ...r,
    });
  request({ node: { id: NODE, cluster: '', userAgent: '' }, resourceNames: ['a'] });
  expect(written).toHaveLength(1);
  for (let port = 2; port <= 50; port++) cache.set(NODE, snap(port));
  expect(written).toHaveLength(1);
  call.emit('drain');
  expect(written).toHaveLength(2);
  const latest = decodeSotwResponse(written[1]!);
  expect(latest.versionInfo).not.toBe(decodeSotwResponse(written[0]!).versionInfo);
  // What was pushed is the last snapshot's content (port 50).
  const cla = decodeResource(TYPE_URLS.clusterLoadAssignment, latest.resources[0]!.bytes) as {
    endpoints: { lb_endpoints: { endpoint: { address: { socket_address: { port_value: number } } } }[] }[];
  };
  expect(cla.endpoints[0]!.lb_endpoints[0]!.endpoint.address.socket_address.port_value).toBe(50);
  expect(cache.watchCount()).toBe(1);
  call.emit('cancelled');
  expect(cache.watchCount()).toBe(0);
});
