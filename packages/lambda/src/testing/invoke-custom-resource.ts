import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import {
  type CustomResourceResponse,
  PHYSICAL_ID_LIMIT,
  RESPONSE_BODY_LIMIT,
} from '../custom-resource/response-body.js';
import type { CustomResourceEvent, RequestType } from '../custom-resource/types.js';
import { shown } from '../value-text.js';

/** Options of {@link invokeCustomResource}. */
export interface InvokeCustomResourceOptions {
  requestType: RequestType;
  /** Default `Custom::MeshplaneMesh`. */
  resourceType?: string;
  properties?: Record<string, unknown>;
  oldProperties?: Record<string, unknown>;
  /** Required for Update and Delete, as CloudFormation always sends it then. */
  physicalResourceId?: string;
  /** Default: a new UUID. Reuse one to simulate CloudFormation retrying the same request. */
  requestId?: string;
  logicalResourceId?: string;
  stackName?: string;
  region?: string;
  accountId?: string;
  /** What `context.getRemainingTimeInMillis()` starts from. Default 900,000 (15 minutes). */
  remainingTimeMs?: number;
  /**
   * Turn property scalars into strings as CloudFormation does (`9080` → `"9080"`, `true` →
   * `"true"`). Default true.
   */
  stringifyProperties?: boolean;
  /** The loopback ResponseURL answers 500 to the first N PUTs. Default 0. */
  responseFailures?: number;
  /**
   * How long to wait for an answer once the handler has returned without one (handlers that
   * answer after returning). Default 2,000 ms, never past the simulated deadline.
   */
  waitMs?: number;
}

/** What CloudFormation would have seen. */
export interface InvokeCustomResourceResult {
  /** The last successfully received answer, parsed; undefined when none arrived or it is not JSON. */
  response: CustomResourceResponse | undefined;
  /**
   * Why CloudFormation would refuse that answer (the rules of its response object: JSON, `Status`
   * SUCCESS or FAILED, `Reason` when FAILED, a 1 KB `PhysicalResourceId` that a Delete keeps, ids
   * copied from the request, 4,096 bytes in all); empty when it would accept it or none arrived.
   */
  rejected: string[];
  /** Its raw body and size in bytes. */
  body: string | undefined;
  bytes: number;
  /** PUTs received by the ResponseURL, failed ones included. */
  attempts: number;
  /** The event sent to the handler (its ResponseURL carries a fake signature). */
  event: CustomResourceEvent;
  /** The signature query value of the ResponseURL, to check it never reaches the logs. */
  signature: string;
  /** What the handler's own promise rejected with, if it did. */
  handlerError: unknown;
  /** Whether the answer arrived before the simulated Lambda deadline. */
  answeredBeforeDeadline: boolean;
}

/**
 * Recursively turns numbers and booleans into strings, as CloudFormation does for custom resources.
 *
 * @example
 * ```ts
 * import { stringifyScalars } from '@meshplane/lambda/testing';
 * stringifyScalars({ port: 9080, tls: true, names: ['a'] }); // { port: '9080', tls: 'true', names: ['a'] }
 * ```
 */
export function stringifyScalars(value: unknown): unknown {
  const scalar = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  const copyOf = (v: unknown): unknown =>
    Array.isArray(v) ? [] : v && typeof v === 'object' ? {} : scalar(v);
  const root = copyOf(value);
  // Without recursion, so that the harness can build the deeply nested events tests send.
  const stack: [unknown, Record<string, unknown>][] = [];
  if (root !== null && typeof root === 'object') stack.push([value, root as Record<string, unknown>]);
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    for (const [key, v] of Object.entries(source as Record<string, unknown>)) {
      const copy = copyOf(v);
      Object.defineProperty(target, key, {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (copy !== null && typeof copy === 'object') stack.push([v, copy as Record<string, unknown>]);
    }
  }
  return root;
}

/** The rules CloudFormation applies to a custom resource's answer (its "response object"). */
function cloudFormationRejects(
  body: string,
  event: CustomResourceEvent,
): {
  response: CustomResourceResponse | undefined;
  rejected: string[];
} {
  const rejected: string[] = [];
  const size = Buffer.byteLength(body);
  if (size > RESPONSE_BODY_LIMIT) rejected.push(`the body is ${size} bytes, over ${RESPONSE_BODY_LIMIT}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return {
      response: undefined,
      rejected: [...rejected, `the body is not JSON: ${(error as Error).message}`],
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { response: undefined, rejected: [...rejected, 'the body is not a JSON object'] };
  }
  const r = parsed as Record<string, unknown>;
  if (r.Status !== 'SUCCESS' && r.Status !== 'FAILED') {
    rejected.push(`Status must be SUCCESS or FAILED, got ${shown(r.Status)}`);
  }
  if (r.Status === 'FAILED' && (typeof r.Reason !== 'string' || r.Reason.length === 0)) {
    rejected.push('Reason is required when Status is FAILED');
  }
  const id = r.PhysicalResourceId;
  if (typeof id !== 'string' || id.length === 0 || Buffer.byteLength(id) > PHYSICAL_ID_LIMIT) {
    rejected.push(`PhysicalResourceId must be a non-empty string of at most ${PHYSICAL_ID_LIMIT} bytes`);
  } else if (event.RequestType === 'Delete' && id !== event.PhysicalResourceId) {
    rejected.push(
      `a Delete must answer the PhysicalResourceId it was sent (${event.PhysicalResourceId}), got ${id}`,
    );
  }
  for (const field of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (r[field] !== event[field]) {
      rejected.push(`${field} must be copied from the request (${event[field]}), got ${shown(r[field])}`);
    }
  }
  if (r.NoEcho !== undefined && typeof r.NoEcho !== 'boolean') {
    rejected.push(`NoEcho must be a boolean, got ${shown(r.NoEcho)}`);
  }
  if (r.Data !== undefined && (typeof r.Data !== 'object' || r.Data === null || Array.isArray(r.Data))) {
    rejected.push('Data must be an object of name-value pairs');
  }
  return { response: r as unknown as CustomResourceResponse, rejected };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Runs a custom-resource handler the way CloudFormation would: starts a loopback ResponseURL
 * server with a pre-signed-looking URL, builds a realistic event and Lambda context, invokes the
 * handler and returns what CloudFormation would have received. The handler must accept loopback
 * ResponseURLs (`responseUrl: { allowLoopback: true }` or
 * `MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL=true`).
 *
 * @example
 * ```ts
 * import { createMeshplaneHandler } from '@meshplane/lambda/custom-resource';
 * import { invokeCustomResource } from '@meshplane/lambda/testing';
 * const handler = createMeshplaneHandler({ responseUrl: { allowLoopback: true } });
 * const { response } = await invokeCustomResource(handler, {
 *   requestType: 'Delete',
 *   resourceType: 'Custom::MeshplaneTrafficShift',
 *   physicalResourceId: 'meshplane:create-failed:1',
 * });
 * console.log(response?.Status); // 'SUCCESS'
 * ```
 */
export async function invokeCustomResource(
  handler: (event: CustomResourceEvent, context: Context) => Promise<unknown>,
  options: InvokeCustomResourceOptions,
): Promise<InvokeCustomResourceResult> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const stackName = options.stackName ?? 'meshplane-test';
  const remainingTimeMs = options.remainingTimeMs ?? 900_000;
  const signature = randomBytes(32).toString('hex');
  let failuresLeft = options.responseFailures ?? 0;
  let attempts = 0;
  let body: string | undefined;
  let answeredAt: number | undefined;
  let answered!: () => void;
  const gotAnswer = new Promise<void>((resolve) => {
    answered = resolve;
  });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    attempts++;
    if (req.method !== 'PUT') {
      res.writeHead(405).end();
      return;
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      res
        .writeHead(500, { 'content-type': 'application/xml' })
        .end('<Error><Code>InternalError</Code></Error>');
      return;
    }
    body = text;
    answeredAt = Date.now();
    res.writeHead(200).end();
    answered();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const requestId = options.requestId ?? randomUUID();
  const logicalResourceId = options.logicalResourceId ?? 'MeshplaneResource';
  const stackId = `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/6c8b5a30-4d7e-11ee-be56-0242ac120002`;
  const serviceToken = `arn:aws:lambda:${region}:${accountId}:function:meshplane-custom-resource`;
  const responseUrl =
    `http://127.0.0.1:${port}/cloudformation-custom-resource-response-${region.replace(/-/g, '')}/` +
    `${encodeURIComponent(stackId)}%7C${logicalResourceId}%7C${requestId}` +
    `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-Expires=7200` +
    `&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2F${region}%2Fs3%2Faws4_request&X-Amz-SignedHeaders=host` +
    `&X-Amz-Signature=${signature}`;
  const shape = (props: Record<string, unknown> | undefined) => {
    const withToken = { ServiceToken: serviceToken, ...(props ?? {}) };
    return (options.stringifyProperties ?? true)
      ? (stringifyScalars(withToken) as Record<string, unknown>)
      : withToken;
  };
  const event: CustomResourceEvent = {
    RequestType: options.requestType,
    ServiceToken: serviceToken,
    ResponseURL: responseUrl,
    StackId: stackId,
    RequestId: requestId,
    LogicalResourceId: logicalResourceId,
    ResourceType: options.resourceType ?? 'Custom::MeshplaneMesh',
    ResourceProperties: shape(options.properties),
    ...(options.requestType === 'Update' ? { OldResourceProperties: shape(options.oldProperties) } : {}),
    ...(options.requestType !== 'Create' && options.physicalResourceId !== undefined
      ? { PhysicalResourceId: options.physicalResourceId }
      : {}),
  };

  const started = Date.now();
  const deadlineAt = started + remainingTimeMs;
  const awsRequestId = randomUUID();
  const context: Context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'meshplane-custom-resource',
    functionVersion: '$LATEST',
    invokedFunctionArn: serviceToken,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: '/aws/lambda/meshplane-custom-resource',
    logStreamName: `2026/01/01/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineAt - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };

  let handlerError: unknown;
  try {
    await handler(event, context);
  } catch (error) {
    handlerError = error;
  }
  // The handler returns after its PUT; the wait only matters for handlers that answer late.
  if (body === undefined && handlerError === undefined) {
    let timer: NodeJS.Timeout | undefined;
    const grace = Math.min(options.waitMs ?? 2_000, Math.max(0, deadlineAt - Date.now()));
    await Promise.race([
      gotAnswer,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, grace);
      }),
    ]);
    clearTimeout(timer);
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const { response, rejected } =
    body === undefined ? { response: undefined, rejected: [] } : cloudFormationRejects(body, event);
  return {
    response,
    rejected,
    body,
    bytes: body === undefined ? 0 : Buffer.byteLength(body),
    attempts,
    event,
    signature,
    handlerError,
    answeredBeforeDeadline: answeredAt !== undefined && answeredAt <= deadlineAt,
  };
}
