import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { MeshplaneLambdaError } from '../errors.js';
import { scrubUrl } from './response-url.js';

/** How the answer PUT to the ResponseURL is retried. */
export interface ResponseRetryOptions {
  /** Total tries, first one included. Default 5 (as crhelper and the CDK provider framework). */
  attempts?: number;
  /** Delay before the second try; doubles each time, with full jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Upper bound of one delay. Default 4,000 ms. */
  maxDelayMs?: number;
  /** Timeout of one PUT. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /**
   * When the function will be stopped (epoch ms, e.g. from `getRemainingTimeInMillis()`): each PUT's
   * timeout and each backoff are cut to the time left, so that a hanging PUT still leaves time to
   * retry instead of being killed with the function. Default: none.
   */
  deadlineAt?: number;
}

/** What happened to the answer PUT. */
export interface SendOutcome {
  attempts: number;
  statusCode: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Below this much time left, another PUT is not started: it could not complete. */
const SHORTEST_USEFUL_PUT_MS = 50;
/** A PUT gets at least this long (half the time left would be too short), if that much is left. */
const SHORTEST_TRY_MS = 1_000;

/**
 * How long one PUT may take: half the time left, so that a hanging PUT leaves room to retry, but
 * at least a short try (1 s) and never more than the time left, so that the last try ends
 * before the deadline (a try that outlived it would run into the Lambda timeout).
 *
 * @example
 * ```ts
 * attemptBudgetMs(8_000, 10_000); // 4_000: half of what is left
 * attemptBudgetMs(1_500, 10_000); // 1_000: a short try still fits
 * attemptBudgetMs(300, 10_000); // 300: never past the deadline
 * ```
 */
export function attemptBudgetMs(leftMs: number, timeoutMs: number): number {
  return Math.max(0, Math.min(timeoutMs, leftMs, Math.max(SHORTEST_TRY_MS, leftMs / 2)));
}

function putOnce(url: URL, body: string, timeoutMs: number): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'PUT',
        // S3 pre-signed PUT URLs are signed without a content type: sending one breaks the signature.
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
        res.on('error', reject);
      },
    );
    // One timer for the whole exchange (connect, send, headers, body): the socket's idle timeout
    // would let a server that trickles bytes keep the PUT alive past the deadline.
    const timer = setTimeout(() => req.destroy(new Error(`PUT timed out after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/**
 * PUTs a response body to a pre-signed ResponseURL, retrying network errors and non-2xx answers
 * with exponential backoff. Error messages never contain the URL's query string.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const url = new URL('https://example-bucket.s3.amazonaws.com/response?X-Amz-Signature=abc');
 * await sendResponse(url, JSON.stringify({ Status: 'SUCCESS' }), { attempts: 5 }).catch(() => {});
 * ```
 */
export async function sendResponse(
  url: URL,
  body: string,
  options: ResponseRetryOptions = {},
  onRetry?: (attempt: number, reason: string) => void,
): Promise<SendOutcome> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 4_000;
  const timeout = options.requestTimeoutMs ?? 10_000;
  const left = () =>
    options.deadlineAt === undefined ? Number.POSITIVE_INFINITY : options.deadlineAt - Date.now();
  let lastReason = '';
  let attempt = 0;
  while (attempt < attempts) {
    const budget = attemptBudgetMs(left(), timeout);
    if (budget < SHORTEST_USEFUL_PUT_MS) break;
    attempt++;
    try {
      const statusCode = await putOnce(url, body, budget);
      if (statusCode >= 200 && statusCode < 300) return { attempts: attempt, statusCode };
      lastReason = `HTTP ${statusCode}`;
    } catch (error) {
      lastReason = scrubUrl(error instanceof Error ? error.message : String(error), url.href);
    }
    if (attempt < attempts) {
      const delay = Math.random() * Math.min(max, base * 2 ** (attempt - 1));
      if (left() - delay < SHORTEST_USEFUL_PUT_MS) break;
      onRetry?.(attempt, lastReason);
      await sleep(delay);
    }
  }
  if (attempt === 0) {
    throw new MeshplaneLambdaError(
      'RESPONSE_NOT_DELIVERED',
      'the response could not be delivered to CloudFormation: no time was left before the Lambda deadline to send it',
    );
  }
  throw new MeshplaneLambdaError(
    'RESPONSE_NOT_DELIVERED',
    `the response could not be delivered to CloudFormation after ${attempt} attempt${attempt === 1 ? '' : 's'}${attempt < attempts ? ', out of time before the Lambda deadline' : ''} (last: ${lastReason})`,
  );
}
