import { parseArgs } from 'node:util';
import { errorReason } from '@meshplane/core';
import { EcsInputError } from '../errors.js';
import { InputIssues, show } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import type { ServiceRef } from './cloud-map-registry.js';
import {
  type AgentEvent,
  type AgentHandle,
  type AgentOptions,
  DEFAULT_DEREGISTER_DEADLINE_MS,
  startAgent,
} from './start-agent.js';
import { runXdsServerCommand, xdsOptionsFrom } from './xds-command.js';

/**
 * Usage of the `meshplane-ecs-agent` command.
 *
 * @example
 * ```ts
 * import { AGENT_USAGE } from './command.js'; // inside packages/ecs/src/agent
 * process.stdout.write(AGENT_USAGE);
 * ```
 */
export const AGENT_USAGE = `Usage: meshplane-ecs-agent [options]

Registers this ECS task in AWS Cloud Map, keeps its custom health in step with a local URL,
and deregisters it on SIGTERM/SIGINT. Every option can also be given as an environment variable.

  --service-id ID            MESHPLANE_SERVICE_ID          Cloud Map service id
  --namespace NAME           MESHPLANE_NAMESPACE           namespace name (with --service)
  --service NAME             MESHPLANE_SERVICE             service name (with --namespace)
  --port PORT                MESHPLANE_PORT                AWS_INSTANCE_PORT (default: the container's first port)
  --container NAME           MESHPLANE_CONTAINER           container that serves traffic (default: this one)
  --attribute KEY=VALUE      MESHPLANE_ATTRIBUTES          custom attribute (repeatable; env: k=v,k=v)
  --health-url URL           MESHPLANE_HEALTH_URL          local health URL (enables custom health)
  --health-interval-ms MS    MESHPLANE_HEALTH_INTERVAL_MS  default 5000
  --health-threshold N       MESHPLANE_HEALTH_THRESHOLD    consecutive results to flip, default 2
  --deadline-ms MS           MESHPLANE_DEREGISTER_DEADLINE_MS  deregistration deadline, default 25000
  --endpoint URL             MESHPLANE_CLOUDMAP_ENDPOINT   Cloud Map endpoint (e.g. a local endpoint)
  --region REGION            AWS_REGION                    default: the AWS SDK chain

Per-task xDS server (alone in its container; environment only, as meshTaskDefinition sets it):
  MESHPLANE_XDS_SOCKET       Unix socket Envoy connects to (APPMESH_XDS_ENDPOINT=unix://<path>)
  MESHPLANE_XDS_MODEL        /path/in/image.json, s3://bucket/key or appmesh:<mesh>
  MESHPLANE_XDS_NODE         mesh/<mesh>/virtualNode/<node>: Cloud Map is polled for what it reaches
  MESHPLANE_XDS_REVISION_INTERVAL_MS, MESHPLANE_XDS_FULL_REFRESH_MS   default 5000, 30000
  MESHPLANE_XDS_APPMESH_ENDPOINT   the App Mesh-compatible endpoint of appmesh:<mesh>
`;

/**
 * The environment variables and arguments of one run, parsed into {@link AgentOptions}; every bad
 * value is reported at once as an {@link EcsInputError}.
 *
 * @example
 * ```ts
 * import { agentOptionsFrom } from './command.js'; // inside packages/ecs/src/agent
 * const options = agentOptionsFrom(['--port', '9080'], { MESHPLANE_SERVICE_ID: 'srv-0123456789abcdef' });
 * console.log(options.service, options.port); // { serviceId: 'srv-0123456789abcdef' } 9080
 * ```
 */
export function agentOptionsFrom(
  argvInput: string[],
  envInput: Record<string, string | undefined>,
): AgentOptions {
  const argv = plainInput(argvInput, 'argv');
  const env = plainInput(envInput, 'env');
  checkProcessInput(argv, env);
  const { values } = parseFlags(argv);
  const issues = new InputIssues();
  const integer = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw)) {
      issues.add('NOT_A_NUMBER', flag, `${flag} must be a whole number, got ${show(raw)}`);
      return undefined;
    }
    return Number(raw);
  };
  const serviceId = values['service-id'] ?? env.MESHPLANE_SERVICE_ID;
  const namespaceName = values.namespace ?? env.MESHPLANE_NAMESPACE;
  const serviceName = values.service ?? env.MESHPLANE_SERVICE;
  let service: ServiceRef | undefined;
  if (serviceId) service = { serviceId };
  else if (namespaceName && serviceName) service = { namespaceName, serviceName };
  else
    issues.add(
      'REQUIRED',
      '--service-id',
      'give --service-id, or --namespace and --service (or MESHPLANE_SERVICE_ID / MESHPLANE_NAMESPACE + MESHPLANE_SERVICE)',
    );

  const attributes: Record<string, string> = {};
  const pairs = values.attribute ?? (env.MESHPLANE_ATTRIBUTES ? env.MESHPLANE_ATTRIBUTES.split(',') : []);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) issues.add('ATTRIBUTE', '--attribute', `attributes are KEY=VALUE, got ${show(pair)}`);
    else attributes[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  const port = integer('--port', values.port ?? env.MESHPLANE_PORT);
  const healthUrl = values['health-url'] ?? env.MESHPLANE_HEALTH_URL;
  const intervalMs = integer(
    '--health-interval-ms',
    values['health-interval-ms'] ?? env.MESHPLANE_HEALTH_INTERVAL_MS,
  );
  const threshold = integer(
    '--health-threshold',
    values['health-threshold'] ?? env.MESHPLANE_HEALTH_THRESHOLD,
  );
  const deadline = integer('--deadline-ms', values['deadline-ms'] ?? env.MESHPLANE_DEREGISTER_DEADLINE_MS);
  const endpoint = values.endpoint ?? env.MESHPLANE_CLOUDMAP_ENDPOINT;
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  issues.throwIfAny();

  return {
    clientConfig: {
      ...(region ? { region } : {}),
      // A custom endpoint (a local Cloud Map) serves DiscoverInstances without the data- host prefix.
      ...(endpoint ? { endpoint, disableHostPrefix: true } : {}),
    },
    service: service as ServiceRef,
    port,
    containerName: values.container ?? env.MESHPLANE_CONTAINER,
    attributes: Object.keys(attributes).length ? attributes : undefined,
    health: healthUrl ? { url: healthUrl, intervalMs, threshold } : undefined,
    deregisterDeadlineMs: deadline,
    metadata: { uri: env.ECS_CONTAINER_METADATA_URI_V4 },
    onEvent: (event) => log({ level: EVENT_LEVEL[event.type] ?? 'info', ...event }),
  };
}

function registrationConfigured(argv: string[], env: Record<string, string | undefined>): boolean {
  return (
    argv.length > 0 || Boolean(env.MESHPLANE_SERVICE_ID || env.MESHPLANE_NAMESPACE || env.MESHPLANE_SERVICE)
  );
}

// A task left registered after its stop is the failure operators must not miss: logged as an error.
const EVENT_LEVEL: Partial<Record<AgentEvent['type'], string>> = {
  'health-error': 'warn',
  'deregister-retry': 'warn',
  'left-registered': 'error',
};

// argv is a list of strings and env an object of strings, as process.argv and process.env are.
function checkProcessInput(argv: unknown, env: unknown): void {
  const issues = new InputIssues();
  if (!Array.isArray(argv) || Array.from(argv).some((arg) => typeof arg !== 'string')) {
    issues.add('TYPE', 'argv', `argv must be a list of strings, got ${show(argv)}`);
  }
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    issues.add('TYPE', 'env', `env must be an object of variable → value, got ${show(env)}`);
  } else {
    for (const [key, value] of Object.entries(env)) {
      if (value !== undefined && typeof value !== 'string') {
        issues.add('TYPE', `env.${key}`, `env.${key} must be a string, got ${show(value)}`);
      }
    }
  }
  issues.throwIfAny();
}

const FLAGS = {
  'service-id': { type: 'string' },
  namespace: { type: 'string' },
  service: { type: 'string' },
  port: { type: 'string' },
  container: { type: 'string' },
  attribute: { type: 'string', multiple: true },
  'health-url': { type: 'string' },
  'health-interval-ms': { type: 'string' },
  'health-threshold': { type: 'string' },
  'deadline-ms': { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

// node:util's parseArgs throws a TypeError for an unknown flag, a flag without its value or a
// positional argument: that is invalid input (exit 2), reported with the other problems' wording.
function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, strict: true, options: FLAGS });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new EcsInputError([
        {
          code: 'USAGE',
          path: 'argv',
          message: `${(error as Error).message} (meshplane-ecs-agent --help lists the options)`,
          severity: 'error',
        },
      ]);
    }
    throw error;
  }
}

function log(record: Record<string, unknown>): void {
  const error = record.error instanceof Error ? { error: record.error.message } : {};
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...record, ...error })}\n`);
}

/**
 * Runs the agent as a process: registers, then deregisters on SIGTERM or SIGINT and exits 0, or
 * exits 1 when deregistration fails or misses its deadline (2 for invalid options).
 *
 * @example
 * ```ts
 * import { runAgentCommand } from './command.js'; // inside packages/ecs/src/agent
 * await runAgentCommand(['--namespace', 'prod.svc.cluster.local', '--service', 'jazz'], process.env);
 * ```
 */
export async function runAgentCommand(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(AGENT_USAGE);
    return;
  }
  // The per-task xDS server (MESHPLANE_XDS_*): alone in its container, as meshTaskDefinition renders it.
  let xds: ReturnType<typeof xdsOptionsFrom>;
  try {
    xds = xdsOptionsFrom(env);
  } catch (error) {
    log({ level: 'error', message: errorReason(error) });
    process.exitCode = error instanceof EcsInputError ? 2 : 1;
    return;
  }
  if (xds && !registrationConfigured(argv, env)) {
    await runXdsServerCommand(xds);
    return;
  }
  if (xds) {
    log({
      level: 'error',
      message:
        'MESHPLANE_XDS_SOCKET and a Cloud Map service are both set: run the xDS server and the registration agent as two containers (meshTaskDefinition does), so that the registration stops first',
    });
    process.exitCode = 2;
    return;
  }
  let options: AgentOptions;
  try {
    options = agentOptionsFrom(argv, env);
  } catch (error) {
    log({ level: 'error', message: errorReason(error) });
    process.exitCode = error instanceof EcsInputError ? 2 : 1;
    return;
  }
  // The deregistration deadline runs from the signal, not from the end of a registration still
  // in flight: ECS kills the container stopTimeout seconds after SIGTERM, whatever it is doing.
  const deadlineMs = options.deregisterDeadlineMs ?? DEFAULT_DEREGISTER_DEADLINE_MS;
  // Signal handlers go in first: a SIGTERM that arrives while registering must still lead to a
  // deregistration, not to the default exit.
  let handle: AgentHandle | undefined;
  let signalled: { signal: string; at: number } | undefined;
  let backstop: NodeJS.Timeout | undefined;
  const keepAlive = setInterval(() => {}, 1 << 30);
  const shutdown = () => {
    if (!handle || !signalled) return;
    clearTimeout(backstop);
    log({ level: 'info', type: 'signal', signal: signalled.signal });
    handle
      .stop({ deadline: signalled.at + deadlineMs })
      .then(() => {
        process.exitCode = 0;
      })
      .catch((error: unknown) => {
        log({ level: 'error', message: errorReason(error) });
        process.exitCode = 1;
      })
      .finally(() => {
        clearInterval(keepAlive);
        process.exit();
      });
  };
  const onSignal = (signal: string) => {
    if (signalled) return;
    signalled = { signal, at: Date.now() };
    if (!handle) {
      // Still registering: if that outlasts the deadline, leave before ECS kills the task.
      backstop = setTimeout(() => {
        log({
          level: 'error',
          type: 'deadline',
          signal,
          message: `still registering ${deadlineMs} ms after ${signal}: exiting without deregistration (the deadline must stay below the container's stopTimeout)`,
        });
        process.exit(1);
      }, deadlineMs);
    }
    shutdown();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    handle = await startAgent(options);
  } catch (error) {
    clearTimeout(backstop);
    clearInterval(keepAlive);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    log({ level: 'error', message: errorReason(error) });
    process.exitCode = error instanceof EcsInputError ? 2 : 1;
    return;
  }
  shutdown();
}
