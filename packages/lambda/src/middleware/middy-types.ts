import type { Context as LambdaContext } from 'aws-lambda';

// The few middy types this package needs, copied (not imported) so that @middy/core stays an
// optional peer: they are structurally compatible with @middy/core 6 and 7.

/** middy's request object, as a middleware sees it. */
export interface MiddyRequest<
  TEvent = unknown,
  TResult = unknown,
  TErr = Error,
  TContext extends LambdaContext = LambdaContext,
  TInternal extends Record<string, unknown> = Record<string, unknown>,
> {
  event: TEvent;
  context: TContext;
  response: TResult | null | undefined;
  earlyResponse?: TResult | null | undefined;
  error: TErr | null | undefined;
  internal: TInternal;
}

/** One middy lifecycle function. */
export type MiddyMiddlewareFn<
  TEvent = unknown,
  TResult = unknown,
  TErr = Error,
  TContext extends LambdaContext = LambdaContext,
  TInternal extends Record<string, unknown> = Record<string, unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: middy's own signature returns any
> = (request: MiddyRequest<TEvent, TResult, TErr, TContext, TInternal>) => any;

/** A middy middleware object: what `.use()` accepts. */
export interface MiddyMiddlewareObj<
  TEvent = unknown,
  TResult = unknown,
  TErr = Error,
  TContext extends LambdaContext = LambdaContext,
  TInternal extends Record<string, unknown> = Record<string, unknown>,
> {
  before?: MiddyMiddlewareFn<TEvent, TResult, TErr, TContext, TInternal>;
  after?: MiddyMiddlewareFn<TEvent, TResult, TErr, TContext, TInternal>;
  onError?: MiddyMiddlewareFn<TEvent, TResult, TErr, TContext, TInternal>;
  name?: string;
}
