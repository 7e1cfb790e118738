import { defineOptions, optionRule } from '@meshplane/core/options';
import { assertOptions } from '../option-problems.js';
import { isPlainRecord } from '../value-text.js';
import type { CustomResourceHandlerOptions } from './framework.js';
import type { ResponseUrlPolicy } from './response-url.js';

const OPERATIONS = ['parse', 'create', 'update', 'delete'] as const;
const isNumberFrom0 = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** The declared schema of `createCustomResourceHandler`'s options, in the order problems are reported. */
const HANDLER_OPTIONS = defineOptions<CustomResourceHandlerOptions>({
  providers: {
    ...optionRule('must be an object of resource type → provider', isPlainRecord, true),
    entries: optionRule(
      `must be a provider: an object with the functions ${OPERATIONS.join(', ')}`,
      (provider) => isPlainRecord(provider) && OPERATIONS.every((op) => typeof provider[op] === 'function'),
    ),
  },
  responseUrl: {
    ...optionRule('must be an object', isPlainRecord),
    members: defineOptions<ResponseUrlPolicy>({
      allowLoopback: optionRule('must be true or false', (v) => typeof v === 'boolean'),
      extraHostSuffixes: optionRule(
        'must be a list of host names',
        (v) => Array.isArray(v) && v.every((h) => typeof h === 'string' && h !== ''),
      ),
    }),
  },
  responseRetry: {
    ...optionRule('must be an object', isPlainRecord),
    entries: optionRule('must be a number of 0 or more', isNumberFrom0),
  },
  deadlineMarginMs: optionRule('must be a number of milliseconds (0 or more)', isNumberFrom0),
  logger: optionRule(
    'must be an object with a log(level, message, fields) method',
    (v) => isPlainRecord(v) && typeof v.log === 'function',
  ),
});

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
  assertOptions('custom-resource handler options', HANDLER_OPTIONS, options);
}
