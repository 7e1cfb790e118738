import { MeshplaneError } from '../errors/meshplane-error.js';
import { showValue } from '../options/show-value.js';
import type { ValidationIssue } from '../validation/issue.js';

/** Every code a router error carries, one per subclass. */
export type MeshRouterErrorCode =
  | 'NO_ROUTE_MATCHED'
  | 'NO_HEALTHY_ENDPOINT'
  | 'UNDECLARED_BACKEND'
  | 'MESH_TIMEOUT'
  | 'UPSTREAM_CONNECTION'
  | 'RETRIES_EXHAUSTED'
  | 'INVALID_REQUEST'
  | 'ROUTER_CONFIG'
  | 'LATTICE_ACCESS_DENIED'
  | 'LATTICE_CREDENTIALS';

/**
 * The base class of the proxyless router's errors. `code` is stable; the subclasses carry the
 * names of what the router was looking for so that callers (and logs) can tell what went wrong.
 *
 * @example
 * ```ts
 * import { MeshRouterError } from '@meshplane/core/router';
 * try {
 *   await router.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * } catch (error) {
 *   if (error instanceof MeshRouterError) console.error(error.code, error.message);
 * }
 * ```
 */
export class MeshRouterError extends MeshplaneError<MeshRouterErrorCode> {
  override name = 'MeshRouterError';
}

/**
 * No route of the virtual router (or no listener of it) matched the request.
 *
 * @example
 * ```ts
 * import { NoRouteMatchedError } from '@meshplane/core/router';
 * const error = new NoRouteMatchedError({ virtualServiceName: 'jazz.prod.svc.cluster.local', virtualRouterName: 'jazz-router', port: 9080, method: 'GET', path: '/x', reason: 'no route matched' });
 * console.log(error.code); // 'NO_ROUTE_MATCHED'
 * ```
 */
export class NoRouteMatchedError extends MeshRouterError {
  override name = 'NoRouteMatchedError';
  readonly virtualServiceName: string;
  readonly virtualRouterName: string | undefined;
  readonly port: number | undefined;
  readonly method: string;
  readonly path: string;

  constructor(details: {
    virtualServiceName: string;
    virtualRouterName?: string;
    port?: number;
    method: string;
    path: string;
    reason: string;
  }) {
    const where = details.virtualRouterName
      ? `virtual router "${details.virtualRouterName}" of virtual service "${details.virtualServiceName}"`
      : `virtual service "${details.virtualServiceName}"`;
    super(
      'NO_ROUTE_MATCHED',
      `no route matched ${details.method} ${details.path}${details.port === undefined ? '' : ` on port ${details.port}`} in ${where}: ${details.reason}`,
    );
    this.virtualServiceName = details.virtualServiceName;
    this.virtualRouterName = details.virtualRouterName;
    this.port = details.port;
    this.method = details.method;
    this.path = details.path;
  }
}

/**
 * The chosen virtual node has no endpoint to send to: service discovery returned no instance, all
 * instances are ejected by outlier detection, or discovery itself failed (see `cause`).
 *
 * @example
 * ```ts
 * import { NoHealthyEndpointError } from '@meshplane/core/router';
 * const error = new NoHealthyEndpointError({ virtualNodeName: 'jazz-v2', discovery: 'cloudmap prod.svc.cluster.local/jazz (version=v2)', reason: 'no instances' });
 * console.log(error.message);
 * ```
 */
export class NoHealthyEndpointError extends MeshRouterError {
  override name = 'NoHealthyEndpointError';
  readonly virtualNodeName: string;
  readonly discovery: string;

  constructor(
    details: { virtualNodeName: string; discovery: string; reason: string },
    options?: { cause?: unknown },
  ) {
    super(
      'NO_HEALTHY_ENDPOINT',
      `no healthy endpoint for virtual node "${details.virtualNodeName}" (${details.discovery}): ${details.reason}`,
      options,
    );
    this.virtualNodeName = details.virtualNodeName;
    this.discovery = details.discovery;
  }
}

/**
 * The source virtual node called a host that is not one of its backends while the mesh's egress
 * filter is `DROP_ALL` (the App Mesh default).
 *
 * @example
 * ```ts
 * import { UndeclaredBackendError } from '@meshplane/core/router';
 * const error = new UndeclaredBackendError({ backend: 'rock.prod.svc.cluster.local', sourceNode: 'dj', meshName: 'dj-app', declaredBackends: ['jazz.prod.svc.cluster.local'] });
 * console.log(error.code); // 'UNDECLARED_BACKEND'
 * ```
 */
export class UndeclaredBackendError extends MeshRouterError {
  override name = 'UndeclaredBackendError';
  readonly backend: string;
  readonly sourceNode: string;
  readonly meshName: string;

  constructor(details: {
    backend: string;
    sourceNode: string;
    meshName: string;
    declaredBackends: string[];
  }) {
    const declared = details.declaredBackends.length
      ? `declared backends: ${details.declaredBackends.join(', ')}`
      : 'the node declares no backends';
    super(
      'UNDECLARED_BACKEND',
      `"${details.backend}" is not a backend of virtual node "${details.sourceNode}" and mesh "${details.meshName}" has egress filter DROP_ALL (${declared}); add it to the node's backends or set the mesh egress filter to ALLOW_ALL`,
    );
    this.backend = details.backend;
    this.sourceNode = details.sourceNode;
    this.meshName = details.meshName;
  }
}

/**
 * A timeout fired: the route's per-request timeout (App Mesh default 15 s), a per-retry timeout,
 * or the idle timeout. `timeout` says which, `timeoutMs` its value.
 *
 * @example
 * ```ts
 * import { MeshTimeoutError } from '@meshplane/core/router';
 * const error = new MeshTimeoutError({ timeout: 'perRequest', timeoutMs: 15000, target: 'jazz.prod.svc.cluster.local -> jazz-v1', source: 'default' });
 * console.log(error.message);
 * ```
 */
export class MeshTimeoutError extends MeshRouterError {
  override name = 'MeshTimeoutError';
  readonly timeout: 'perRequest' | 'perRetry' | 'idle';
  readonly timeoutMs: number;

  constructor(
    details: {
      timeout: 'perRequest' | 'perRetry' | 'idle';
      timeoutMs: number;
      target: string;
      source: 'route' | 'listener' | 'default' | 'option';
    },
    options?: { cause?: unknown },
  ) {
    const origin =
      details.source === 'default'
        ? ' (the App Mesh default; set the route timeout to change it)'
        : details.source === 'option'
          ? ' (from the router options)'
          : ` (from the ${details.source} spec)`;
    super(
      'MESH_TIMEOUT',
      `${details.timeout} timeout of ${details.timeoutMs} ms expired calling ${details.target}${origin}`,
      options,
    );
    this.timeout = details.timeout;
    this.timeoutMs = details.timeoutMs;
  }
}

/**
 * An upstream could not be reached (connection refused, reset, …) and no retry policy applied.
 *
 * @example
 * ```ts
 * import { UpstreamConnectionError } from '@meshplane/core/router';
 * const error = new UpstreamConnectionError({ target: 'jazz-v1 at http://127.0.0.1:1' }, { cause: new Error('ECONNREFUSED') });
 * console.log(error.code); // 'UPSTREAM_CONNECTION'
 * ```
 */
export class UpstreamConnectionError extends MeshRouterError {
  override name = 'UpstreamConnectionError';
  constructor(details: { target: string }, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('UPSTREAM_CONNECTION', `calling ${details.target} failed${reason}`, options);
  }
}

/**
 * Every attempt allowed by the route's retry policy (or by the retry budget) failed without a
 * response. `cause` is the last attempt's error; `attempts` counts every attempt made.
 *
 * @example
 * ```ts
 * import { RetriesExhaustedError } from '@meshplane/core/router';
 * const error = new RetriesExhaustedError({ target: 'jazz.prod.svc.cluster.local', attempts: 3, maxRetries: 2, budgetExhausted: false });
 * console.log(error.attempts); // 3
 * ```
 */
export class RetriesExhaustedError extends MeshRouterError {
  override name = 'RetriesExhaustedError';
  readonly attempts: number;
  readonly budgetExhausted: boolean;

  constructor(
    details: { target: string; attempts: number; maxRetries: number; budgetExhausted: boolean },
    options?: { cause?: unknown },
  ) {
    const last = options?.cause instanceof Error ? `; last error: ${options.cause.message}` : '';
    const why = details.budgetExhausted
      ? `the retry budget was exhausted after ${details.attempts} attempt(s)`
      : `${details.attempts} attempt(s) (maxRetries ${details.maxRetries}) all failed`;
    super('RETRIES_EXHAUSTED', `calling ${details.target}: ${why}${last}`, options);
    this.attempts = details.attempts;
    this.budgetExhausted = details.budgetExhausted;
  }
}

/**
 * The caller's request cannot be sent as given: the URL, the method, a header, the body, the
 * signal or the `init` object itself. Names the field, the value and the rule. It is never
 * retried and never counts against an endpoint in outlier detection: the upstream is not at fault.
 *
 * @example
 * ```ts
 * import { InvalidRequestError } from '@meshplane/core/router';
 * try {
 *   await router.fetch('http://jazz.prod.svc.cluster.local:9080/', { method: 'GE T' });
 * } catch (error) {
 *   if (error instanceof InvalidRequestError) console.error(error.field, error.message); // method …
 * }
 * ```
 */
export class InvalidRequestError extends MeshRouterError {
  override name = 'InvalidRequestError';
  /** The request field at fault: `url`, `method`, `headers`, `headers.<name>`, `body`, `signal`, `init`. */
  readonly field: string;
  /** The value that was refused. */
  readonly value: unknown;

  constructor(field: string, value: unknown, rule: string, options?: { cause?: unknown }) {
    super('INVALID_REQUEST', `${field}: ${showValue(value)} ${rule}`, options);
    this.field = field;
    this.value = value;
  }
}

/**
 * The router options or the model snapshot cannot be compiled (unknown source node, several
 * meshes without `meshName`, Cloud Map discovery without a `discovery` client, …).
 *
 * @example
 * ```ts
 * import { RouterConfigError } from '@meshplane/core/router';
 * console.log(new RouterConfigError('sourceNode "x" is not a virtual node of mesh "dj-app"').code); // 'ROUTER_CONFIG'
 * ```
 */
export class RouterConfigError extends MeshRouterError {
  override name = 'RouterConfigError';
  /** Every problem found, one line each (the message lists them too). */
  readonly problems: string[];
  /**
   * The model's problems in validation's issue shape (`code`, `path`, `message`, `severity`), when
   * the model could not be compiled; empty for a problem with the options.
   */
  readonly issues: ValidationIssue[];
  constructor(
    message: string,
    options?: { cause?: unknown; problems?: string[]; issues?: ValidationIssue[] },
  ) {
    super('ROUTER_CONFIG', message, options);
    this.problems = options?.problems ?? [message];
    this.issues = options?.issues ?? [];
  }
}
