import type { MeshModel } from '@meshplane/core';
import type { CloudMapClientOptions, DiscoveryOptions } from '@meshplane/core/cloudmap';
import type { CreateRouterOptions, RouterDiscovery } from '@meshplane/core/router';
import type { Dispatcher } from 'undici';
import { MeshplaneLambdaError } from '../errors.js';
import type { FunctionUrlAuthType } from '../lambda-node/lambda-node-spec.js';
import type { FunctionUrlSigner, FunctionUrlSignerOptions } from '../signing/function-url-signer.js';
import { shown as shownValue } from '../value-text.js';
import type { MeshModelSource } from './model-source.js';

/** Where the middleware logs (model refresh failures, discovery warm-up failures). */
export interface MeshLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Options of the mesh middleware and of `withMesh`. */
export interface MeshMiddlewareOptions {
  /** The function's virtual node: its backends and the mesh egress filter apply to its calls. */
  virtualNodeName: string;
  /** The mesh of `virtualNodeName`; needed only when the model holds several meshes with that node. */
  meshName?: string;
  /**
   * The model: from code, a `MeshModel` (e.g. `defineMesh(...)` or an imported JSON file) or a
   * function returning one; or from the App Mesh API, `appMeshModelSource({ meshName })` from
   * `@meshplane/lambda/app-mesh-source` (refreshed in the background, last good copy kept).
   */
  model: MeshModel | (() => MeshModel | Promise<MeshModel>) | MeshModelSource;
  /**
   * Cloud Map discovery: a ready `RouterDiscovery` (e.g. `createDiscovery(...)`), or the client
   * options to build one. Default: built from the SDK's standard configuration when the model
   * has Cloud Map nodes reachable from `virtualNodeName`.
   */
  discovery?: RouterDiscovery | { cloudMap: CloudMapClientOptions; options?: DiscoveryOptions };
  /** Look up every reachable Cloud Map service at init, so the first request finds a warm cache. Default true. */
  warmDiscovery?: boolean;
  /**
   * X-Ray: `'auto'` (default) traces when the invocation carries a trace header
   * (`_X_AMZN_TRACE_ID`); `false` never loads aws-xray-sdk-core.
   */
  tracing?: 'auto' | false;
  /** Where subsegments go; default `AWS_XRAY_DAEMON_ADDRESS` (set by Lambda). */
  xrayDaemonAddress?: string;
  /**
   * Calls to Lambda function URLs: signer (or its options) for `AWS_IAM` URLs, and auth types
   * by host or virtual node name when the model's tags do not say. Default: signing with the
   * SDK's default credentials; unknown URLs are treated as `AWS_IAM`.
   */
  functionUrls?: {
    signer?: FunctionUrlSigner | FunctionUrlSignerOptions;
    authTypes?: Record<string, FunctionUrlAuthType>;
  };
  /**
   * What mesh calls are sent with: an undici `Agent` or any transport of `@meshplane/core/router`
   * (a proxy, a mock in tests). Default: the router's node:http keep-alive transport, owned and
   * closed by the middleware (no HTTP client library in the function's bundle).
   */
  dispatcher?: Dispatcher;
  /** Passed to `createRouter` (timeouts, retry policy, connections, …). */
  router?: Omit<
    CreateRouterOptions,
    'model' | 'sourceNode' | 'meshName' | 'discovery' | 'hooks' | 'dispatcher'
  >;
  logger?: MeshLogger;
}

/**
 * The defaults merged under the options (powertools style).
 *
 * @example
 * ```ts
 * import { meshMiddlewareDefaults } from '@meshplane/lambda/middleware';
 * console.log(meshMiddlewareDefaults.warmDiscovery); // true
 * ```
 */
export const meshMiddlewareDefaults = {
  warmDiscovery: true,
  tracing: 'auto',
} as const satisfies Partial<MeshMiddlewareOptions>;

/** Options after merging the defaults. */
export type ResolvedMeshOptions = MeshMiddlewareOptions &
  Required<Pick<MeshMiddlewareOptions, 'warmDiscovery' | 'tracing'>> & {
    logger: MeshLogger;
  };

const consoleLogger: MeshLogger = {
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
};

/**
 * Merges the defaults under the options and checks them, reporting every problem at once.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const options = resolveOptions({ model: { resources: [] }, virtualNodeName: 'dj' });
 * console.log(options.tracing); // 'auto'
 * ```
 */
export function resolveOptions(options: MeshMiddlewareOptions): ResolvedMeshOptions {
  const problems: string[] = [];
  if (!options || typeof options.virtualNodeName !== 'string' || options.virtualNodeName.length === 0) {
    problems.push(
      `virtualNodeName is required (the function's virtual node), got ${shownValue(options?.virtualNodeName)}`,
    );
  }
  if (options?.model === undefined || options.model === null) {
    problems.push(
      "model is required: a MeshModel, a function returning one, or appMeshModelSource({ meshName }) from '@meshplane/lambda/app-mesh-source'",
    );
  } else if (
    typeof options.model !== 'function' &&
    !Array.isArray((options.model as { resources?: unknown }).resources) &&
    (options.model as { kind?: unknown }).kind !== 'meshplane.model-source'
  ) {
    problems.push(
      'model must be a MeshModel ({ resources: [...] }), a function returning one, or a model source',
    );
  }
  if (options?.tracing !== undefined && options.tracing !== 'auto' && options.tracing !== false) {
    problems.push(`tracing must be 'auto' or false, got ${shownValue(options.tracing)}`);
  }
  // The rest is read later, at init or at the first traced call: refuse it now, by name.
  const shown = (value: unknown) => (typeof value === 'function' ? 'a function' : shownValue(value));
  if (options?.warmDiscovery !== undefined && typeof options.warmDiscovery !== 'boolean') {
    problems.push(`warmDiscovery must be true or false, got ${shown(options.warmDiscovery)}`);
  }
  if (options?.xrayDaemonAddress !== undefined && typeof options.xrayDaemonAddress !== 'string') {
    problems.push(`xrayDaemonAddress must be a string (host:port), got ${shown(options.xrayDaemonAddress)}`);
  }
  if (
    options?.logger !== undefined &&
    (typeof options.logger !== 'object' ||
      options.logger === null ||
      typeof options.logger.warn !== 'function')
  ) {
    problems.push('logger must be an object with a warn(message, fields) method');
  }
  const discovery = options?.discovery as unknown;
  if (
    discovery !== undefined &&
    (typeof discovery !== 'object' ||
      discovery === null ||
      (typeof (discovery as { discover?: unknown }).discover !== 'function' &&
        (typeof (discovery as { cloudMap?: unknown }).cloudMap !== 'object' ||
          (discovery as { cloudMap?: unknown }).cloudMap === null)))
  ) {
    problems.push(
      'discovery must be a RouterDiscovery (an object with discover()) or { cloudMap: { client } | { clientConfig }, options? }',
    );
  }
  const authTypes = options?.functionUrls?.authTypes as unknown;
  if (authTypes !== undefined) {
    if (typeof authTypes !== 'object' || authTypes === null || Array.isArray(authTypes)) {
      problems.push('functionUrls.authTypes must be an object of host or virtual node name → AWS_IAM | NONE');
    } else {
      for (const [key, value] of Object.entries(authTypes)) {
        if (value !== 'AWS_IAM' && value !== 'NONE') {
          problems.push(`functionUrls.authTypes.${key} must be AWS_IAM or NONE, got ${shown(value)}`);
        }
      }
    }
  }
  if (problems.length > 0) {
    // Thrown at init: a misconfigured function should fail its cold start, loudly.
    throw new MeshplaneLambdaError(
      'INVALID_OPTIONS',
      `invalid meshplane middleware options: ${problems.join('; ')}`,
    );
  }
  return { ...meshMiddlewareDefaults, logger: consoleLogger, ...options } as ResolvedMeshOptions;
}
