import type { PathSegment } from '../json-with-positions.js';
import type { ConfigurationScope, InstanceContext } from './configuration-scope.js';
import type { HclBlock, HclBody, HclPosition } from './hcl-structure.js';
import { terraformPath } from './terraform-issue.js';
import {
  isTfObject,
  showTfValue,
  type TfObject,
  type TfValue,
  UnresolvedExpression,
} from './terraform-values.js';

/** Where values of a body are, by Terraform path, and what could not be evaluated. */
export interface BodyEvaluation {
  positions: Map<string, HclPosition>;
  unresolved: Array<{ error: UnresolvedExpression; path: PathSegment[] }>;
}

/**
 * Evaluates a resource body into the provider's value shape: arguments by name, nested blocks as
 * lists of objects (`spec[0].listener[1]`), `dynamic "name"` blocks expanded over their
 * `for_each`. Arguments in `skip` (meta-arguments) are left out; an argument that cannot be
 * evaluated is left out and listed in `unresolved`.
 */
export async function evaluateBody(
  body: HclBody,
  scope: ConfigurationScope,
  context: InstanceContext,
  path: PathSegment[],
  out: BodyEvaluation,
  skip: ReadonlySet<string> = new Set(),
): Promise<TfObject> {
  const value: TfObject = {};
  for (const attribute of body.attributes) {
    if (skip.has(attribute.name)) continue;
    const at = [...path, attribute.name];
    out.positions.set(terraformPath('', at), attribute.at);
    try {
      value[attribute.name] = await scope.evaluate(attribute, context);
    } catch (error) {
      if (!(error instanceof UnresolvedExpression)) throw error;
      out.unresolved.push({ error, path: at });
    }
  }
  for (const block of body.blocks) {
    if (skip.has(block.type)) continue;
    if (block.type === 'dynamic') {
      await expandDynamic(block, value, scope, context, path, out);
      continue;
    }
    if (!Array.isArray(value[block.type])) value[block.type] = [];
    const list = value[block.type] as TfValue[];
    const at = [...path, block.type, list.length];
    out.positions.set(terraformPath('', at), block.at);
    // The first block of a name also stands for the whole list (an unknown block name is reported there).
    if (!out.positions.has(terraformPath('', [...path, block.type])))
      out.positions.set(terraformPath('', [...path, block.type]), block.at);
    list.push(await evaluateBody(block.body, scope, context, at, out));
  }
  return value;
}

/** `dynamic "listener" { for_each = …  iterator = l  content { … } }`: one `listener` block per element. */
async function expandDynamic(
  block: HclBlock,
  value: TfObject,
  scope: ConfigurationScope,
  context: InstanceContext,
  path: PathSegment[],
  out: BodyEvaluation,
): Promise<void> {
  const name = block.labels[0] ?? '';
  const forEach = block.body.attributes.find((a) => a.name === 'for_each');
  const iteratorAttribute = block.body.attributes.find((a) => a.name === 'iterator');
  const content = block.body.blocks.find((b) => b.type === 'content');
  const here = [...path, name];
  if (!forEach || !content) {
    out.unresolved.push({
      error: new UnresolvedExpression(
        `dynamic "${name}"`,
        'a dynamic block needs for_each and a content block',
        block.at,
      ),
      path: here,
    });
    return;
  }
  let collection: TfValue;
  try {
    collection = await scope.evaluate(forEach, context);
  } catch (error) {
    if (!(error instanceof UnresolvedExpression)) throw error;
    out.unresolved.push({ error, path: here });
    return;
  }
  const entries: Array<[TfValue, TfValue]> = Array.isArray(collection)
    ? collection.map((item, index) => [index, item])
    : isTfObject(collection)
      ? Object.keys(collection)
          .sort()
          .map((key) => [key, collection[key]!])
      : [];
  if (!Array.isArray(collection) && !isTfObject(collection)) {
    out.unresolved.push({
      error: new UnresolvedExpression(
        forEach.expression,
        `for_each of a dynamic block must be a list, set or map, got ${showTfValue(collection)}`,
        forEach.expressionAt,
      ),
      path: here,
    });
    return;
  }
  // The iterator is named after the block unless `iterator = name` says otherwise.
  const iterator = iteratorAttribute?.expression.trim() || name;
  if (!Array.isArray(value[name])) value[name] = [];
  const list = value[name] as TfValue[];
  for (const [key, item] of entries) {
    const at = [...path, name, list.length];
    out.positions.set(terraformPath('', at), content.at);
    if (!out.positions.has(terraformPath('', [...path, name])))
      out.positions.set(terraformPath('', [...path, name]), block.at);
    const inner: InstanceContext = {
      ...context,
      iterators: { ...context.iterators, [iterator]: { key, value: item } },
    };
    list.push(await evaluateBody(content.body, scope, inner, at, out));
  }
}
