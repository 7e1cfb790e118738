import { MeshplaneLambdaError } from '../errors.js';
import { isPlainRecord, shown } from '../value-text.js';
import type { CustomResourceHandlerOptions } from './framework.js';

const OPERATIONS = ['parse', 'create', 'update', 'delete'] as const;

/**
 * Checks the options of `createCustomResourceHandler` when the handler is built (the Lambda init
 * phase), naming every problem at once: a misconfigured handler should fail its cold start, not
 * leave CloudFormation waiting for an answer that a TypeError swallowed.
 *
 * @example
 * ```ts
 * checkHandlerOptions({ providers: {} }); // returns
 * checkHandlerOptions({ providers: { 'Custom::X': {} } } as never); // throws INVALID_OPTIONS naming parse, create, update, delete
 * ```
 */
export function checkHandlerOptions(options: CustomResourceHandlerOptions): void {
  if (!isPlainRecord(options)) fail([`options must be an object, got ${shown(options)}`]);
  const problems: string[] = [];
  const { providers, responseUrl, responseRetry, deadlineMarginMs, logger } = options;
  if (!isPlainRecord(providers)) {
    problems.push(`providers must be an object of resource type → provider, got ${shown(providers)}`);
  } else {
    for (const [type, provider] of Object.entries(providers)) {
      const missing = OPERATIONS.filter(
        (op) => !isPlainRecord(provider) || typeof provider[op] !== 'function',
      );
      if (missing.length > 0)
        problems.push(`providers["${type}"] must have the functions ${missing.join(', ')}`);
    }
  }
  if (responseUrl !== undefined) {
    if (!isPlainRecord(responseUrl))
      problems.push(`responseUrl must be an object, got ${shown(responseUrl)}`);
    else {
      const { allowLoopback, extraHostSuffixes } = responseUrl;
      if (allowLoopback !== undefined && typeof allowLoopback !== 'boolean') {
        problems.push(`responseUrl.allowLoopback must be true or false, got ${shown(allowLoopback)}`);
      }
      if (
        extraHostSuffixes !== undefined &&
        (!Array.isArray(extraHostSuffixes) ||
          extraHostSuffixes.some((h) => typeof h !== 'string' || h === ''))
      ) {
        problems.push(
          `responseUrl.extraHostSuffixes must be a list of host names, got ${shown(extraHostSuffixes)}`,
        );
      }
    }
  }
  if (responseRetry !== undefined) {
    if (!isPlainRecord(responseRetry))
      problems.push(`responseRetry must be an object, got ${shown(responseRetry)}`);
    else {
      for (const [field, value] of Object.entries(responseRetry)) {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          problems.push(`responseRetry.${field} must be a number of 0 or more, got ${shown(value)}`);
        }
      }
    }
  }
  if (
    deadlineMarginMs !== undefined &&
    (typeof deadlineMarginMs !== 'number' || !Number.isFinite(deadlineMarginMs) || deadlineMarginMs < 0)
  ) {
    problems.push(
      `deadlineMarginMs must be a number of milliseconds (0 or more), got ${shown(deadlineMarginMs)}`,
    );
  }
  if (logger !== undefined && (!isPlainRecord(logger) || typeof logger.log !== 'function')) {
    problems.push('logger must be an object with a log(level, message, fields) method');
  }
  if (problems.length > 0) fail(problems);
}

function fail(problems: string[]): never {
  throw new MeshplaneLambdaError(
    'INVALID_OPTIONS',
    `invalid custom-resource handler options: ${problems.join('; ')}`,
  );
}
