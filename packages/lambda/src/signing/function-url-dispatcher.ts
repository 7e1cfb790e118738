import type { Dispatcher } from 'undici';
import { MeshplaneLambdaError } from '../errors.js';
import { type FunctionUrlAuthType, isFunctionUrlHost } from '../lambda-node/lambda-node-spec.js';
import type { FunctionUrlSigner } from './function-url-signer.js';

/** The part of an undici dispatcher the router uses (it checks for `request` and `dispatch`). */
export interface RequestDispatcher {
  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  close(): Promise<void>;
}

/** Options of {@link createFunctionUrlDispatcher}. */
export interface FunctionUrlDispatcherOptions {
  /** Sends everything (an undici `Agent`). */
  inner: RequestDispatcher;
  /** Signs `AWS_IAM` calls. */
  signer: FunctionUrlSigner;
  /** Auth type of a function URL host; default `AWS_IAM`. */
  authTypeOf(host: string): FunctionUrlAuthType;
}

function hostOf(origin: string | URL | undefined): { host: string; url: URL } | undefined {
  if (origin === undefined) return undefined;
  const url = typeof origin === 'string' ? new URL(origin) : origin;
  return { host: url.hostname.toLowerCase(), url };
}

/**
 * Wraps the router's dispatcher so that calls to Lambda virtual nodes work: the router sees a
 * node with DNS discovery of the function URL host on port 443 and would speak plain HTTP with
 * the virtual service as `host`; for a function URL host this sends HTTPS to port 443 with the
 * URL host as `host` and, when the URL's auth type is `AWS_IAM`, a SigV4 signature (service
 * `lambda`). Every other origin passes through untouched.
 *
 * @example
 * ```ts
 * import { Agent } from 'undici';
 * import { createFunctionUrlDispatcher, createFunctionUrlSigner } from '@meshplane/lambda';
 * const dispatcher = createFunctionUrlDispatcher({
 *   inner: new Agent(),
 *   signer: createFunctionUrlSigner(),
 *   authTypeOf: () => 'AWS_IAM',
 * });
 * ```
 */
export function createFunctionUrlDispatcher(options: FunctionUrlDispatcherOptions): RequestDispatcher {
  return {
    async request(request) {
      const target = hostOf(request.origin);
      if (!target || !isFunctionUrlHost(target.host)) return options.inner.request(request);
      const origin = `https://${target.host}`;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries((request.headers ?? {}) as Record<string, unknown>)) {
        if (value !== undefined) headers[name.toLowerCase()] = String(value);
      }
      headers.host = target.host;
      if (options.authTypeOf(target.host) === 'AWS_IAM') {
        const body = request.body;
        if (
          body !== undefined &&
          body !== null &&
          typeof body !== 'string' &&
          !(body instanceof Uint8Array)
        ) {
          throw new MeshplaneLambdaError(
            'SIGNING_BODY_UNSUPPORTED',
            `the call to the AWS_IAM function URL ${target.host} has a stream body; SigV4 needs it in memory (string or bytes)`,
          );
        }
        const signed = await options.signer.sign({
          url: `${origin}${request.path}`,
          method: request.method,
          headers,
          ...(body !== undefined && body !== null ? { body } : {}),
        });
        return options.inner.request({ ...request, origin, headers: signed });
      }
      return options.inner.request({ ...request, origin, headers });
    },
    dispatch(request, handler) {
      const target = hostOf(request.origin);
      if (target && isFunctionUrlHost(target.host)) {
        // Signing is asynchronous; the low-level dispatch API cannot wait for it.
        throw new MeshplaneLambdaError(
          'DISPATCH_UNSUPPORTED',
          `calls to the function URL ${target.host} go through request(), which can sign them; dispatch() cannot`,
        );
      }
      return options.inner.dispatch(request, handler);
    },
    close: () => options.inner.close(),
  };
}
