import type { AppMeshClient } from '@aws-sdk/client-app-mesh';

type AddArgs = Parameters<AppMeshClient['middlewareStack']['addRelativeTo']>;

/** One retry of one API call, as the SDK's retry strategy makes it. */
export interface RetryNotice {
  /** The API operation, e.g. `UpdateRoute`. */
  operation: string;
  /** Why the previous attempt failed: `throttled`, or the error's name/code. */
  reason: string;
  /** This attempt's number (2 for the first retry) and the most attempts the strategy makes. */
  attempt: number;
  maxAttempts: number;
}

const THROTTLING = /throttl|toomanyrequests|requestlimitexceeded|slowdown/i;

// The SDK's retry middleware stamps every attempt with `amz-sdk-request: attempt=N; max=M`
// (the AWS SDKs' retry header, see @smithy/middleware-retry), so a middleware placed after it
// sees each attempt and its number.
function attemptOf(
  headers: Record<string, string> | undefined,
): { attempt: number; max: number } | undefined {
  const value = headers?.['amz-sdk-request'];
  const match = value ? /attempt=(\d+);\s*max=(\d+)/.exec(value) : null;
  return match ? { attempt: Number(match[1]), max: Number(match[2]) } : undefined;
}

function reasonOf(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const name = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : (code ?? 'error');
  if (THROTTLING.test(name) || e?.$metadata?.httpStatusCode === 429) return 'throttled';
  return name;
}

/**
 * Calls `onRetry` before every retried attempt of `client`'s calls (after a throttle, a 5xx, a
 * dropped connection), so that a long wait shows on the terminal as
 * `UpdateRoute throttled, retry 2/10` instead of silence.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { watchRetries } from './aws/retry-notices.js'; // inside packages/cli/src
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * watchRetries(client, (n) => console.error(`${n.operation} ${n.reason}, retry ${n.attempt}/${n.maxAttempts}`));
 * client.destroy();
 * ```
 */
export function watchRetries(client: AppMeshClient, onRetry: (notice: RetryNotice) => void): void {
  // Typed by hand: the SDK's middleware types live in @smithy/types, not a dependency of the CLI.
  type Args = { request?: unknown };
  const middleware = (next: (args: Args) => Promise<unknown>, context: { commandName?: string }) => {
    let lastReason = 'error';
    return async (args: Args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      const attempt = attemptOf(request?.headers);
      if (attempt && attempt.attempt > 1) {
        onRetry({
          operation: String(context.commandName ?? 'call').replace(/Command$/, ''),
          reason: lastReason,
          attempt: attempt.attempt,
          maxAttempts: attempt.max,
        });
      }
      try {
        return await next(args);
      } catch (error) {
        lastReason = reasonOf(error);
        throw error;
      }
    };
  };
  client.middlewareStack.addRelativeTo(middleware as unknown as AddArgs[0], {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'meshplaneRetryNotices',
  });
}
