// The syntax tree's types only: the package root's types pull in TypeScript's DOM library.
import type * as TFExpressionSyntaxTree from '@cdktf/hcl2json/lib/syntax-tree.js';
import { isTfObject, showTfValue, type TfValue, tfTypeName } from './terraform-values.js';

type ExpressionType = TFExpressionSyntaxTree.ExpressionType;

/** A variable's type constraint (developer.hashicorp.com/terraform/language/expressions/type-constraints). */
export type TypeConstraint =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | {
      kind: 'object';
      attributes: Record<string, { type: TypeConstraint; optional: boolean; default?: TfValue }>;
    }
  | { kind: 'tuple'; elements: TypeConstraint[] };

/** `list(string)` and so on, for messages. */
export function showType(type: TypeConstraint): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${showType(type.element)})`;
    case 'object':
      return `object({ ${Object.entries(type.attributes)
        .map(([k, a]) => `${k} = ${a.optional ? `optional(${showType(a.type)})` : showType(a.type)}`)
        .join(', ')} })`;
    case 'tuple':
      return `tuple([${type.elements.map(showType).join(', ')}])`;
    default:
      return type.kind;
  }
}

/** Reads a type constraint from the syntax tree of a variable's `type`; a string says what is wrong. */
export function readTypeConstraint(
  node: ExpressionType,
  text: (node: ExpressionType) => string,
): TypeConstraint | string {
  if (node.type === 'scopeTraversal' && node.meta.traversal.length === 1) {
    const name = node.meta.traversal[0]!.segment;
    if (name === 'string' || name === 'number' || name === 'bool' || name === 'any') return { kind: name };
    return `unknown type "${name}"`;
  }
  if (node.type !== 'function') return `not a type constraint: ${node.meta.value}`;
  const name = node.meta.name;
  const [first] = node.children;
  if ((name === 'list' || name === 'set' || name === 'map') && first && node.children.length === 1) {
    const element = readTypeConstraint(first, text);
    return typeof element === 'string' ? element : { kind: name, element };
  }
  if (name === 'tuple' && first?.type === 'tuple') {
    const elements: TypeConstraint[] = [];
    for (const child of first.children) {
      const element = readTypeConstraint(child, text);
      if (typeof element === 'string') return element;
      elements.push(element);
    }
    return { kind: 'tuple', elements };
  }
  if (name === 'object' && first?.type === 'object') {
    const attributes: Record<string, { type: TypeConstraint; optional: boolean }> = {};
    for (let i = 0; i + 1 < first.children.length; i += 2) {
      const key = text(first.children[i]!);
      let valueNode = first.children[i + 1]!;
      const optional = valueNode.type === 'function' && valueNode.meta.name === 'optional';
      if (optional) valueNode = valueNode.children[0]!;
      const type = readTypeConstraint(valueNode, text);
      if (typeof type === 'string') return type;
      attributes[key.replace(/^"|"$/g, '')] = { type, optional };
    }
    return { kind: 'object', attributes };
  }
  return `not a type constraint: ${node.meta.value}`;
}

/**
 * Converts a value to a type as Terraform does for variables: numbers and bools to strings and
 * back when the text allows it, lists to sets, maps to objects. A string says why it cannot.
 */
export function convertToType(
  value: TfValue,
  type: TypeConstraint,
): { value: TfValue } | { problem: string } {
  if (value === null || type.kind === 'any') return { value };
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      break;
    case 'number':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim()))
        return { value: Number(value) };
      break;
    case 'bool':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      break;
    case 'list':
    case 'set':
      if (Array.isArray(value)) return convertAll(value, () => type.element);
      break;
    case 'tuple':
      if (Array.isArray(value) && value.length === type.elements.length)
        return convertAll(value, (i) => type.elements[i]!);
      break;
    case 'map':
      if (isTfObject(value)) return convertEntries(value, () => type.element);
      break;
    case 'object':
      if (isTfObject(value)) return convertObject(value, type);
      break;
  }
  return { problem: `${showTfValue(value)} (a ${tfTypeName(value)}) is not a ${showType(type)}` };
}

function convertAll(
  values: TfValue[],
  typeAt: (index: number) => TypeConstraint,
): { value: TfValue } | { problem: string } {
  const out: TfValue[] = [];
  for (const [index, item] of values.entries()) {
    const converted = convertToType(item, typeAt(index));
    if ('problem' in converted) return { problem: `element ${index}: ${converted.problem}` };
    out.push(converted.value);
  }
  return { value: out };
}

function convertEntries(
  value: Record<string, TfValue>,
  typeOf: (key: string) => TypeConstraint,
): { value: TfValue } | { problem: string } {
  const out: Record<string, TfValue> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = convertToType(item, typeOf(key));
    if ('problem' in converted) return { problem: `key "${key}": ${converted.problem}` };
    out[key] = converted.value;
  }
  return { value: out };
}

function convertObject(
  value: Record<string, TfValue>,
  type: Extract<TypeConstraint, { kind: 'object' }>,
): { value: TfValue } | { problem: string } {
  const out: Record<string, TfValue> = {};
  for (const [key, attribute] of Object.entries(type.attributes)) {
    if (!(key in value)) {
      if (!attribute.optional) return { problem: `attribute "${key}" is required by ${showType(type)}` };
      out[key] = null;
      continue;
    }
    const converted = convertToType(value[key]!, attribute.type);
    if ('problem' in converted) return { problem: `attribute "${key}": ${converted.problem}` };
    out[key] = converted.value;
  }
  // Terraform drops attributes the object type does not declare.
  return { value: out };
}
