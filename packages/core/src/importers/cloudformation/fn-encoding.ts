import { describeValue } from '../source-document.js';
import { cidrSubnets } from './cidr-subnets.js';
import type { Intrinsic } from './intrinsic.js';
import { argumentList, asString, Failure, invalid, UNRESOLVED } from './intrinsic.js';

/** `Fn::Base64 string`: the Base64 encoding of the UTF-8 text. */
export const base64: Intrinsic = (argument, path, evaluator) => {
  const text = asString(evaluator.value(argument, path), 'the argument of Fn::Base64');
  if (text instanceof Failure || text === UNRESOLVED) return text;
  return Buffer.from(text, 'utf8').toString('base64');
};

/** `Fn::Cidr [ipBlock, count, cidrBits]`: `count` subnets of `cidrBits` host bits in the block. */
export const cidr: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 3, 'Fn::Cidr takes [ipBlock, count, cidrBits]');
  if (args instanceof Failure) return args;
  const [block, count, bits] = args.map((item, index) =>
    asString(evaluator.value(item, [...path, index]), ['the ipBlock', 'the count', 'the cidrBits'][index]!),
  );
  for (const part of [block, count, bits]) if (part instanceof Failure) return part;
  if (block === UNRESOLVED || count === UNRESOLVED || bits === UNRESOLVED) return UNRESOLVED;
  if (!/^\d+$/.test(count as string) || Number(count) < 1 || Number(count) > 256) {
    return invalid(`the count of Fn::Cidr is a whole number from 1 to 256, got ${describeValue(count)}`);
  }
  if (!/^\d+$/.test(bits as string)) {
    return invalid(`the cidrBits of Fn::Cidr is a whole number, got ${describeValue(bits)}`);
  }
  const subnets = cidrSubnets(block as string, Number(count), Number(bits));
  return typeof subnets === 'string' ? invalid(subnets) : subnets;
};
