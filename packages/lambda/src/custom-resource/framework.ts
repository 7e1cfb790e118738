import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { MeshplaneLambdaError } from '../errors.js';
import { credentialScrubber, redactUrlCredentials, urlCredentialsIn } from '../redact-credentials.js';
import { shown } from '../value-text.js';
import { guardedLogger } from './guarded-logger.js';
import { checkHandlerOptions } from './handler-options.js';
import { type CustomResourceLogger, jsonLogger } from './logger.js';
import { MAX_PROPERTY_DEPTH, tooDeepAt } from './property-depth.js';
import { type CustomResourceResponse, encodeResponse, PHYSICAL_ID_LIMIT } from './response-body.js';
import { checkResponseUrl, type ResponseUrlPolicy, redactUrl, scrubUrl } from './response-url.js';
import { type ResponseRetryOptions, sendResponse } from './send-response.js';
import { thrownText } from './thrown-text.js';
import type {
  CustomResourceEvent,
  CustomResourceProvider,
  ProviderContext,
  ProviderResult,
  RequestType,
} from './types.js';

/**
 * The PhysicalResourceId answered for a Create that failed. CloudFormation still sends a Delete
 * for it; a Delete carrying this prefix succeeds at once without touching anything, since nothing
 * was (knowingly) created.
 *
 * @example
 * ```ts
 * import { CREATE_FAILED_PREFIX } from '@meshplane/lambda/custom-resource';
 * const nothingToDelete = (physicalResourceId: string) => physicalResourceId.startsWith(CREATE_FAILED_PREFIX);
 * nothingToDelete('meshplane:create-failed:5f1c2d'); // true
 * ```
 */
export const CREATE_FAILED_PREFIX = 'meshplane:create-failed:';

/** Options of {@link createCustomResourceHandler}. */
export interface CustomResourceHandlerOptions {
  // biome-ignore lint/suspicious/noExplicitAny: providers have heterogeneous property types
  providers: Record<string, CustomResourceProvider<any>>;
  /** Which ResponseURLs are accepted. Default: https on an AWS host only. */
  responseUrl?: ResponseUrlPolicy;
  /** Retries of the answer PUT. Default 5 tries with exponential backoff. */
  responseRetry?: ResponseRetryOptions;
  /**
   * How long before the Lambda deadline the handler gives up and answers FAILED, leaving time for
   * the PUT and its retries. Default 5,000 ms.
   */
  deadlineMarginMs?: number;
  logger?: CustomResourceLogger;
}

/** A Lambda handler for CloudFormation custom resources. */
export type CustomResourceHandler = (event: CustomResourceEvent, context: Context) => Promise<void>;

const REQUEST_TYPES = new Set<RequestType>(['Create', 'Update', 'Delete']);
const RESERVED_PROPERTIES = new Set(['ServiceToken', 'ServiceTimeout', 'NoEcho']);
const REMEMBERED_REQUESTS = 100;
/** Time kept back from the Lambda deadline when sending the answer (logging, returning). */
const DELIVERY_SLACK_MS = 200;

class DeadlineError extends MeshplaneLambdaError {
  override name = 'DeadlineError';
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 'True' || value === 'TRUE';
}

function providerProperties(properties: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (!RESERVED_PROPERTIES.has(key)) out[key] = value;
  }
  return out;
}

function generatedPhysicalId(event: CustomResourceEvent): string {
  // Deterministic from the request, so that a retried Create answers with the same id.
  const digest = createHash('sha256')
    .update(`${event.StackId}\n${event.LogicalResourceId}\n${event.RequestId}`)
    .digest('hex')
    .slice(0, 16);
  return `${event.LogicalResourceId}-${digest}`;
}

function stringifyData(data: ProviderResult['data']): Record<string, string> | undefined {
  if (!data) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) out[key] = String(value);
  return out;
}

/** Values shorter than this are left in NoEcho messages: masking "a" or "80" would garble them. */
const SHORTEST_MASKED_VALUE = 4;

/**
 * A function that hides every property value (each string leaf, as is and JSON-escaped) from a
 * text: under NoEcho a failure reason that quotes a bad value ("got \"s3cr3t\"") must not carry it
 * into the logs or the stack events.
 */
function propertyValueMask(...sources: (Record<string, unknown> | undefined)[]): (text: string) => string {
  const values = new Set<string>();
  // Without recursion: the properties have been checked for depth, but not for width.
  const stack: unknown[] = sources.map(providerProperties);
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value);
      if (text.length >= SHORTEST_MASKED_VALUE) {
        values.add(text);
        values.add(JSON.stringify(text).slice(1, -1));
      }
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value && typeof value === 'object') stack.push(...Object.values(value));
  }
  const longestFirst = [...values].sort((a, b) => b.length - a.length);
  return (text) => longestFirst.reduce((out, value) => out.split(value).join('<hidden: NoEcho>'), text);
}

/** The event as it may appear in logs: no signature, no properties when NoEcho. */
function loggableEvent(
  event: CustomResourceEvent,
  noEcho: boolean,
  deepAt: string | undefined,
): Record<string, unknown> {
  const hide = (props: Record<string, unknown> | undefined) =>
    props === undefined
      ? undefined
      : noEcho
        ? `<hidden: NoEcho, ${Object.keys(props).length} keys>`
        : deepAt
          ? `<not logged: nested more than ${MAX_PROPERTY_DEPTH} levels deep at ${deepAt}>`
          : props;
  return {
    RequestType: event.RequestType,
    ResourceType: event.ResourceType,
    LogicalResourceId: event.LogicalResourceId,
    RequestId: event.RequestId,
    StackId: event.StackId,
    PhysicalResourceId: event.PhysicalResourceId,
    ResponseURL: redactUrl(String(event.ResponseURL)),
    ResourceProperties: hide(event.ResourceProperties),
    OldResourceProperties: hide(event.OldResourceProperties),
  };
}

/**
 * The answer when building one failed: FAILED with the reason, built from strings only, so that
 * nothing here can throw again.
 */
function lastResortBody(event: CustomResourceEvent, reason: string): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : shown(value));
  const physicalId =
    event.RequestType !== 'Create' && typeof event.PhysicalResourceId === 'string' && event.PhysicalResourceId
      ? event.PhysicalResourceId
      : `${CREATE_FAILED_PREFIX}${text(event.RequestId)}`;
  return encodeResponse(
    {
      Status: 'FAILED',
      Reason: reason,
      PhysicalResourceId: physicalId,
      StackId: text(event.StackId),
      RequestId: text(event.RequestId),
      LogicalResourceId: text(event.LogicalResourceId),
    },
    'Create',
  ).body;
}

function loggableResponse(response: CustomResourceResponse): Record<string, unknown> {
  if (!response.NoEcho || !response.Data) return { ...response };
  return { ...response, Data: `<hidden: NoEcho, ${Object.keys(response.Data).length} keys>` };
}

/**
 * Builds a CloudFormation custom-resource Lambda handler around providers (one per
 * `ResourceType`), with the guarantees CloudFormation needs:
 *
 * - every code path answers (any exception becomes FAILED), the PUT is retried with backoff;
 * - FAILED is answered before the Lambda deadline (timer from `getRemainingTimeInMillis()`);
 * - PhysicalResourceId: the provider's value, else the existing one, else a deterministic one;
 *   a Delete never changes it; a failed Create answers a sentinel id, and the Delete that follows
 *   succeeds without calling the provider;
 * - a Create retried with the same RequestId in a warm container gets the first answer again;
 * - the body fits 4,096 bytes; NoEcho hides Data and properties from the logs; the ResponseURL's
 *   query string (its signature) is never logged;
 * - only an https ResponseURL on an AWS host is accepted, unless configured for local tests.
 *
 * @example
 * ```ts
 * import { createCustomResourceHandler } from '@meshplane/lambda/custom-resource';
 * export const handler = createCustomResourceHandler({
 *   providers: {
 *     'Custom::Echo': {
 *       parse: (properties) => ({ ok: true, value: properties }),
 *       create: async (properties) => ({ physicalResourceId: 'echo', data: { Value: String(properties.Value) } }),
 *       update: async (properties) => ({ data: { Value: String(properties.Value) } }),
 *       delete: async () => undefined,
 *     },
 *   },
 * });
 * ```
 */
export function createCustomResourceHandler(options: CustomResourceHandlerOptions): CustomResourceHandler {
  checkHandlerOptions(options);
  const logger = guardedLogger(options.logger ?? jsonLogger, redactUrlCredentials);
  const marginMs = options.deadlineMarginMs ?? 5_000;
  const answered = new Map<string, string>();
  const inFlight = new Map<string, Promise<void>>();

  const remember = (requestId: string, body: string) => {
    answered.set(requestId, body);
    if (answered.size > REMEMBERED_REQUESTS) answered.delete(answered.keys().next().value as string);
  };

  async function deliver(
    url: URL,
    body: string,
    event: CustomResourceEvent,
    context: Context,
    log: CustomResourceLogger = logger,
  ): Promise<void> {
    // The PUTs must fit in the time the function has left, or a hanging one would take the retries with it.
    const deadlineAt = Date.now() + context.getRemainingTimeInMillis() - DELIVERY_SLACK_MS;
    const retry = { ...options.responseRetry, deadlineAt };
    const outcome = await sendResponse(url, body, retry, (attempt, reason) =>
      log.log('warn', 'answer PUT failed, retrying', { attempt, reason, RequestId: event.RequestId }),
    );
    log.log('info', 'answer delivered', { attempts: outcome.attempts, statusCode: outcome.statusCode });
  }

  async function run(event: CustomResourceEvent, context: Context, url: URL): Promise<void> {
    let body: string;
    let log = logger;
    try {
      const request = describeRequest(event);
      log = request.log;
      body = await decide(event, context, request);
    } catch (error) {
      // Building the answer failed where nothing was expected to (a value no check foresaw):
      // CloudFormation still gets a FAILED answer, or it would wait for the stack timeout.
      const reason = redactUrlCredentials(scrubUrl(thrownText(error), String(event.ResponseURL)));
      log.log('error', 'custom resource failed while building its answer', { reason });
      body = lastResortBody(event, reason);
    }
    remember(event.RequestId, body);
    await deliver(url, body, event, context, log);
  }

  /** What the request's answer and log lines share: the log filter, ids, the NoEcho switch. */
  function describeRequest(event: CustomResourceEvent) {
    const noEchoRequested = isTrue(event.ResourceProperties?.NoEcho);
    // An update that drops NoEcho still carries the old, secret properties: hide them too.
    const hideInLogs = noEchoRequested || isTrue(event.OldResourceProperties?.NoEcho);
    const deepAt =
      tooDeepAt(event.ResourceProperties, MAX_PROPERTY_DEPTH, 'ResourceProperties') ??
      tooDeepAt(event.OldResourceProperties, MAX_PROPERTY_DEPTH, 'OldResourceProperties');
    const maskNoEcho =
      hideInLogs && !deepAt
        ? propertyValueMask(event.ResourceProperties, event.OldResourceProperties)
        : (text: string) => text;
    // Credentials in URLs (a password in FunctionUrl, say) are hidden from every log line and
    // failure reason, NoEcho or not: stack events and CloudWatch Logs are read by many.
    const hideCredentials = credentialScrubber(
      urlCredentialsIn(event.ResourceProperties, event.OldResourceProperties),
    );
    const hideValues = (text: string) => maskNoEcho(hideCredentials(text));
    const log = guardedLogger(logger, hideValues);
    return { noEchoRequested, hideInLogs, deepAt, hideValues, log };
  }

  async function decide(
    event: CustomResourceEvent,
    context: Context,
    request: ReturnType<typeof describeRequest>,
  ): Promise<string> {
    const { log, hideInLogs, hideValues, deepAt } = request;
    const requestType = event.RequestType;
    log.log('info', 'custom resource request', { event: loggableEvent(event, hideInLogs, deepAt) });
    const base = {
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    };
    const existingId = requestType === 'Create' ? undefined : event.PhysicalResourceId;
    const failedId = existingId ?? `${CREATE_FAILED_PREFIX}${event.RequestId}`;
    const logHint = context.logStreamName ? ` (log stream ${context.logStreamName})` : '';
    const failureReason = (error: unknown) =>
      hideValues(scrubUrl(thrownText(error), String(event.ResponseURL)));

    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let response: CustomResourceResponse;
    let abandoned: Promise<unknown> | undefined;
    let deadlineError: DeadlineError | undefined;
    try {
      if (deepAt) {
        throw new MeshplaneLambdaError(
          'INVALID_PROPERTIES',
          `invalid properties for ${event.ResourceType}: ${deepAt} is nested more than ${MAX_PROPERTY_DEPTH} levels deep (at most ${MAX_PROPERTY_DEPTH} are accepted)`,
        );
      }
      const work = execute(event, context, controller.signal, request.noEchoRequested, log);
      abandoned = work;
      const deadlineMs = Math.max(0, context.getRemainingTimeInMillis() - marginMs);
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          deadlineError = new DeadlineError(
            'DEADLINE',
            `the ${requestType} did not finish in time: answering FAILED ${marginMs} ms before the Lambda deadline`,
          );
          reject(deadlineError);
        }, deadlineMs);
      });
      // The losing side of the race must not become an unhandled rejection.
      work.catch(() => {});
      const result = await Promise.race([work, deadline]);
      response = { Status: 'SUCCESS', ...base, ...result };
    } catch (error) {
      controller.abort(error);
      // Compared by identity: `instanceof` on what a provider threw can itself throw (a revoked proxy).
      if (deadlineError !== undefined && error === deadlineError && abandoned) {
        // The work was told to stop starting new steps; say how it ended, for whoever reads the
        // logs of a resource answered FAILED while calls were still in flight.
        const requestId = event.RequestId;
        abandoned.then(
          () => log.log('warn', 'work abandoned at the deadline finished anyway', { RequestId: requestId }),
          (late: unknown) =>
            log.log('warn', 'work abandoned at the deadline stopped', {
              RequestId: requestId,
              reason: failureReason(late),
            }),
        );
      }
      const reason = failureReason(error);
      log.log('error', 'custom resource failed', { reason, RequestId: event.RequestId });
      response = { Status: 'FAILED', Reason: `${reason}${logHint}`, PhysicalResourceId: failedId, ...base };
    } finally {
      if (timer) clearTimeout(timer);
    }

    const encoded = encodeResponse(response, requestType);
    if (encoded.adjusted) log.log('warn', 'response adjusted to fit the limit', { note: encoded.adjusted });
    log.log('info', 'answering CloudFormation', { response: loggableResponse(encoded.response) });
    return encoded.body;
  }

  async function execute(
    event: CustomResourceEvent,
    context: Context,
    signal: AbortSignal,
    noEchoRequested: boolean,
    logger: CustomResourceLogger,
  ): Promise<Omit<CustomResourceResponse, 'Status' | 'StackId' | 'RequestId' | 'LogicalResourceId'>> {
    const requestType = event.RequestType;
    if (!REQUEST_TYPES.has(requestType)) {
      throw new MeshplaneLambdaError(
        'INVALID_EVENT',
        `RequestType must be one of Create, Update, Delete, got ${shown(requestType)}`,
      );
    }
    if (requestType !== 'Create' && !event.PhysicalResourceId) {
      throw new MeshplaneLambdaError(
        'INVALID_EVENT',
        `a ${requestType} event must carry a PhysicalResourceId`,
      );
    }
    if (requestType === 'Delete' && event.PhysicalResourceId!.startsWith(CREATE_FAILED_PREFIX)) {
      logger.log('info', 'Delete after a failed Create: nothing to delete', {
        PhysicalResourceId: event.PhysicalResourceId,
      });
      return { PhysicalResourceId: event.PhysicalResourceId! };
    }
    const provider = options.providers[event.ResourceType];
    if (!provider) {
      throw new MeshplaneLambdaError(
        'UNKNOWN_RESOURCE_TYPE',
        `ResourceType ${shown(event.ResourceType)} is not handled here; known types: ${Object.keys(options.providers).join(', ')}`,
      );
    }
    const parsed = provider.parse(providerProperties(event.ResourceProperties));
    if (!parsed.ok && requestType !== 'Delete') {
      throw new MeshplaneLambdaError(
        'INVALID_PROPERTIES',
        `invalid properties for ${event.ResourceType}: ${parsed.problems.join('; ')}`,
      );
    }
    const properties = parsed.ok ? parsed.value : undefined;
    const providerContext: ProviderContext = { event, lambdaContext: context, signal, logger };

    let result: ProviderResult | undefined;
    if (requestType === 'Create') result = await provider.create(properties, providerContext);
    else if (requestType === 'Update') {
      const old = event.OldResourceProperties
        ? provider.parse(providerProperties(event.OldResourceProperties))
        : undefined;
      result = await provider.update(properties, old?.ok ? old.value : undefined, providerContext);
    } else result = await provider.delete(properties, providerContext);

    let physicalId: string;
    if (requestType === 'Delete') {
      physicalId = event.PhysicalResourceId!;
      if (result?.physicalResourceId && result.physicalResourceId !== physicalId) {
        logger.log('warn', 'a Delete cannot change the PhysicalResourceId; keeping the existing one', {
          existing: physicalId,
        });
      }
    } else {
      physicalId = result?.physicalResourceId ?? event.PhysicalResourceId ?? generatedPhysicalId(event);
    }
    if (physicalId.length === 0 || Buffer.byteLength(physicalId) > PHYSICAL_ID_LIMIT) {
      throw new MeshplaneLambdaError(
        'INVALID_PHYSICAL_ID',
        `PhysicalResourceId must be 1-${PHYSICAL_ID_LIMIT} bytes, got ${Buffer.byteLength(physicalId)}`,
      );
    }
    if (requestType === 'Update' && physicalId !== event.PhysicalResourceId) {
      logger.log('info', 'replacement: CloudFormation will send a Delete for the old PhysicalResourceId', {
        old: event.PhysicalResourceId,
        new: physicalId,
      });
    }
    const data = requestType === 'Delete' ? undefined : stringifyData(result?.data);
    const noEcho = noEchoRequested || result?.noEcho === true;
    return {
      PhysicalResourceId: physicalId,
      ...(data ? { Data: data } : {}),
      ...(noEcho ? { NoEcho: true } : {}),
    };
  }

  return async function customResourceHandler(event, context) {
    let url: URL;
    try {
      url = checkResponseUrl(event?.ResponseURL, options.responseUrl);
    } catch (error) {
      // Nowhere safe to answer: say so loudly and fail the invocation.
      logger.log('error', 'refusing to answer: ResponseURL rejected', {
        reason: thrownText(error),
        RequestId: event?.RequestId,
      });
      throw error;
    }
    const previous = answered.get(event.RequestId);
    if (previous !== undefined) {
      logger.log('info', 'request already answered: sending the same answer again', {
        RequestId: event.RequestId,
      });
      await deliver(url, previous, event, context);
      return;
    }
    const running = inFlight.get(event.RequestId);
    if (running) {
      await running;
      return;
    }
    const task = run(event, context, url).finally(() => inFlight.delete(event.RequestId));
    inFlight.set(event.RequestId, task);
    await task;
  };
}
