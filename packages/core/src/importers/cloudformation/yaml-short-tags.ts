import type { Document, Node } from 'yaml';
import { isScalar, Pair, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';

/**
 * CloudFormation's YAML short forms of the intrinsic functions and the long form each stands for
 * ("Intrinsic function reference": `!Ref X` is `{ Ref: X }`, `!Sub s` is `{ "Fn::Sub": s }`,
 * `!Condition c` is `{ Condition: c }`).
 */
export const CLOUDFORMATION_SHORT_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
};

/**
 * Rewrites every node tagged with a CloudFormation short form (`!Ref X`, `!GetAtt A.B`, `!If [...]`)
 * into the long form it stands for, in place, before the document is converted: the one-member
 * map that replaces the node takes the node's source range, and the node keeps its own, so that
 * paths into the long form (`MeshName.Ref`, `Hostname["Fn::GetAtt"][0]`) have positions.
 * `!GetAtt A.B.C` becomes `["A", "B.C"]`: CloudFormation splits the scalar form at the first dot
 * (the logical ID cannot hold one; nested attribute names can).
 */
export function expandCloudFormationTags(doc: Document, text: string): void {
  visit(doc, {
    Node(_key, node) {
      const tag = (node as { tag?: string }).tag;
      const long = tag === undefined ? undefined : CLOUDFORMATION_SHORT_TAGS[tag];
      if (long === undefined) return undefined;
      (node as { tag?: string }).tag = undefined;
      let argument: Node = node;
      if (long === 'Fn::GetAtt' && isScalar(node) && typeof node.value === 'string') {
        argument = getAttList(node);
      } else if (isScalar(node) && node.value === null) {
        // `!GetAZs` with nothing after it is `{ "Fn::GetAZs": "" }` (the stack's own region).
        node.value = '';
      }
      const map = new YAMLMap();
      const key = new Scalar(long);
      const range = node.range ? tagRange(text, tag!, node.range) : undefined;
      if (range) key.range = range;
      map.items.push(new Pair(key, argument));
      if (range) map.range = range;
      // Visit the replacement's children (the untagged argument may hold further short forms).
      return map;
    },
  });
}

/** The node's range, starting at its tag when the tag is written just before the value. */
function tagRange(text: string, tag: string, range: [number, number, number]): [number, number, number] {
  const at = text.lastIndexOf(tag, range[0]);
  if (at === -1 || text.slice(at + tag.length, range[0]).trim() !== '') return range;
  return [at, range[1], range[2]];
}

function getAttList(node: Scalar): YAMLSeq {
  const text = String(node.value);
  const dot = text.indexOf('.');
  const parts = dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
  const seq = new YAMLSeq();
  for (const part of parts) {
    const scalar = new Scalar(part);
    if (node.range) scalar.range = node.range;
    seq.items.push(scalar);
  }
  if (node.range) seq.range = node.range;
  return seq;
}
