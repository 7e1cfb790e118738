import type { Duration } from '@aws-sdk/client-app-mesh';

/**
 * Converts an App Mesh `Duration` (`{ value, unit: 's' | 'ms' }`) to milliseconds. Returns
 * undefined when the duration or its value is absent. A missing unit is read as seconds, the unit
 * the App Mesh console and examples use for timeouts.
 *
 * @example
 * ```ts
 * import { durationToMs } from '@meshplane/core/router/internals';
 * console.log(durationToMs({ value: 2, unit: 's' }), durationToMs({ value: 250, unit: 'ms' })); // 2000 250
 * ```
 */
export function durationToMs(duration: Duration | undefined): number | undefined {
  if (!duration || duration.value === undefined || duration.value === null) return undefined;
  const value = Number(duration.value);
  return duration.unit === 'ms' ? value : value * 1000;
}
