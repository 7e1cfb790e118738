import {
  GetOperationCommand,
  type Operation,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { checkOptions, defineOptions, optionRule } from '../options/option-schema.js';
import { showValue } from '../options/show-value.js';
import { type CloudMapClientOptions, createCloudMapClient, releaseCloudMapClient } from './client.js';
import {
  awsErrorName,
  CloudMapError,
  CloudMapOperationFailedError,
  CloudMapOperationTimeoutError,
  describeAwsError,
} from './errors.js';

/**
 * Options of {@link waitForOperation}.
 *
 * @example
 * ```ts
 * import { ensureNamespace, ensureService, registerInstance, waitForOperation } from '@meshplane/core/cloudmap';
 * const cloudMap = { clientConfig: { region: 'us-east-1' } };
 * const namespace = await ensureNamespace(cloudMap, { name: 'prod.svc.cluster.local' });
 * const service = await ensureService(cloudMap, { namespaceId: namespace.id, name: 'jazz' });
 * const { operationId } = await registerInstance(cloudMap, { serviceId: service.id, instanceId: 'a', attributes: { AWS_INSTANCE_IPV4: '10.0.0.12' }, wait: false });
 * const controller = new AbortController();
 * await waitForOperation(cloudMap, operationId, {
 *   timeoutMs: 30_000, pollIntervalMs: 250, signal: controller.signal,
 * });
 * ```
 */
export interface WaitForOperationOptions {
  /** Overall deadline in ms (default 60,000). */
  timeoutMs?: number;
  /** First delay between two GetOperation calls in ms (default 200); it grows 1.5× up to 2,000. */
  pollIntervalMs?: number;
  /** Aborts the wait (the operation itself goes on in Cloud Map). */
  signal?: AbortSignal;
}

// `timeoutMs: null` takes the default, as `??` reads it; a null poll interval is refused.
const positiveMs = (allowNull: boolean) =>
  optionRule(
    'must be a positive number of milliseconds',
    (v) => (allowNull && v === null) || (typeof v === 'number' && Number.isFinite(v) && v > 0),
  );

/** The declared schema of {@link WaitForOperationOptions}. */
const WAIT_OPTIONS = defineOptions<WaitForOperationOptions>({
  timeoutMs: positiveMs(true),
  pollIntervalMs: positiveMs(false),
  signal: optionRule(
    'must be an AbortSignal',
    (v) => typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean',
  ),
});

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Polls GetOperation until the operation reports SUCCESS (returns it), FAIL
 * ({@link CloudMapOperationFailedError}) or the deadline passes
 * ({@link CloudMapOperationTimeoutError}). Throttling and transient errors of GetOperation are
 * the SDK client's to retry.
 *
 * @example
 * ```ts
 * import { ServiceDiscoveryClient, CreateHttpNamespaceCommand } from '@aws-sdk/client-servicediscovery';
 * import { waitForOperation } from '@meshplane/core/cloudmap';
 * const client = new ServiceDiscoveryClient({ region: 'us-east-1' });
 * const { OperationId } = await client.send(new CreateHttpNamespaceCommand({ Name: 'prod' }));
 * const operation = await waitForOperation({ client }, OperationId!, { timeoutMs: 30_000 });
 * console.log(operation.Targets?.NAMESPACE);
 * ```
 */
export async function waitForOperation(
  clientOptions: CloudMapClientOptions,
  operationId: string,
  options: WaitForOperationOptions = {},
): Promise<Operation> {
  if (typeof operationId !== 'string' || operationId.length === 0) {
    throw new CloudMapError(
      'INVALID_ARGUMENT',
      `operationId ${JSON.stringify(operationId)} must be a non-empty string`,
    );
  }
  const problems = checkOptions(WAIT_OPTIONS, options, 'waitForOperation options');
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.field} ${showValue(p.value)} ${p.rule}`);
    throw new CloudMapError('INVALID_ARGUMENT', lines.join('; '));
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client = createCloudMapClient(clientOptions);
  try {
    return await poll(client, operationId, options, timeoutMs);
  } catch (error) {
    // The caller's own abort goes through as is; every other failure says which operation.
    if (error instanceof CloudMapError || options.signal?.aborted) throw error;
    throw new CloudMapError(
      awsErrorName(error) === 'OperationNotFound' ? 'OPERATION_NOT_FOUND' : 'CLOUD_MAP_ERROR',
      `waiting for operation ${operationId} failed: ${describeAwsError(error)}`,
      { cause: error },
    );
  } finally {
    releaseCloudMapClient(clientOptions, client);
  }
}

async function poll(
  client: ServiceDiscoveryClient,
  operationId: string,
  options: WaitForOperationOptions,
  timeoutMs: number,
): Promise<Operation> {
  const deadline = Date.now() + timeoutMs;
  let interval = options.pollIntervalMs ?? 200;
  let lastStatus: string | undefined;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new CloudMapOperationTimeoutError(operationId, lastStatus, timeoutMs);
    let op: Operation | undefined;
    try {
      ({ Operation: op } = await client.send(new GetOperationCommand({ OperationId: operationId }), {
        abortSignal: options.signal
          ? AbortSignal.any([options.signal, AbortSignal.timeout(remaining)])
          : AbortSignal.timeout(remaining),
      }));
    } catch (error) {
      if (!options.signal?.aborted && Date.now() >= deadline) {
        const timeout = new CloudMapOperationTimeoutError(operationId, lastStatus, timeoutMs);
        timeout.cause = error;
        throw timeout;
      }
      throw error;
    }
    lastStatus = op?.Status;
    if (lastStatus === 'SUCCESS' && op) return op;
    if (lastStatus === 'FAIL')
      throw new CloudMapOperationFailedError(operationId, op?.ErrorCode, op?.ErrorMessage);
    const wait = Math.min(interval, deadline - Date.now());
    if (wait <= 0) throw new CloudMapOperationTimeoutError(operationId, lastStatus, timeoutMs);
    await sleep(wait, options.signal);
    interval = Math.min(interval * 1.5, 2_000);
  }
}
