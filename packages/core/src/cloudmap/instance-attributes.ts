/**
 * The `AWS_` attribute names RegisterInstance accepts (AWS API reference, RegisterInstance);
 * every other `AWS_` name is reserved.
 *
 * @example
 * ```ts
 * import { AWS_INSTANCE_ATTRIBUTES } from '@meshplane/core/cloudmap';
 * AWS_INSTANCE_ATTRIBUTES.includes('AWS_INSTANCE_IPV4'); // true
 * ```
 */
export const AWS_INSTANCE_ATTRIBUTES = [
  'AWS_ALIAS_DNS_NAME',
  'AWS_EC2_INSTANCE_ID',
  'AWS_INIT_HEALTH_STATUS',
  'AWS_INSTANCE_CNAME',
  'AWS_INSTANCE_IPV4',
  'AWS_INSTANCE_IPV6',
  'AWS_INSTANCE_PORT',
] as const;

const SUPPORTED = new Set<string>(AWS_INSTANCE_ATTRIBUTES);
// The model's AttrKey / AttrValue patterns: printable ASCII, values may contain inner spaces.
const KEY_PATTERN = /^[a-zA-Z0-9!-~]+$/;
const VALUE_PATTERN = /^([a-zA-Z0-9!-~][ \ta-zA-Z0-9!-~]*)?[a-zA-Z0-9!-~]?$/;

/**
 * Every problem of an instance attribute map under Cloud Map's documented rules that do not
 * depend on the service: 30 custom attributes, 5,000 characters of keys and values in all, keys
 * ≤ 255 and values ≤ 1,024 characters of printable ASCII, reserved `AWS_` names,
 * `AWS_INSTANCE_PORT` 1–65535, `AWS_INIT_HEALTH_STATUS` HEALTHY or UNHEALTHY. Empty when valid.
 *
 * @example
 * ```ts
 * import { instanceAttributeProblems } from '@meshplane/core/cloudmap';
 * instanceAttributeProblems({ AWS_SECRET: 'x', AWS_INSTANCE_PORT: '70000' });
 * // ['attribute "AWS_SECRET" is reserved: …', 'AWS_INSTANCE_PORT "70000" must be a port from 1 to 65535']
 * ```
 */
export function instanceAttributeProblems(attributes: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
    return ['attributes must be an object of string values'];
  }
  let total = 0;
  let custom = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') {
      problems.push(`attribute ${key}=${JSON.stringify(value)} must be a string`);
      continue;
    }
    total += key.length + value.length;
    if (key.startsWith('AWS_')) {
      if (!SUPPORTED.has(key)) {
        problems.push(
          `attribute "${key}" is reserved: names starting with AWS_ are limited to ${AWS_INSTANCE_ATTRIBUTES.join(', ')}`,
        );
      }
    } else {
      custom++;
    }
    if (key.length > 255 || !KEY_PATTERN.test(key)) {
      problems.push(
        `attribute name "${key.slice(0, 40)}" must be 1 to 255 printable ASCII characters without spaces`,
      );
    }
    if (value.length > 1024 || !VALUE_PATTERN.test(value)) {
      problems.push(
        `attribute ${key} value "${value.slice(0, 40)}" must be at most 1,024 printable ASCII characters, not starting with a space`,
      );
    }
  }
  if (custom > 30) problems.push(`${custom} custom attributes is more than Cloud Map's limit of 30`);
  if (total > 5000) {
    problems.push(
      `the attributes' names and values add up to ${total} characters; Cloud Map allows 5000 at most (its 5,000-character quota for all names and values)`,
    );
  }
  const port = attributes.AWS_INSTANCE_PORT;
  if (typeof port === 'string' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    problems.push(`AWS_INSTANCE_PORT "${port}" must be a port from 1 to 65535`);
  }
  const init = attributes.AWS_INIT_HEALTH_STATUS;
  if (typeof init === 'string' && init !== 'HEALTHY' && init !== 'UNHEALTHY') {
    problems.push(`AWS_INIT_HEALTH_STATUS "${init}" must be HEALTHY or UNHEALTHY`);
  }
  return problems;
}
