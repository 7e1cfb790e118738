import { LocalServiceError } from '../service.js';

interface TokenBody {
  /** The list the token belongs to (operation + scope), so a token cannot be replayed elsewhere. */
  s: string;
  /** The sort key of the last item returned. */
  a: string;
}

/**
 * Returns one page of `items` (already in their stable order by `keyOf`) after the position
 * an opaque `nextToken` points at. A token from another list, or one that does not decode,
 * is a 400 `BadRequestException`.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  scope: string,
  limit: number | undefined,
  nextToken: string | undefined,
  defaultLimit: number,
): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    let body: TokenBody | undefined;
    try {
      body = JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8')) as TokenBody;
    } catch {
      body = undefined;
    }
    if (!body || typeof body.a !== 'string' || body.s !== scope)
      throw new LocalServiceError(
        'BadRequestException',
        400,
        `nextToken ${JSON.stringify(nextToken.length > 60 ? `${nextToken.slice(0, 57)}...` : nextToken)} is not a token this list returned`,
      );
    const after = body.a;
    start = items.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = items.length;
  }
  const size = limit ?? defaultLimit;
  const page = items.slice(start, start + size);
  const more = start + size < items.length;
  return more
    ? {
        page,
        nextToken: Buffer.from(JSON.stringify({ s: scope, a: keyOf(page.at(-1)!) })).toString('base64url'),
      }
    : { page };
}
