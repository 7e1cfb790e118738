import { checkOptions, type OptionsSchema } from '@meshplane/core/options';
import { MeshplaneLambdaError } from './errors.js';

/**
 * Checks `value` against a declared option schema (core's `checkOptions`) and throws one
 * `INVALID_OPTIONS` error listing every problem in the package's words, `<field> <rule>, got
 * <value>`: thrown at init, so that a misconfigured function fails its cold start, loudly.
 *
 * @example
 * ```ts
 * import { defineOptions, optionRule } from '@meshplane/core/options';
 * import { assertOptions } from './option-problems.js'; // inside packages/lambda/src
 * const schema = defineOptions<{ tracing?: 'auto' | false }>({ tracing: optionRule("must be 'auto' or false", (v) => v === 'auto' || v === false) });
 * assertOptions('meshplane middleware options', schema, { tracing: true }); // throws: invalid meshplane middleware options: tracing must be 'auto' or false, got true
 * ```
 */
export function assertOptions<T extends object>(
  what: string,
  schema: OptionsSchema<T>,
  value: unknown,
): void {
  const problems = checkOptions(schema, value).map((p) => `${p.field} ${p.rule}, got ${p.shown}`);
  if (problems.length > 0)
    throw new MeshplaneLambdaError('INVALID_OPTIONS', `invalid ${what}: ${problems.join('; ')}`);
}
