import type { Context } from 'aws-lambda';

/**
 * Whether the environment serves concurrent invocations (Lambda Managed Instances set
 * `AWS_LAMBDA_MAX_CONCURRENCY` when the environment starts). Read once: `process.env` is a call
 * into the C++ environment on every read, and this runs at every invocation.
 */
const CONCURRENT = process.env.AWS_LAMBDA_MAX_CONCURRENCY !== undefined;

/** The part of the Lambda runtime's per-invocation store meshplane reads (`@aws/lambda-invoke-store`). */
interface InvokeStore {
  getXRayTraceId?(): string | undefined;
}

/**
 * The X-Ray trace header of the invocation `context` belongs to, from the first source that
 * carries it for that invocation:
 *
 * 1. the context itself (`context.xRayTraceId`, where the runtime puts it there);
 * 2. the runtime's invoke store (`globalThis.awslambda.InvokeStore`), which Lambda Managed
 *    Instances scope to each invocation (an `AsyncLocalStorage` entered before the handler runs);
 * 3. `_X_AMZN_TRACE_ID`, only when the environment serves one invocation at a time: with
 *    `AWS_LAMBDA_MAX_CONCURRENCY` set (Lambda Managed Instances), concurrent invocations share the
 *    process environment, and its value may be another invocation's.
 *
 * @example
 * ```ts
 * import { invocationTraceHeader } from '@meshplane/lambda/middleware';
 * invocationTraceHeader({ xRayTraceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } as never);
 * // 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1'
 * ```
 */
export function invocationTraceHeader(context: Context | undefined): string | undefined {
  const own = (context as { xRayTraceId?: unknown } | undefined)?.xRayTraceId;
  if (typeof own === 'string' && own.length > 0) return own;
  const store = (globalThis as { awslambda?: { InvokeStore?: InvokeStore } }).awslambda?.InvokeStore;
  if (typeof store?.getXRayTraceId === 'function') {
    const stored = store.getXRayTraceId();
    if (typeof stored === 'string' && stored.length > 0) return stored;
  }
  if (CONCURRENT) return undefined;
  return process.env._X_AMZN_TRACE_ID;
}
