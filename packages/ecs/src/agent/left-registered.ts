import { CloudMapOperationTimeoutError } from '@meshplane/core/cloudmap';
import { MeshplaneEcsError } from '../errors.js';
import { show } from '../input-issues.js';
import { RetryGaveUp } from './retry-until-deadline.js';

/** What the agent knows about an instance it could not deregister. */
export interface LeftRegistered {
  serviceId: string;
  instanceId: string;
  /** `ip:port` callers are routed to, from the instance's attributes. */
  address: string;
  attempts: number;
  /** The error the agent throws: `OPERATION_TIMEOUT` at the deadline, `DEREGISTRATION_FAILED` for an error retrying cannot fix. */
  error: MeshplaneEcsError;
}

/**
 * Turns a failed deregistration into an error that says what is left behind: the instance, its
 * service, the address callers keep routing to, and the command that removes it. A stopped task
 * that stays registered is a black hole for its callers until someone removes it, so the message
 * must be impossible to mistake for a routine shutdown line.
 *
 * @example
 * ```ts
 * import { leftRegistered } from './left-registered.js'; // inside packages/ecs/src/agent
 * const left = leftRegistered(new Error('socket hang up'), {
 *   serviceId: 'srv-0123456789abcdef', instanceId: 'a1', attributes: { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '9080' },
 * });
 * console.log(left.error.code, left.address); // 'DEREGISTRATION_FAILED' '10.0.0.7:9080'
 * ```
 */
export function leftRegistered(
  failure: unknown,
  at: { serviceId: string; instanceId: string; attributes: Readonly<Record<string, string>> },
): LeftRegistered {
  const gaveUp = failure instanceof RetryGaveUp ? failure : undefined;
  const last = gaveUp ? gaveUp.lastError : failure;
  const attempts = gaveUp?.attempts ?? 1;
  const timedOut =
    gaveUp?.reason === 'deadline' ||
    last instanceof CloudMapOperationTimeoutError ||
    (last instanceof MeshplaneEcsError && last.code === 'OPERATION_TIMEOUT');
  const address = `${at.attributes.AWS_INSTANCE_IPV4 ?? '?'}:${at.attributes.AWS_INSTANCE_PORT ?? '?'}`;
  const why = timedOut
    ? `deregistration did not finish before the deadline (${attempts} attempt(s); last: ${describe(last)})`
    : `deregistration failed with an error that retrying cannot fix (${describe(last)})`;
  const message =
    `instance ${at.instanceId} is still registered in Cloud Map service ${at.serviceId}: ${why}. ` +
    `Callers keep routing to ${address} until it is removed: ` +
    `aws servicediscovery deregister-instance --service-id ${at.serviceId} --instance-id ${at.instanceId}`;
  const error = new MeshplaneEcsError(timedOut ? 'OPERATION_TIMEOUT' : 'DEREGISTRATION_FAILED', message, {
    cause: last,
  });
  return { serviceId: at.serviceId, instanceId: at.instanceId, address, attempts, error };
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : show(error);
