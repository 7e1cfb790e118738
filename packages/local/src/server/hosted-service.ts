import type { SmithyModelIR } from '@meshplane/core/smithy';
import type { LocalService } from '../service.js';

/**
 * A service the endpoint hosts, with the wire details the server needs to answer for it on
 * its own (malformed requests, throttling, injected server errors).
 */
export interface HostedService {
  /** Key in the state file (`appmesh`, `cloudmap`). */
  key: string;
  model: SmithyModelIR;
  service: LocalService<unknown>;
  /** Error type for input that cannot be decoded (`BadRequestException`, `InvalidInput`). */
  malformedError: string;
  /** Error type for throttled calls (`TooManyRequestsException`, `RequestLimitExceeded`). */
  throttlingError: string;
  /** Error type and status for injected server errors. */
  serverError: { type: string; status: number };
  /** Error type for a failure inside the endpoint itself (a bug, an unwritable state file). */
  internalError: string;
}
