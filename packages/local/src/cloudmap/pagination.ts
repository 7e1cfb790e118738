import { invalidInput } from './errors.js';

/**
 * One page of a list ordered by creation sequence. The token carries the sequence number of the
 * next item (and the operation it belongs to), so deleting items between two calls never skips
 * or repeats the ones that remain.
 */
export function paginate<T extends { seq: number }>(
  items: readonly T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
  operation: string,
  limits: { defaultSize: number; maxSize: number },
): { page: T[]; NextToken?: string } {
  const size = (input.MaxResults as number | undefined) ?? limits.defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > limits.maxSize) {
    throw invalidInput(
      `MaxResults ${String(size)} is invalid: it must be an integer from 1 to ${limits.maxSize}.`,
    );
  }
  let from = 0;
  if (input.NextToken !== undefined && input.NextToken !== null && input.NextToken !== '') {
    from = decodeToken(String(input.NextToken), operation);
  }
  const sorted = [...items].sort((a, b) => a.seq - b.seq);
  const start = sorted.findIndex((item) => item.seq >= from);
  if (start < 0) return { page: [] };
  const page = sorted.slice(start, start + size);
  const next = sorted[start + size];
  return next ? { page, NextToken: encodeToken(next.seq, operation) } : { page };
}

function encodeToken(seq: number, operation: string): string {
  return Buffer.from(JSON.stringify({ op: operation, seq }), 'utf8').toString('base64url');
}

function decodeToken(token: string, operation: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      op?: unknown;
      seq?: unknown;
    };
    if (parsed.op === operation && Number.isInteger(parsed.seq)) return parsed.seq as number;
  } catch {
    // falls through to the error below
  }
  throw invalidInput(
    `NextToken "${token.slice(0, 64)}" is invalid: pass the NextToken of a previous ${operation} response.`,
  );
}
