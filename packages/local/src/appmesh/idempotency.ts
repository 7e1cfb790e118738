import { requestDigest } from '../request-digest.js';
import { conflict } from './errors.js';
import type { TokenRecord } from './store.js';

type Input = Record<string, unknown>;

/** Where the tokens of one partition are kept (see `Partition`). */
export interface TokenLedger {
  readonly tokens: ReadonlyMap<string, TokenRecord>;
  rememberToken(key: string, record: TokenRecord): void;
}

/**
 * Runs a create or update once per `clientToken` (App Mesh API reference: "Unique, case-sensitive
 * identifier that you provide to ensure the idempotency of the request"): a retry with the same
 * token and the same input gets the first answer; the same token with another input is a
 * ConflictException. Without a token the call simply runs.
 */
export function idempotent(ledger: TokenLedger, operation: string, input: Input, run: () => Input): Input {
  const token = input.clientToken;
  if (typeof token !== 'string') return run();
  const key = `${operation}|${token}`;
  const seen = ledger.tokens.get(key);
  const digest = requestDigest(input, ['clientToken']);
  if (seen) {
    if (seen.digest !== digest)
      throw conflict(`clientToken "${token}" was already used for a different ${operation} request`);
    return structuredClone(seen.output) as Input;
  }
  const output = run();
  ledger.rememberToken(key, { operation, digest, output: structuredClone(output) });
  return output;
}
