import { createSocket, type Socket } from 'node:dgram';

/** Sends X-Ray documents to the daemon. */
export interface SegmentSender {
  send(document: string): void;
  close(): void;
}

const HEADER = '{"format": "json", "version": 1}\n';
/** The largest datagram the daemon takes (64 KiB): the size of the reused send buffer. */
const DATAGRAM_BYTES = 65_536;

/**
 * Parses an X-Ray daemon address as `AWS_XRAY_DAEMON_ADDRESS` gives it: `host:port`, or
 * `tcp:host:port udp:host:port` (the UDP part is used). Default `127.0.0.1:2000`.
 *
 * @example
 * ```ts
 * import { parseDaemonAddress } from '@meshplane/lambda/xray';
 * parseDaemonAddress('tcp:127.0.0.1:2000 udp:169.254.79.129:2000'); // { host: '169.254.79.129', port: 2000 }
 * ```
 */
export function parseDaemonAddress(address: string | undefined): { host: string; port: number } {
  const fallback = { host: '127.0.0.1', port: 2000 };
  // Not set, or not a string (an option given wrong): the daemon's default address.
  if (!address || typeof address !== 'string') return fallback;
  const parts = address.trim().split(/\s+/);
  const udp = parts.find((p) => p.startsWith('udp:'))?.slice(4) ?? parts.find((p) => !p.startsWith('tcp:'));
  if (!udp) return fallback;
  const colon = udp.lastIndexOf(':');
  const port = Number(udp.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) return fallback;
  return { host: udp.slice(0, colon), port };
}

/** A {@link SegmentSender} over UDP that can connect its socket ahead of the first send. */
export interface UdpSegmentSender extends SegmentSender {
  /**
   * Creates and connects the socket now (at init): a connected socket sends each document
   * synchronously, inside the call that ends the subsegment, with no address lookup per send.
   * Resolves false when connecting failed; sends then go through an unconnected socket.
   */
  connect(): Promise<boolean>;
}

/**
 * A UDP sender to the X-Ray daemon over one reused, unref'd socket (it never keeps the process
 * alive). Send errors are dropped: tracing must never fail a call. After {@link
 * UdpSegmentSender.connect}, a send reaches the kernel before `send()` returns, so a subsegment
 * is out before the invocation ends and Lambda freezes the environment; an unconnected send
 * (the SDK's way) resolves the address first and writes on a later tick.
 *
 * @example
 * ```ts
 * import { createUdpSender } from '@meshplane/lambda/xray';
 * const sender = createUdpSender(process.env.AWS_XRAY_DAEMON_ADDRESS);
 * await sender.connect();
 * sender.send('{"name":"x"}');
 * sender.close();
 * ```
 */
export function createUdpSender(address: string | undefined): UdpSegmentSender {
  const { host, port } = parseDaemonAddress(address);
  let socket: Socket | undefined;
  let connected = false;
  const ignore = () => {};
  // Documents are written into one buffer that starts with the header line, reused while no send
  // holds it: no string concatenation, no buffer allocated per subsegment. An unconnected send (it
  // resolves the address first, holding the data meanwhile), a send while the buffer is held, or
  // a document too large for it gets its own copy.
  const buffer = Buffer.allocUnsafe(DATAGRAM_BYTES);
  const headerBytes = buffer.write(HEADER, 0, 'utf8');
  // The buffer is held while a send of it waits in the socket's queue (libuv queues a datagram
  // the kernel did not take at once, pointing at our bytes); a connected send is normally taken at
  // once, and the queue says so without a completion callback (which costs a tick per send).
  let heldBy: Socket | undefined;
  const held = () => heldBy !== undefined && heldBy.getSendQueueCount() > 0;
  const open = () => {
    if (!socket) {
      socket = createSocket('udp4');
      socket.on('error', ignore);
      socket.unref();
    }
    return socket;
  };
  return {
    async connect() {
      const s = open();
      if (connected) return true;
      try {
        await new Promise<void>((resolve, reject) => {
          s.once('error', reject);
          s.connect(port, host, () => {
            s.off('error', reject);
            resolve();
          });
        });
        connected = true;
      } catch {
        // A socket whose connect failed cannot be used unconnected: start over without connecting.
        s.close();
        if (socket === s) socket = undefined;
      }
      return connected;
    },
    send(document) {
      // With no daemon listening, a connected socket reports ICMP "port unreachable" on a later
      // send; the error is dropped like any other. A UTF-8 character takes at most 3 bytes per UTF-16 code unit: the document surely fits.
      const fits = connected && document.length * 3 <= DATAGRAM_BYTES - headerBytes && !held();
      const data = fits
        ? buffer.subarray(0, headerBytes + buffer.write(document, headerBytes, 'utf8'))
        : HEADER + document;
      const s = open();
      if (connected) s.send(data);
      else s.send(data, port, host);
      heldBy = fits ? s : heldBy;
    },
    close() {
      socket?.close();
      socket = undefined;
      connected = false;
      heldBy = undefined;
    },
  };
}
