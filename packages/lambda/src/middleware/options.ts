import type { CloudMapClientOptions, DiscoveryOptions } from '@meshplane/core/cloudmap';
import type { MeshModel } from '@meshplane/core/model';
import { defineOptions, optionRule } from '@meshplane/core/options';
import type { CreateRouterOptions, RouterDiscovery } from '@meshplane/core/router';
import type { Dispatcher } from 'undici';
import type { FunctionUrlAuthType } from '../lambda-node/lambda-node-spec.js';
import { assertOptions } from '../option-problems.js';
import type { FunctionUrlSigner, FunctionUrlSignerOptions } from '../signing/function-url-signer.js';
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isRecord = (v: unknown) => isObject(v) && !Array.isArray(v);

/** The declared schema of the middleware's options, in the order problems are reported. */
const MIDDLEWARE_OPTIONS = defineOptions<MeshMiddlewareOptions>({
  virtualNodeName: optionRule(
    "is required: the function's virtual node name",
    (v) => typeof v === 'string' && v.length > 0,
    true,
  ),
  meshName: optionRule('must be a mesh name', (v) => typeof v === 'string' && v.length > 0),
  model: optionRule(
    "must be a MeshModel ({ resources: [...] }), a function returning one, or appMeshModelSource({ meshName }) from '@meshplane/lambda/app-mesh-source'",
    (v) =>
      typeof v === 'function' ||
      (isObject(v) && (Array.isArray(v.resources) || v.kind === 'meshplane.model-source')),
    true,
  ),
  tracing: optionRule("must be 'auto' or false", (v) => v === 'auto' || v === false),
  warmDiscovery: optionRule('must be true or false', (v) => typeof v === 'boolean'),
  xrayDaemonAddress: optionRule('must be a string (host:port)', (v) => typeof v === 'string'),
  logger: optionRule(
    'must be an object with a warn(message, fields) method',
    (v) => isObject(v) && typeof v.warn === 'function',
  ),
  discovery: optionRule(
    'must be a RouterDiscovery (an object with discover()) or { cloudMap: { client } | { clientConfig }, options? }',
    (v) => isObject(v) && (typeof v.discover === 'function' || isObject(v.cloudMap)),
  ),
  functionUrls: {
    ...optionRule('must be { signer?, authTypes? }', isRecord),
    members: defineOptions<NonNullable<MeshMiddlewareOptions['functionUrls']>>({
      signer: optionRule('must be a FunctionUrlSigner or its options', isRecord),
      authTypes: {
        ...optionRule('must be an object of host or virtual node name → AWS_IAM | NONE', isRecord),
        entries: optionRule('must be AWS_IAM or NONE', (v) => v === 'AWS_IAM' || v === 'NONE'),
      },
    }),
  },
  dispatcher: optionRule('must be an undici Dispatcher or a transport of @meshplane/core/router', isObject),
  router: optionRule('must be an object of createRouter options', isRecord),
});

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
  // The options read only later (at init or at the first traced call) are refused now, by name.
  assertOptions('meshplane middleware options', MIDDLEWARE_OPTIONS, options);
  return { ...meshMiddlewareDefaults, logger: consoleLogger, ...options } as ResolvedMeshOptions;
}
