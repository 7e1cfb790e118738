import type { IncomingMessage } from 'node:http';
import { LocalEndpointError } from '../errors.js';

/** Raised when a request body exceeds the endpoint's limit. */
export class BodyTooLargeError extends LocalEndpointError {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super('BODY_TOO_LARGE', `request body is larger than ${limit} bytes`);
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a whole request body, refusing more than `limit` bytes (checked on `Content-Length`
 * first, then while streaming) so a huge upload cannot exhaust memory.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3): most
  // reads (GET) answer at once, without stream listeners.
  const { 'content-length': length, 'transfer-encoding': encoding } = request.headers;
  if (encoding === undefined && (length === undefined || length === '0')) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
  });
}
