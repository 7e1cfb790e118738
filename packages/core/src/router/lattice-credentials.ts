import { errorReason } from '../options/show-value.js';
import { LatticeCredentialsError } from './lattice-errors.js';
import type { LatticeCredentials, LatticeCredentialsProvider } from './lattice-options.js';

// The AWS SDK refreshes temporary credentials this long before they expire (its memoized
// providers treat credentials expiring within 5 minutes as expired); so does the router.
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * The AWS SDK's default Node.js chain, imported when first needed (a router without Lattice never
 * loads it). `@aws-sdk/credential-provider-node`'s `defaultProvider` is the chain that
 * `fromNodeProviderChain()` of `@aws-sdk/credential-providers` wraps; every AWS SDK client
 * depends on it, so the Lambda Node.js runtimes provide it and bundles leave it out.
 */
async function defaultChain(): Promise<LatticeCredentialsProvider> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider() as LatticeCredentialsProvider;
}

function checked(value: unknown): LatticeCredentials {
  const c = value as Partial<LatticeCredentials> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.accessKeyId !== 'string' ||
    c.accessKeyId === '' ||
    typeof c.secretAccessKey !== 'string' ||
    c.secretAccessKey === ''
  ) {
    throw new LatticeCredentialsError(
      'the credential provider gave no { accessKeyId, secretAccessKey } (got a value without them)',
    );
  }
  return c as LatticeCredentials;
}

/**
 * The credentials the router signs with, as a provider that resolves once and answers from memory
 * until 5 minutes before the credentials expire, then asks its source again (requests in that
 * window share one refresh). Static credentials are returned as they are; a failed resolution is
 * a {@link LatticeCredentialsError} and the next call tries again. Call it once at init to
 * resolve the credentials before the first request.
 *
 * @example
 * ```ts
 * import { latticeCredentials } from './lattice-credentials.js';
 * const credentials = latticeCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
 * console.log((await credentials()).accessKeyId); // AKIDEXAMPLE
 * ```
 */
export function latticeCredentials(
  source: LatticeCredentials | LatticeCredentialsProvider | undefined,
  now: () => number = Date.now,
): LatticeCredentialsProvider {
  if (source !== undefined && typeof source !== 'function') {
    const fixed = Promise.resolve(checked(source));
    return () => fixed;
  }
  let provider: Promise<LatticeCredentialsProvider> | undefined;
  let current: Promise<LatticeCredentials> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  const resolve = async (): Promise<LatticeCredentials> => {
    provider ??= source ? Promise.resolve(source) : defaultChain();
    let value: LatticeCredentials;
    try {
      value = checked(await (await provider)());
    } catch (error) {
      if (error instanceof LatticeCredentialsError) throw error;
      throw new LatticeCredentialsError(`the credential provider failed: ${errorReason(error)}`, {
        cause: error,
      });
    }
    const expiration = value.expiration?.getTime();
    expiresAt = expiration === undefined ? Number.POSITIVE_INFINITY : expiration - REFRESH_BEFORE_EXPIRY_MS;
    return value;
  };
  return () => {
    if (current === undefined || now() >= expiresAt) {
      expiresAt = Number.POSITIVE_INFINITY;
      const next = resolve();
      current = next;
      // A failure is reported to the callers of this round; the next call asks again.
      next.catch(() => {
        if (current === next) current = undefined;
      });
    }
    return current;
  };
}
