import { showValue } from '../../options/show-value.js';
import { isRecord } from '../source-document.js';

const MAX_LENGTH = 200;

/**
 * An intrinsic function as a template author writes it in YAML, for messages:
 * `!GetAtt LoadBalancer.DNSName`, `!Sub "${ProjectName}.local"`,
 * `!ImportValue !Sub "${ProjectName}:VPC"`, `!Select [0, !GetAZs ""]`. Cut at 200 characters.
 */
export function showExpression(value: unknown): string {
  const text = show(value, false);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
}

/** The YAML short forms of the intrinsic functions; every other value is core's one printer's (showValue). */
function show(value: unknown, nested: boolean): string {
  if (Array.isArray(value)) return `[${value.map((item) => show(item, true)).join(', ')}]`;
  if (!isRecord(value)) return showValue(value, MAX_LENGTH);
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0]! : undefined;
  if (only === 'Ref' || only === 'Condition') {
    const argument = value[only];
    return `!${only} ${typeof argument === 'string' ? argument : show(argument, true)}`;
  }
  if (only?.startsWith('Fn::')) {
    const argument = value[only];
    const name = only.slice(4);
    if (name === 'GetAtt' && Array.isArray(argument) && argument.every((a) => typeof a === 'string')) {
      return `!GetAtt ${argument.join('.')}`;
    }
    // A short form nested in a flow sequence needs no parentheses: `[0, !GetAZs ""]` reads as YAML.
    return `!${name} ${show(argument, true)}`;
  }
  const members = keys.map((key) => `${key}: ${show(value[key], true)}`);
  return nested || members.length > 0 ? `{ ${members.join(', ')} }` : '{}';
}
