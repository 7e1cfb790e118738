import type { Failure } from './intrinsic.js';
import { NO_VALUE, unknowable } from './intrinsic.js';

/**
 * The pseudo parameters of CloudFormation ("Pseudo parameters reference"). Their values can be
 * given like template parameters (`--parameter AWS::Region=eu-west-1`, or the `parameters`
 * option); without one:
 * - `AWS::Partition` is `aws` (`aws-cn` for a given `cn-*` region, `aws-us-gov` for `us-gov-*`),
 *   and `AWS::URLSuffix` `amazonaws.com` (`amazonaws.com.cn` in `aws-cn`): App Mesh ran in the
 *   commercial partition, so that is the only reading without a region;
 * - `AWS::Region`, `AWS::AccountId`, `AWS::StackName`, `AWS::StackId` and
 *   `AWS::NotificationARNs` depend on where and how the stack is created: an expression that
 *   needs one of them is reported as unresolved, naming the parameter to give.
 * `AWS::NoValue` removes the property that holds it.
 */
export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

/** The pattern a given pseudo parameter value must match, with the rule in words. */
export const PSEUDO_PARAMETER_RULES: Readonly<Record<string, { pattern: RegExp; rule: string }>> = {
  'AWS::AccountId': { pattern: /^\d{12}$/, rule: 'an AWS account ID is 12 digits' },
  'AWS::Region': {
    pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/,
    rule: 'a Region code such as us-east-1 or eu-central-2',
  },
  'AWS::Partition': { pattern: /^aws(-[a-z]+)*$/, rule: 'a partition such as aws, aws-cn or aws-us-gov' },
};

export function isPseudoParameter(name: string): boolean {
  return (PSEUDO_PARAMETERS as readonly string[]).includes(name);
}

/** The value of a pseudo parameter given the values passed for them (keys `AWS::…`). */
export function pseudoParameterValue(
  name: string,
  given: Readonly<Record<string, string>>,
): string | string[] | typeof NO_VALUE | Failure {
  if (name === 'AWS::NoValue') return NO_VALUE;
  const value = Object.hasOwn(given, name) ? given[name] : undefined;
  if (name === 'AWS::NotificationARNs') {
    if (value !== undefined) return value === '' ? [] : value.split(',').map((arn) => arn.trim());
  } else if (value !== undefined) {
    return value;
  }
  const region = Object.hasOwn(given, 'AWS::Region') ? given['AWS::Region'] : undefined;
  const partition = Object.hasOwn(given, 'AWS::Partition') ? given['AWS::Partition']! : partitionOf(region);
  if (name === 'AWS::Partition') return partition;
  if (name === 'AWS::URLSuffix') return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return unknowable(
    `${name} is known only when the stack is created; give it like a parameter (--parameter ${name}=${EXAMPLES[name] ?? '<value>'})`,
  );
}

const EXAMPLES: Record<string, string> = {
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'us-east-1',
  'AWS::StackName': '<stack name>',
  'AWS::StackId': '<stack ARN>',
  'AWS::NotificationARNs': '<ARN>,<ARN>',
};

function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
