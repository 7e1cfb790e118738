import { checkOptions, defineOptions, excludes, optionDependency, optionRule } from '@meshplane/core';
import { MeshplaneXdsError } from '../errors.js';

// The Envoy bootstrap the App Mesh Envoy image's agent writes (aws/amazon-ecs-service-connect-agent,
// agent/envoy_bootstrap/envoy_bootstrap.go: bootstrap(), buildAdmin, buildDynamicResources,
// buildAdsGrpcServiceForRelayEndpoint, buildRegionalAdsGrpcService, appendStats; agent/config:
// APPMESH_XDS_ENDPOINT), rebuilt from its documented behaviour for meshplane's ADS server.

/** Options of {@link appMeshBootstrap} (each mirrors one of the image's environment variables). */
export interface AppMeshBootstrapOptions {
  /** `APPMESH_RESOURCE_ARN`: `mesh/<mesh>/virtualNode/<node>`, `mesh/<mesh>/virtualGateway/<gw>`, or the full ARN. Becomes node.id. */
  resourceArn: string;
  /** `APPMESH_RESOURCE_CLUSTER`: node.cluster. Default: the node id. */
  cluster?: string;
  /**
   * `APPMESH_XDS_ENDPOINT`: `unix:///path.sock` (plain gRPC over the socket, no TLS, no signing: the
   * form ECS Service Connect uses) or `host:port` (TLS with `caCertFile` and SigV4 call
   * credentials, `envoy.grpc_credentials.aws_iam`).
   */
  xdsEndpoint: string;
  /** `GRPC` (State of the World, what the agent writes) or `DELTA_GRPC`. Default `GRPC`. */
  apiType?: 'GRPC' | 'DELTA_GRPC';
  /** AWS region for the aws_iam call credentials (`AWS_REGION`); required with a `host:port` endpoint. */
  region?: string;
  /** `APPMESH_SIGNING_NAME`: the SigV4 service name. Default `appmesh`. */
  signingName?: string;
  /** The CA bundle for a `host:port` endpoint. Default `/etc/pki/tls/cert.pem` (the image's). */
  caCertFile?: string;
  /**
   * Call credentials for a `host:port` endpoint: `aws_iam` (SigV4, what the agent writes; the
   * extension was deprecated in Envoy 1.33 and is absent from upstream Envoy >= 1.35, which
   * refuses such a bootstrap) or `none` (TLS only, for a server that authenticates otherwise).
   * Default `aws_iam`.
   */
  callCredentials?: 'aws_iam' | 'none';
  /**
   * The admin interface: a TCP address (`ENVOY_ADMIN_ACCESS_PORT`, default 0.0.0.0:9901) or a
   * Unix socket (`ENVOY_ADMIN_MODE=uds`, mode 0600).
   */
  admin?: { address?: string; port?: number } | { socketPath: string };
  /** `ENVOY_ADMIN_ACCESS_LOG_FILE`. Default `/tmp/envoy_admin_access.log`. */
  adminAccessLogPath?: string;
  /** `ENVOY_INITIAL_FETCH_TIMEOUT` in seconds. Default 0 (wait for the control plane forever, as the image does). */
  initialFetchTimeoutSeconds?: number;
  /** `ENABLE_ENVOY_STATS_TAGS`: the fixed `appmesh.mesh` and `appmesh.virtual_node` / `appmesh.virtual_gateway` tags. Default false, as in the image. */
  enableStatsTags?: boolean;
  /** `ENVOY_OUTLIER_DETECTION_EVENT_LOG_PATH`. Default `/dev/stdout`. */
  outlierDetectionEventLogPath?: string;
  /** Extra node metadata (the agent adds task network and platform details read from ECS). */
  nodeMetadata?: Record<string, unknown>;
}

const RESOURCE =
  /^(?:arn:aws(?:-[a-z-]+)?:appmesh:[a-z0-9-]+:\d{12}:)?mesh\/([^/\s]{1,255})\/(virtualNode|virtualGateway)\/([^/\s]{1,255})$/;
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

// The agent's gRPC channel arguments (envoy_bootstrap.go constants GRPC_*).
const CHANNEL_ARGS = {
  'grpc.http2.max_pings_without_data': 0,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.initial_reconnect_backoff_ms': 10_000,
  'grpc.max_connection_age_ms': 2_400_000,
  'grpc.max_connection_age_grace_ms': 5_000,
};

// getRuntimeConfigLayer0's defaults, less the two guards Envoy has removed since
// (http_set_tracing_decision_in_request_id, use_http_client_to_fetch_aws_credentials: Envoy 1.40
// reports "Using a removed guard … will be treated as invalid configuration").
const RUNTIME_LAYER_0 = {
  'envoy.features.enable_all_deprecated_features': true,
  're2.max_program_size.error_level': 1000,
  'envoy.reloadable_features.no_extension_lookup_by_name': true,
};

// appendPortProtocolStatPrefixTagRegex: tags App Mesh's dashboards group ingress stats by.
const REGEX_TAGS = [
  { tagName: 'appmesh.listener_protocol', regex: '.*?\\.ingress\\.((\\w+?)\\.)[0-9]+?\\.(.+?)$' },
  { tagName: 'appmesh.listener_port', regex: '.*?\\.ingress\\.\\w+?\\.(([0-9]+?)\\.)(.+?)$' },
  { tagName: 'envoy_rds_route_config', regex: '.*?\\.ingress\\.\\w+?\\.[0-9]+?\\.rds\\.((.*?)\\.)(.+?)$' },
];

const isString = (v: unknown): v is string => typeof v === 'string';
const nonEmpty = (v: unknown) => isString(v) && v !== '';
const absolutePath = (v: unknown) => isString(v) && v.startsWith('/');
const isUnixEndpoint = (v: unknown) => isString(v) && v.startsWith('unix://');

/** The admin interface: a TCP address and port, or a Unix socket, never both. */
const ADMIN_OPTIONS = defineOptions<{ address?: string; port?: number; socketPath?: string }>(
  {
    address: optionRule('must be a non-empty IP address', nonEmpty),
    port: optionRule(
      'must be an integer 0-65535 (0: Envoy picks a free port)',
      (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535,
    ),
    socketPath: optionRule('must be an absolute path', absolutePath),
  },
  [
    excludes('socketPath', 'port', 'cannot be used together with port: a Unix socket or a TCP port'),
    excludes('socketPath', 'address', 'cannot be used together with address: a Unix socket or a TCP address'),
  ],
);

/**
 * The declared schema of every option, in the order problems are reported. The endpoint's port
 * range and the region the SigV4 call credentials need are rules across options.
 */
const BOOTSTRAP_OPTIONS = defineOptions<AppMeshBootstrapOptions>(
  {
    resourceArn: optionRule(
      'must be mesh/<mesh>/virtualNode/<node>, mesh/<mesh>/virtualGateway/<gateway>, or the full App Mesh ARN',
      (v) => isString(v) && RESOURCE.test(v),
      true,
    ),
    cluster: optionRule('must be a non-empty string', nonEmpty),
    xdsEndpoint: optionRule(
      'must be unix:///absolute/path.sock or host:port',
      (v) =>
        isString(v) && (isUnixEndpoint(v) ? v.startsWith('unix:///') && v.length > 8 : HOST_PORT.test(v)),
      true,
    ),
    callCredentials: optionRule('must be aws_iam or none', (v) => v === 'aws_iam' || v === 'none'),
    region: optionRule('must be a string such as eu-west-1', isString),
    apiType: optionRule('must be GRPC or DELTA_GRPC', (v) => v === 'GRPC' || v === 'DELTA_GRPC'),
    signingName: optionRule('must be a non-empty string', nonEmpty),
    caCertFile: optionRule('must be an absolute path', absolutePath),
    initialFetchTimeoutSeconds: optionRule(
      'must be an integer >= 0 (0 waits forever)',
      (v) => Number.isInteger(v) && (v as number) >= 0,
    ),
    admin: {
      ...optionRule(
        'must be { address?, port? } or { socketPath }',
        (v) => typeof v === 'object' && v !== null,
      ),
      members: ADMIN_OPTIONS,
    },
    adminAccessLogPath: optionRule('must be a non-empty file path', nonEmpty),
    enableStatsTags: optionRule('must be true or false', (v) => typeof v === 'boolean'),
    outlierDetectionEventLogPath: optionRule('must be a non-empty file path', nonEmpty),
    nodeMetadata: optionRule(
      'must be an object of metadata keys to values',
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    ),
  },
  [
    optionDependency(
      'xdsEndpoint',
      [],
      'port must be 1-65535',
      (o) => isUnixEndpoint(o.xdsEndpoint) || Number(HOST_PORT.exec(o.xdsEndpoint as string)?.[2]) <= 65535,
    ),
    // envoy_bootstrap.go buildRegionalAdsGrpcService: a TCP endpoint is called with SigV4
    // (envoy.grpc_credentials.aws_iam), which signs for a region.
    optionDependency(
      'region',
      ['callCredentials'],
      'a host:port endpoint signs with SigV4 and needs an AWS region such as eu-west-1',
      (o) =>
        !isString(o.xdsEndpoint) ||
        isUnixEndpoint(o.xdsEndpoint) ||
        o.callCredentials === 'none' ||
        (isString(o.region) && REGION.test(o.region)),
    ),
  ],
);

/** Every problem with the options at once (field, value, rule), in declaration order. */
function problemsOf(o: AppMeshBootstrapOptions): string[] {
  return checkOptions(BOOTSTRAP_OPTIONS, o).map(({ field, shown, rule }) => `${field} ${shown}: ${rule}`);
}

function adsGrpcService(o: AppMeshBootstrapOptions): Record<string, unknown> {
  const googleGrpc: Record<string, unknown> = {
    targetUri: o.xdsEndpoint,
    statPrefix: 'ads',
    channelArgs: {
      args: Object.fromEntries(Object.entries(CHANNEL_ARGS).map(([k, v]) => [k, { intValue: String(v) }])),
    },
  };
  if (!o.xdsEndpoint.startsWith('unix://')) {
    googleGrpc.channelCredentials = {
      sslCredentials: { rootCerts: { filename: o.caCertFile ?? '/etc/pki/tls/cert.pem' } },
    };
  }
  if (!o.xdsEndpoint.startsWith('unix://') && (o.callCredentials ?? 'aws_iam') === 'aws_iam') {
    googleGrpc.credentialsFactoryName = 'envoy.grpc_credentials.aws_iam';
    googleGrpc.callCredentials = [
      {
        fromPlugin: {
          name: 'envoy.grpc_credentials.aws_iam',
          typedConfig: {
            '@type': 'type.googleapis.com/envoy.config.grpc_credential.v3.AwsIamConfig',
            serviceName: o.signingName ?? 'appmesh',
            region: o.region,
          },
        },
      },
    ];
  }
  return { googleGrpc };
}

function adminOf(o: AppMeshBootstrapOptions): Record<string, unknown> {
  const accessLog = [
    {
      typedConfig: {
        '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
        path: o.adminAccessLogPath ?? '/tmp/envoy_admin_access.log',
      },
    },
  ];
  if (o.admin && 'socketPath' in o.admin)
    return { accessLog, address: { pipe: { path: o.admin.socketPath, mode: 0o600 } } };
  const tcp = (o.admin ?? {}) as { address?: string; port?: number };
  return {
    accessLog,
    address: { socketAddress: { address: tcp.address ?? '0.0.0.0', portValue: tcp.port ?? 9901 } },
  };
}

function statsConfigOf(
  o: AppMeshBootstrapOptions,
  mesh: string,
  kind: string,
  name: string,
): Record<string, unknown> {
  const fixed = o.enableStatsTags
    ? [
        { tagName: 'appmesh.mesh', fixedValue: mesh },
        {
          tagName: `appmesh.${kind === 'virtualNode' ? 'virtual_node' : 'virtual_gateway'}`,
          fixedValue: name,
        },
      ]
    : [];
  return { statsTags: [...fixed, ...REGEX_TAGS] };
}

/**
 * The Envoy bootstrap (proto3 JSON, lowerCamel field names as the agent's protojson writes them)
 * that the App Mesh Envoy image's agent generates for `APPMESH_RESOURCE_ARN` and
 * `APPMESH_XDS_ENDPOINT`: node id and cluster, the admin interface, ADS as the only config source
 * for listeners and clusters (with the image's `initial_fetch_timeout`, 0 by default), the
 * agent's runtime layer and stats tags. Usable as `ENVOY_CONFIG_FILE` (JSON is YAML). Throws a
 * MeshplaneError listing every invalid option.
 *
 * @example
 * ```ts
 * import { appMeshBootstrap } from '@meshplane/xds';
 * const b = appMeshBootstrap({ resourceArn: 'mesh/dj-app/virtualNode/dj', xdsEndpoint: 'unix:///tmp/xds.sock' }) as any;
 * console.log(b.node.id, b.dynamicResources.adsConfig.apiType, b.dynamicResources.adsConfig.grpcServices[0].googleGrpc.targetUri);
 * // 'mesh/dj-app/virtualNode/dj' 'GRPC' 'unix:///tmp/xds.sock'
 * ```
 */
export function appMeshBootstrap(options: AppMeshBootstrapOptions): Record<string, unknown> {
  const problems = problemsOf(options);
  if (problems.length > 0)
    throw new MeshplaneXdsError(
      'XDS_INVALID_BOOTSTRAP_OPTIONS',
      `invalid bootstrap options: ${problems.join('; ')}`,
    );
  const [, mesh, kind, name] = RESOURCE.exec(options.resourceArn)!;
  const configSource = {
    initialFetchTimeout: `${options.initialFetchTimeoutSeconds ?? 0}s`,
    ads: {},
    resourceApiVersion: 'V3',
  };
  return {
    node: {
      id: options.resourceArn,
      cluster: options.cluster ?? options.resourceArn,
      metadata: { 'aws.appmesh.static_runtime': RUNTIME_LAYER_0, ...options.nodeMetadata },
    },
    admin: adminOf(options),
    layeredRuntime: {
      layers: [
        { name: 'static_layer_0', staticLayer: RUNTIME_LAYER_0 },
        { name: 'admin_layer', adminLayer: {} },
      ],
    },
    dynamicResources: {
      adsConfig: {
        apiType: options.apiType ?? 'GRPC',
        transportApiVersion: 'V3',
        grpcServices: [adsGrpcService(options)],
      },
      ldsConfig: configSource,
      cdsConfig: configSource,
    },
    ...localCluster(options),
    statsConfig: statsConfigOf(options, mesh!, kind!, name!),
  };
}

// With a Unix socket endpoint the agent also declares `local_cluster` (EDS over ADS, a 1 ms
// initial fetch timeout so it never holds Envoy back) and names it the cluster manager's local
// cluster (appendStaticLocalCluster, buildClusterManager(isServiceConnect)).
function localCluster(o: AppMeshBootstrapOptions): Record<string, unknown> {
  const outlierDetection = { eventLogPath: o.outlierDetectionEventLogPath ?? '/dev/stdout' };
  if (!o.xdsEndpoint.startsWith('unix://')) return { clusterManager: { outlierDetection } };
  return {
    clusterManager: { outlierDetection, localClusterName: 'local_cluster' },
    staticResources: {
      clusters: [
        {
          name: 'local_cluster',
          type: 'EDS',
          edsClusterConfig: {
            edsConfig: { initialFetchTimeout: '0.001s', ads: {}, resourceApiVersion: 'V3' },
          },
        },
      ],
    },
  };
}
