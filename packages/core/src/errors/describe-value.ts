import { showValue } from '../options/show-value.js';

/**
 * The name the importers and `define` know core's one value printer by: `describeValue` is
 * {@link showValue} (JSON-like, bounded at `max` characters, never calls the value's own code).
 * Kept as an alias so that code written against it (the CloudFormation and Terraform importers)
 * keeps compiling; new code imports `showValue`.
 *
 * @example
 * ```ts
 * import { describeValue } from '@meshplane/core';
 * console.log(describeValue(Number.NaN), describeValue({ port: 8080 }), describeValue(10n)); // NaN {"port":8080} 10n
 * ```
 */
export const describeValue: (value: unknown, max?: number) => string = showValue;
