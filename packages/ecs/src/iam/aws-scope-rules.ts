import { isRegionName } from '../envoy/image.js';
import { ecsRule } from '../option-issues.js';

/**
 * The option rules every IAM factory of the package shares: the region the ARNs are built in
 * (its partition too) and the account that owns the resources (12 digits, IAM's account id).
 *
 * @example
 * ```ts
 * import { ACCOUNT_RULE, REGION_RULE } from './aws-scope-rules.js'; // inside packages/ecs/src/iam
 * console.log(REGION_RULE.test('us-east-1'), ACCOUNT_RULE.test('42')); // true false
 * ```
 */
export const REGION_RULE = ecsRule(
  'REGION',
  'must be an AWS region name like "us-east-1"',
  isRegionName,
  true,
);

/** The account that owns the resources a policy names; `*` (any account) when absent. */
export const ACCOUNT_RULE = ecsRule(
  'ACCOUNT',
  'must be a 12-digit AWS account id',
  (v) => typeof v === 'string' && /^\d{12}$/.test(v),
);

/** True for a list of strings (ARNs, image names). */
export const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && Array.from(v).every((item) => typeof item === 'string');
