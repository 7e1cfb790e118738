import type { IncomingMessage } from 'node:http';
import { classifyOperation, type FaultInjector } from '../faults/fault-injector.js';
import type { ProtocolAdapter, ProtocolCall } from '../protocol/adapter.js';
import { errorStatus } from '../protocol/error-shapes.js';
import { MalformedRequestError } from '../protocol/json-body.js';
import type { WireResponse } from '../protocol/wire-response.js';
import { LocalServiceError, type RequestContext } from '../service.js';
import type { StatsRecorder } from './stats.js';

/** What one call needs from the endpoint around it. */
export interface InvokeDeps {
  faults(): FaultInjector;
  stats: StatsRecorder;
  /** Makes the writes of a call durable before it is answered (no-op without a state file). */
  persist?(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one call through faults, the service and persistence, and encodes the answer in the
 * adapter's protocol. Returns undefined when the connection was dropped on purpose.
 */
export async function invoke(
  deps: InvokeDeps,
  adapter: ProtocolAdapter,
  call: ProtocolCall,
  request: IncomingMessage,
  ctx: RequestContext,
): Promise<WireResponse | undefined> {
  const { operation } = call;
  const { hosted } = adapter;
  deps.stats.call(operation);
  const decision = deps.faults().decide(operation);
  if (decision.delayMs > 0) {
    deps.stats.fault('delayed');
    await sleep(decision.delayMs);
  }
  if (decision.drop) {
    deps.stats.fault('dropped');
    request.socket.destroy();
    return undefined;
  }
  if (decision.throttle) {
    deps.stats.fault('throttled');
    return adapter.error(
      hosted.throttlingError,
      errorStatus(hosted.model, hosted.throttlingError),
      'Rate exceeded',
    );
  }
  if (decision.serverError) {
    deps.stats.fault('serverErrors');
    return adapter.error(
      hosted.serverError.type,
      hosted.serverError.status,
      `injected server error for ${operation}`,
    );
  }
  let input: Record<string, unknown>;
  try {
    input = call.decode();
  } catch (error) {
    if (error instanceof MalformedRequestError)
      return adapter.error(
        hosted.malformedError,
        errorStatus(hosted.model, hosted.malformedError),
        error.message,
      );
    throw error;
  }
  try {
    const output = await hosted.service.handle(operation, input, ctx);
    if (deps.persist && classifyOperation(operation) === 'write') await deps.persist();
    return call.encode(output);
  } catch (error) {
    if (error instanceof LocalServiceError)
      return adapter.error(error.type, error.status, error.message, error.fields);
    // A failure of the endpoint itself still answers in the service's format; the server keeps serving.
    return adapter.error(
      hosted.internalError,
      500,
      `internal error in ${operation}: ${(error as Error).message}`,
    );
  }
}
