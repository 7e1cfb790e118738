import { and, equals, fnIf, not, or } from './fn-conditions.js';
import { getAZs, importValue, languageExtension, transform } from './fn-deployment-time.js';
import { base64, cidr } from './fn-encoding.js';
import { findInMap } from './fn-find-in-map.js';
import { getAtt } from './fn-get-att.js';
import { join, select, split } from './fn-lists.js';
import { ref } from './fn-ref.js';
import { sub } from './fn-sub.js';
import type { Intrinsic } from './intrinsic.js';

/** Every intrinsic function of the CloudFormation Intrinsic function reference, by long name. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<string, Intrinsic>> = {
  Ref: ref,
  'Fn::Base64': base64,
  'Fn::Cidr': cidr,
  'Fn::FindInMap': findInMap,
  'Fn::GetAtt': getAtt,
  'Fn::GetAZs': getAZs,
  'Fn::ImportValue': importValue,
  'Fn::Join': join,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::Sub': sub,
  'Fn::Transform': transform,
  'Fn::If': fnIf,
  'Fn::Equals': equals,
  'Fn::Not': not,
  'Fn::And': and,
  'Fn::Or': or,
  'Fn::Length': languageExtension('Fn::Length'),
  'Fn::ToJsonString': languageExtension('Fn::ToJsonString'),
  'Fn::ForEach': languageExtension('Fn::ForEach'),
};

export const KNOWN_FUNCTION_NAMES: readonly string[] = Object.keys(INTRINSIC_FUNCTIONS);
