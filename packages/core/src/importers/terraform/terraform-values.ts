import type { ImportCode } from '../../errors/issue-codes.js';
import type { HclPosition } from './hcl-structure.js';

/** A value of the Terraform language, once known: string, number, bool, null, list/tuple/set, map/object. */
export type TfValue = string | number | boolean | null | TfValue[] | TfObject;

/** A Terraform map or object. */
export interface TfObject {
  [key: string]: TfValue;
}

/** True for a Terraform map or object (not a list, not null). */
export function isTfObject(value: TfValue | undefined): value is TfObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Terraform type name of a value, for messages: `string`, `number`, `bool`, `null`, `list`, `object`. */
export function tfTypeName(value: TfValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** A value as Terraform would print it in a message: `"dj"`, `9080`, `["a", "b"]`, `{ k = "v" }`. */
export function showTfValue(value: TfValue): string {
  let text: string;
  if (Array.isArray(value)) text = `[${value.map(showTfValue).join(', ')}]`;
  else if (isTfObject(value)) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k)} = ${showTfValue(v)}`,
    );
    text = entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  } else text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Thrown while evaluating an expression that cannot be known statically (or is wrong): the
 * importer turns it into an issue naming `expression` at `at`.
 */
export class UnresolvedExpression extends Error {
  constructor(
    /** The exact source text of the (sub-)expression at fault. */
    readonly expression: string,
    /** Why, as a sentence fragment: `data sources are read only at plan time`. */
    readonly reason: string,
    readonly at: HclPosition,
    readonly code: ImportCode = 'UNRESOLVED_EXPRESSION',
  ) {
    super(`${expression}: ${reason}`);
    this.name = 'UnresolvedExpression';
  }
}
