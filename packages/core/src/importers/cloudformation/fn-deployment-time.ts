import type { Intrinsic } from './intrinsic.js';
import { asString, Failure, invalid, UNRESOLVED, unknowable } from './intrinsic.js';

/** `Fn::ImportValue name`: another stack's export, known only from the deployed stacks. */
export const importValue: Intrinsic = (argument, path, evaluator) => {
  const name = asString(evaluator.value(argument, path), 'the export name of Fn::ImportValue');
  if (name instanceof Failure || name === UNRESOLVED) return name;
  return unknowable(
    `it imports the export ${JSON.stringify(name)} of another stack, known only from the deployed stacks`,
  );
};

/** `Fn::GetAZs region`: the Availability Zones the account sees in a region. */
export const getAZs: Intrinsic = (argument, path, evaluator) => {
  const region = asString(evaluator.value(argument, path), 'the region of Fn::GetAZs');
  if (region instanceof Failure || region === UNRESOLVED) return region;
  return unknowable(
    `the Availability Zones of ${region === '' ? "the stack's region" : region} are known only from the account when the stack is created`,
  );
};

/** `Fn::Transform`: a macro, run by CloudFormation when the stack is created. */
export const transform: Intrinsic = () =>
  unknowable('Fn::Transform runs a macro when the stack is created; meshplane does not run macros');

/** Functions of the `AWS::LanguageExtensions` transform, which meshplane does not apply. */
export function languageExtension(name: string): Intrinsic {
  return () =>
    invalid(
      `${name} belongs to the AWS::LanguageExtensions transform, which meshplane does not apply; write the value out`,
    );
}
