// The syntax tree's types only: the package root's types pull in TypeScript's DOM library.
import type * as TFExpressionSyntaxTree from '@cdktf/hcl2json/lib/syntax-tree.js';

type ExpressionType = TFExpressionSyntaxTree.ExpressionType;

import { type ExpressionSource, parseExpression, positionInExpression } from './expression-ast.js';
import type { HclPosition } from './hcl-structure.js';
import { callFunction } from './terraform-functions.js';
import {
  isTfObject,
  showTfValue,
  type TfValue,
  tfTypeName,
  UnresolvedExpression,
} from './terraform-values.js';

/** One step after a reference's root: `.name` or `[key]`. */
export type TraversalStep = { kind: 'name'; name: string } | { kind: 'index'; key: string | number };

/**
 * What names mean where an expression is evaluated: `var.x`, `local.y`, `count.index`,
 * `each.key`, `aws_appmesh_mesh.this.name`, a dynamic block's iterator… Throws
 * {@link UnresolvedExpression} for what cannot be known statically.
 */
export interface EvaluationScope {
  reference(root: string, steps: readonly TraversalStep[], text: string, at: HclPosition): Promise<TfValue>;
}

/**
 * Evaluates a Terraform expression statically: literals, templates (with `%{if}` directives),
 * tuples, objects, references through `scope`, index and attribute access, the operators,
 * conditionals and the functions of terraform-functions.ts. Everything else (`for`
 * expressions, splats) throws {@link UnresolvedExpression} naming the exact text.
 */
export async function evaluateExpression(source: ExpressionSource, scope: EvaluationScope): Promise<TfValue> {
  const ast = await parseExpression(source);
  return new Evaluator(source, scope).value(ast, false);
}

class Evaluator {
  constructor(
    private readonly source: ExpressionSource,
    private readonly scope: EvaluationScope,
  ) {}

  private at(node: ExpressionType): HclPosition {
    return positionInExpression(this.source, node.range?.start?.byte ?? 0);
  }

  private text(node: ExpressionType): string {
    const value = (node.meta as { value?: unknown } | undefined)?.value;
    return typeof value === 'string' && value !== '' ? value : this.source.text;
  }

  private fail(node: ExpressionType, reason: string): never {
    throw new UnresolvedExpression(this.text(node), reason, this.at(node));
  }

  async value(node: ExpressionType, heredoc: boolean): Promise<TfValue> {
    switch (node.type) {
      case 'literalValue':
        return literal(node.meta.type, node.meta.value);
      case 'template':
        return this.template(node, heredoc || node.meta.value.startsWith('<<'));
      case 'templateWrap':
        return this.value(node.children[0]!, heredoc);
      case 'tuple':
        return Promise.all(node.children.map((child) => this.value(child, heredoc)));
      case 'object':
        return this.object(node);
      case 'scopeTraversal': {
        const [root, ...rest] = node.meta.traversal;
        const steps = rest.map((part) => traversalStep(part.type, part.segment));
        return this.scope.reference(root!.segment, steps, node.meta.value, this.at(node));
      }
      case 'relativeTraversal': {
        const from = await this.value(node.children[0]!, heredoc);
        const steps = node.meta.traversal.map((part) => traversalStep(part.type, part.segment));
        return applySteps(from, steps, node.meta.value, this.at(node));
      }
      case 'index': {
        const [collection, key] = await Promise.all(node.children.map((child) => this.value(child, heredoc)));
        if (typeof key !== 'string' && typeof key !== 'number') {
          this.fail(node, `an index must be a string or a number, got ${showTfValue(key ?? null)}`);
        }
        return applySteps(collection ?? null, [{ kind: 'index', key }], node.meta.value, this.at(node));
      }
      case 'function': {
        const args = await Promise.all(node.children.map((child) => this.value(child, heredoc)));
        if (node.meta.expandedFinalArgument) {
          const last = args.pop();
          if (!Array.isArray(last)) this.fail(node, 'the argument expanded with ... must be a list');
          args.push(...last);
        }
        return callFunction(node.meta.name, args, node.meta.value, this.at(node));
      }
      case 'conditional': {
        const condition = await this.value(node.children[0]!, heredoc);
        if (typeof condition !== 'boolean') {
          this.fail(node, `the condition must be a bool, got ${showTfValue(condition)}`);
        }
        return this.value(node.children[condition ? 1 : 2]!, heredoc);
      }
      case 'unaryOp':
        return this.unary(node.meta.operator, await this.value(node.children[0]!, heredoc), node);
      case 'binaryOp': {
        const [left, right] = await Promise.all(node.children.map((child) => this.value(child, heredoc)));
        return this.binary(node.meta.operator, left ?? null, right ?? null, node);
      }
      case 'for':
        return this.forExpression(node);
      default: {
        const type = (node as { type: string }).type;
        // `(expr)`: hcl2json has no name for HCL's ParenthesesExpr and gives it type "" and the
        // grouped expression as its one child; grouping changes only precedence, which the tree
        // already holds, so the value is the child's.
        const children = (node as { children?: ExpressionType[] }).children;
        if (type === '' && children?.length === 1) return this.value(children[0]!, heredoc);
        return this.fail(
          node,
          `${type === 'for' ? 'for expressions' : type === 'splat' ? 'splat expressions ([*])' : `expressions of this form (${type || 'unknown'})`} are not evaluated by meshplane`,
        );
      }
    }
  }

  /**
   * `[for v in coll : expr if cond]` and `{for k, v in coll : key => value}`: the value, key and
   * condition are re-parsed from their text (the tree does not say which child is which) and
   * evaluated with the loop variables bound. Grouping (`...`) is not evaluated.
   */
  private async forExpression(node: Extract<ExpressionType, { type: 'for' }>): Promise<TfValue> {
    const meta = node.meta;
    if (meta.groupedValue) this.fail(node, 'grouping for expressions (...) are not evaluated by meshplane');
    const collection = await this.value(node.children[0]!, false);
    const entries: Array<[TfValue, TfValue]> = Array.isArray(collection)
      ? collection.map((item, index) => [index, item])
      : isTfObject(collection)
        ? Object.keys(collection)
            .sort()
            .map((key) => [key, collection[key]!])
        : this.fail(node, `a for expression needs a list, set or map, got ${showTfValue(collection)}`);
    const at = this.at(node);
    const sub = (text: string, scope: EvaluationScope) => evaluateExpression({ text, at }, scope);
    const object = meta.openRangeValue === '{';
    const list: TfValue[] = [];
    const map: Record<string, TfValue> = {};
    for (const [key, item] of entries) {
      const bound: Record<string, TfValue> = {
        [meta.valVar]: item,
        ...(meta.keyVar ? { [meta.keyVar]: key } : {}),
      };
      const scope: EvaluationScope = {
        reference: (root, steps, text, where) =>
          Object.hasOwn(bound, root)
            ? Promise.resolve(applySteps(bound[root]!, steps, text, where))
            : this.scope.reference(root, steps, text, where),
      };
      if (meta.conditionalExpression) {
        const keep = await sub(meta.conditionalExpression, scope);
        if (typeof keep !== 'boolean')
          this.fail(node, `the if clause must be a bool, got ${showTfValue(keep)}`);
        if (!keep) continue;
      }
      const value = await sub(meta.valueExpression, scope);
      if (!object) {
        list.push(value);
        continue;
      }
      const mapKey = await sub(meta.keyExpression, scope);
      if (typeof mapKey !== 'string' && typeof mapKey !== 'number')
        this.fail(node, `a key must be a string, got ${showTfValue(mapKey)}`);
      if (Object.hasOwn(map, String(mapKey)))
        this.fail(node, `the key "${mapKey}" is produced twice (Terraform: duplicate object key)`);
      map[String(mapKey)] = value;
    }
    return object ? map : list;
  }

  private async template(node: ExpressionType, heredoc: boolean): Promise<TfValue> {
    let out = '';
    for (const child of node.children) {
      if (child.type === 'literalValue' && child.meta.type === 'string') {
        out += heredoc ? decodeHeredocLiteral(child.meta.value) : decodeQuotedLiteral(child.meta.value);
        continue;
      }
      const part = await this.value(child, heredoc);
      if (part === null || typeof part === 'object') {
        this.fail(child, `a template can only insert a string, number or bool, got ${showTfValue(part)}`);
      }
      out += String(part);
    }
    return out;
  }

  private async object(node: ExpressionType): Promise<TfValue> {
    const out: Record<string, TfValue> = {};
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const keyNode = node.children[i]!;
      let key: TfValue;
      if (keyNode.children.length === 0) {
        // A bare identifier key is the name itself ({ team = "dj" }), not a reference.
        key = sliceBytes(this.source.text, keyNode.range.start.byte, keyNode.range.end.byte);
      } else {
        key = await this.value(keyNode.children[0]!, false);
      }
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
        this.fail(keyNode, `an object key must be a string, got ${showTfValue(key)}`);
      }
      out[String(key)] = await this.value(node.children[i + 1]!, false);
    }
    return out;
  }

  private unary(operator: string, value: TfValue, node: ExpressionType): TfValue {
    if (operator === 'negate' && typeof value === 'number') return -value;
    if (operator === 'logicalNot' && typeof value === 'boolean') return !value;
    return this.fail(node, `cannot apply ${operator === 'negate' ? '-' : '!'} to ${showTfValue(value)}`);
  }

  private binary(operator: string, left: TfValue, right: TfValue, node: ExpressionType): TfValue {
    if (operator === 'equal') return sameValue(left, right);
    if (operator === 'notEqual') return !sameValue(left, right);
    if (operator === 'logicalAnd' || operator === 'logicalOr') {
      if (typeof left !== 'boolean' || typeof right !== 'boolean') {
        this.fail(
          node,
          `${operator === 'logicalAnd' ? '&&' : '||'} needs two bools, got ${tfTypeName(left)} and ${tfTypeName(right)}`,
        );
      }
      return operator === 'logicalAnd' ? left && right : left || right;
    }
    const a = toNumber(left);
    const b = toNumber(right);
    if (a === undefined || b === undefined) {
      return this.fail(
        node,
        `arithmetic and comparison need numbers, got ${showTfValue(left)} and ${showTfValue(right)}`,
      );
    }
    switch (operator) {
      case 'add':
        return a + b;
      case 'subtract':
        return a - b;
      case 'multiply':
        return a * b;
      case 'divide':
        if (b === 0) this.fail(node, 'division by zero');
        return a / b;
      case 'modulo':
        if (b === 0) this.fail(node, 'modulo by zero');
        return a % b;
      case 'lessThan':
        return a < b;
      case 'lessThanOrEqual':
        return a <= b;
      case 'greaterThan':
        return a > b;
      case 'greaterThanOrEqual':
        return a >= b;
      default:
        return this.fail(node, `the operator ${operator} is not evaluated by meshplane`);
    }
  }
}

/** Terraform converts a numeric string to a number where a number is wanted. */
function toNumber(value: TfValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function sameValue(a: TfValue, b: TfValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function literal(type: string, raw: string): TfValue {
  if (type === 'number') return Number(raw);
  if (type === 'bool') return raw === 'true';
  if (raw === 'null') return null;
  return raw;
}

function traversalStep(type: string, segment: string): TraversalStep {
  if (type !== 'indexTraversal') return { kind: 'name', name: segment };
  if (/^-?\d+$/.test(segment)) return { kind: 'index', key: Number(segment) };
  const quoted = /^"(.*)"$/s.exec(segment);
  return { kind: 'index', key: quoted ? decodeQuotedLiteral(quoted[1]!) : segment };
}

/** Follows `.name` and `[key]` steps into a known value. */
export function applySteps(
  value: TfValue,
  steps: readonly TraversalStep[],
  text: string,
  at: HclPosition,
): TfValue {
  let current = value;
  for (const step of steps) {
    if (step.kind === 'index' && Array.isArray(current)) {
      const index = typeof step.key === 'number' ? step.key : Number(step.key);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) {
        throw new UnresolvedExpression(
          text,
          `index ${JSON.stringify(step.key)} is out of range: the list has ${current.length} element(s)`,
          at,
        );
      }
      current = current[index]!;
      continue;
    }
    const key = step.kind === 'name' ? step.name : String(step.key);
    if (!isTfObject(current) || !(key in current)) {
      throw new UnresolvedExpression(
        text,
        isTfObject(current)
          ? `${showTfValue(current)} has no ${step.kind === 'name' ? 'attribute' : 'key'} "${key}"`
          : `cannot take ${step.kind === 'name' ? `.${key}` : `[${JSON.stringify(step.key)}]`} of ${showTfValue(current)}`,
        at,
      );
    }
    current = current[key]!;
  }
  return current;
}

/** The escapes of a quoted HCL string: \n \r \t \" \\ \uNNNN \UNNNNNNNN, and $${ / %%{ for literal ${ / %{. */
export function decodeQuotedLiteral(raw: string): string {
  return raw.replace(
    /\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|([$%])\2\{/gs,
    (whole, escaped: string | undefined, mark: string | undefined) => {
      if (mark) return `${mark}{`;
      if (escaped === undefined) return whole;
      if (escaped[0] === 'u' || escaped[0] === 'U')
        return String.fromCodePoint(Number.parseInt(escaped.slice(1), 16));
      return { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }[escaped] ?? whole;
    },
  );
}

/** Heredocs take no backslash escapes, only $${ and %%{. */
function decodeHeredocLiteral(raw: string): string {
  return raw.replace(/([$%])\1\{/g, '$1{');
}

function sliceBytes(text: string, start: number, end: number): string {
  return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
}
