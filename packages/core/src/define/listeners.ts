import type {
  Duration,
  GrpcTimeout,
  HealthCheckPolicy,
  HttpTimeout,
  Listener,
  ListenerTls,
  OutlierDetection,
  TcpTimeout,
  VirtualNodeConnectionPool,
} from '@aws-sdk/client-app-mesh';
import { assertReadable, checkPort, MeshDefinitionError } from './errors.js';

/** Options shared by every listener helper: the `Listener` members other than `portMapping`. */
export interface ListenerOptions {
  tls?: ListenerTls;
  healthCheck?: HealthCheckPolicy;
  outlierDetection?: OutlierDetection;
  connectionPool?: VirtualNodeConnectionPool;
}

/** A listener with its protocol pinned in the type, as returned by {@link http} and friends. */
export type ListenerOf<P extends 'http' | 'http2' | 'grpc' | 'tcp'> = Listener & {
  portMapping: { port: number; protocol: P };
};

function build<P extends 'http' | 'http2' | 'grpc' | 'tcp'>(
  protocol: P,
  port: number,
  options: (ListenerOptions & { timeout?: unknown }) | undefined,
): ListenerOf<P> {
  checkPort(port, `${protocol} listener port`);
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new MeshDefinitionError(
      'INVALID_OPTIONS',
      `${protocol} listener options`,
      options,
      'must be an object',
    );
  }
  assertReadable(options, `${protocol} listener options`);
  const { timeout, ...rest } = options ?? {};
  const listener: ListenerOf<P> = { portMapping: { port, protocol }, ...rest };
  // The API nests the timeout under the protocol's own key (`timeout.http`, `timeout.grpc`, …).
  if (timeout !== undefined) listener.timeout = { [protocol]: timeout } as unknown as Listener['timeout'];
  return listener;
}

/**
 * An HTTP/1.1 listener for a virtual node, router or gateway.
 *
 * @example
 * ```ts
 * import { http, seconds } from '@meshplane/core';
 * const listener = http(9080, { timeout: { perRequest: seconds(5) } });
 * // { portMapping: { port: 9080, protocol: 'http' }, timeout: { http: { perRequest: { value: 5, unit: 's' } } } }
 * ```
 */
export function http(
  port: number,
  options?: ListenerOptions & { timeout?: HttpTimeout },
): ListenerOf<'http'> {
  return build('http', port, options);
}

/**
 * An HTTP/2 listener.
 *
 * @example
 * ```ts
 * import { http2 } from '@meshplane/core';
 * const listener = http2(8443); // { portMapping: { port: 8443, protocol: 'http2' } }
 * ```
 */
export function http2(
  port: number,
  options?: ListenerOptions & { timeout?: HttpTimeout },
): ListenerOf<'http2'> {
  return build('http2', port, options);
}

/**
 * A gRPC listener.
 *
 * @example
 * ```ts
 * import { grpc } from '@meshplane/core';
 * const listener = grpc(50051); // { portMapping: { port: 50051, protocol: 'grpc' } }
 * ```
 */
export function grpc(
  port: number,
  options?: ListenerOptions & { timeout?: GrpcTimeout },
): ListenerOf<'grpc'> {
  return build('grpc', port, options);
}

/**
 * A TCP listener (virtual nodes and routers only: gateways do not take TCP).
 *
 * @example
 * ```ts
 * import { tcp } from '@meshplane/core';
 * const listener = tcp(5432); // { portMapping: { port: 5432, protocol: 'tcp' } }
 * ```
 */
export function tcp(port: number, options?: ListenerOptions & { timeout?: TcpTimeout }): ListenerOf<'tcp'> {
  return build('tcp', port, options);
}

/**
 * A duration in seconds, in the API's `Duration` shape.
 *
 * @example
 * ```ts
 * import { seconds } from '@meshplane/core';
 * seconds(15); // { value: 15, unit: 's' }
 * ```
 */
export function seconds(value: number): Duration {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new MeshDefinitionError('INVALID_DURATION', 'seconds', value, 'must be a non-negative integer');
  }
  return { value, unit: 's' };
}

/**
 * A duration in milliseconds, in the API's `Duration` shape.
 *
 * @example
 * ```ts
 * import { millis } from '@meshplane/core';
 * millis(250); // { value: 250, unit: 'ms' }
 * ```
 */
export function millis(value: number): Duration {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new MeshDefinitionError('INVALID_DURATION', 'millis', value, 'must be a non-negative integer');
  }
  return { value, unit: 'ms' };
}
