import { createSocket, type Socket } from 'node:dgram';

/** Sends X-Ray documents to the daemon. */
export interface SegmentSender {
  send(document: string): void;
  close(): void;
}

const HEADER = '{"format": "json", "version": 1}\n';

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
  if (!address) return fallback;
  const parts = address.trim().split(/\s+/);
  const udp = parts.find((p) => p.startsWith('udp:'))?.slice(4) ?? parts.find((p) => !p.startsWith('tcp:'));
  if (!udp) return fallback;
  const colon = udp.lastIndexOf(':');
  const port = Number(udp.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) return fallback;
  return { host: udp.slice(0, colon), port };
}

/**
 * A UDP sender to the X-Ray daemon over one reused, unref'd socket (it never keeps the process
 * alive). Send errors are dropped: tracing must never fail a call.
 *
 * @example
 * ```ts
 * import { createUdpSender } from '@meshplane/lambda/xray';
 * const sender = createUdpSender(process.env.AWS_XRAY_DAEMON_ADDRESS);
 * sender.send('{"name":"x"}');
 * sender.close();
 * ```
 */
export function createUdpSender(address: string | undefined): SegmentSender {
  const { host, port } = parseDaemonAddress(address);
  let socket: Socket | undefined;
  const ignore = () => {};
  return {
    send(document) {
      if (!socket) {
        // Not connected on purpose: with no daemon listening, a connected socket would report an
        // ICMP "port unreachable" error for every send.
        socket = createSocket('udp4');
        socket.on('error', ignore);
        socket.unref();
      }
      socket.send(HEADER + document, port, host, ignore);
    },
    close() {
      socket?.close();
      socket = undefined;
    },
  };
}
