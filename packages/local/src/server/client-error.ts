import type { Socket } from 'node:net';
import type { RequestHead } from '../protocol/adapter.js';
import type { WireResponse } from '../protocol/wire-response.js';

/** How long a refused connection keeps reading what the client still sends before it is closed. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Reads the request line and the header lines that arrived before a parse error, so the answer can
 * use the caller's protocol (an awsJson1_1 call names itself in `X-Amz-Target`).
 */
export function headOfRawRequest(raw: Buffer | undefined): RequestHead {
  const text = raw ? raw.subarray(0, 64 * 1024).toString('latin1') : '';
  const [requestLine = '', ...lines] = text.split('\r\n');
  const target = requestLine.split(' ')[1] ?? '/';
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { pathname: target.split('?')[0] ?? '/', headers };
}

/** The answer to a request Node's HTTP parser refused, as a status and a message. */
export function clientErrorAnswer(
  error: NodeJS.ErrnoException,
  maxHeaderSize: number,
): { status: number; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      message: `request headers are larger than ${maxHeaderSize} bytes (Node's HTTP header limit); send smaller headers`,
    };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, message: 'the request was not received in time' };
  return {
    status: 400,
    message: `malformed HTTP request: ${error.message}${error.code ? ` (${error.code})` : ''}`,
  };
}

function serialize(wire: WireResponse, reason: string): string {
  const headers = {
    ...wire.headers,
    'content-length': String(Buffer.byteLength(wire.body)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return `HTTP/1.1 ${wire.status} ${reason}\r\n${lines.join('')}\r\n${wire.body}`;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers a request the HTTP parser refused (headers over the limit, a malformed request line)
 * in the service's error format, then keeps reading and discarding what the client still sends
 * until it closes (at most {@link LINGER_MS} / {@link LINGER_BYTES}): closing with unread data
 * would make the kernel send a TCP reset, and the client would never read the answer.
 */
export function answerClientError(socket: Socket, wire: WireResponse): void {
  if (socket.destroyed) return;
  // As Node's own handler does: an answer already under way on this socket cannot be followed
  // by another one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(serialize(wire, REASONS[wire.status] ?? 'Bad Request'));
  let drained = 0;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > LINGER_BYTES) socket.destroy();
  });
  socket.on('close', () => clearTimeout(timer));
  socket.on('end', () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.resume();
}
