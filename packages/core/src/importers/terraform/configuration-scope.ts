import { didYouMean } from '../../errors/suggest-name.js';
import { APPMESH_RESOURCE_TYPES } from './appmesh-resource-types.js';
import { type BodyEvaluation, evaluateBody } from './body-values.js';
import type { Configuration, ResourceDeclaration } from './configuration.js';
import {
  applySteps,
  type EvaluationScope,
  evaluateExpression,
  type TraversalStep,
} from './evaluate-expression.js';
import type { HclAttribute, HclPosition } from './hcl-structure.js';
import { isTfObject, showTfValue, type TfValue, UnresolvedExpression } from './terraform-values.js';
import type { VariableValue } from './variable-values.js';

/** Where an expression is evaluated: a resource instance (`count.index`, `each.*`) and dynamic block iterators. */
export interface InstanceContext {
  /** The instance key: a number under `count`, a string under `for_each`. */
  key?: number | string;
  eachValue?: TfValue;
  /** Dynamic block iterators by name: `{ key, value }`. */
  iterators?: Readonly<Record<string, TfValue>>;
  /** What is being evaluated already (for cycles), when a body is evaluated for a reference. */
  stack?: readonly string[];
}

/** How a resource expands: one instance, `count` instances or one per `for_each` key. */
export type Expansion =
  | { mode: 'single' }
  | { mode: 'count'; keys: number[] }
  | { mode: 'for_each'; entries: Array<[string, TfValue]> };

/**
 * Evaluates the expressions of one configuration: `var.*` from the resolved variables,
 * `local.*`, references to resources of the configuration (an argument set in the configuration
 * is known; `id` of a mesh is its name; other computed attributes are not), `count.index`,
 * `each.key`/`each.value`. Values are remembered once settled; a cycle is an issue, not a hang.
 */
export class ConfigurationScope {
  private readonly settled = new Map<string, { value: TfValue } | { error: unknown }>();
  /** Resolves `module.<name>...` for the local modules that are followed (see module-calls.ts). */
  moduleReference?: (
    name: string,
    steps: readonly TraversalStep[],
    text: string,
    at: HclPosition,
  ) => Promise<TfValue> | undefined;

  constructor(
    readonly config: Configuration,
    readonly variables: ReadonlyMap<string, VariableValue>,
  ) {}

  /** Evaluates one attribute of the configuration in a context. */
  evaluate(
    attribute: HclAttribute,
    context: InstanceContext = {},
    stack: readonly string[] = context.stack ?? [],
  ): Promise<TfValue> {
    return evaluateExpression(
      { text: attribute.expression, at: attribute.expressionAt },
      this.scope(context, stack),
    );
  }

  /** The instances of a resource: evaluates its `count` or `for_each`. */
  async expansion(declaration: ResourceDeclaration, stack: readonly string[] = []): Promise<Expansion> {
    const address = `${declaration.type}.${declaration.name}`;
    const attributes = declaration.block.body.attributes;
    const count = attributes.find((a) => a.name === 'count');
    const forEach = attributes.find((a) => a.name === 'for_each');
    if (count) {
      const value = await this.remember(
        `${address}.count`,
        stack,
        count.expressionAt,
        count.expression,
        (inner) => this.evaluate(count, {}, inner),
      );
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new UnresolvedExpression(
          count.expression,
          `count must be a whole number of 0 or more, got ${showTfValue(value)}`,
          count.expressionAt,
        );
      }
      return { mode: 'count', keys: Array.from({ length: value }, (_, i) => i) };
    }
    if (forEach) {
      const value = await this.remember(
        `${address}.for_each`,
        stack,
        forEach.expressionAt,
        forEach.expression,
        (inner) => this.evaluate(forEach, {}, inner),
      );
      if (isTfObject(value)) {
        // Terraform orders for_each instances by key.
        return {
          mode: 'for_each',
          entries: Object.keys(value)
            .sort()
            .map((k) => [k, value[k]!]),
        };
      }
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        const keys = [...new Set(value as string[])].sort();
        return { mode: 'for_each', entries: keys.map((k) => [k, k]) };
      }
      throw new UnresolvedExpression(
        forEach.expression,
        `for_each must be a map or a set of strings, got ${showTfValue(value)}`,
        forEach.expressionAt,
      );
    }
    return { mode: 'single' };
  }

  scope(context: InstanceContext, stack: readonly string[]): EvaluationScope {
    return { reference: (root, steps, text, at) => this.reference(root, steps, text, at, context, stack) };
  }

  private async remember(
    key: string,
    stack: readonly string[],
    at: HclPosition,
    text: string,
    compute: (stack: readonly string[]) => Promise<TfValue>,
  ): Promise<TfValue> {
    if (stack.includes(key)) {
      throw new UnresolvedExpression(
        text,
        `it depends on itself: ${[...stack.slice(stack.indexOf(key)), key].join(' → ')}`,
        at,
      );
    }
    const known = this.settled.get(key);
    if (known) {
      if ('error' in known) throw known.error;
      return known.value;
    }
    try {
      const value = await compute([...stack, key]);
      this.settled.set(key, { value });
      return value;
    } catch (error) {
      this.settled.set(key, { error });
      throw error;
    }
  }

  private async reference(
    root: string,
    steps: readonly TraversalStep[],
    text: string,
    at: HclPosition,
    context: InstanceContext,
    stack: readonly string[],
  ): Promise<TfValue> {
    const fail = (reason: string, code?: 'MISSING_PARAMETER'): never => {
      throw new UnresolvedExpression(text, reason, at, code);
    };
    const [first, ...rest] = steps;
    const name = first?.kind === 'name' ? first.name : undefined;
    if (context.iterators && Object.hasOwn(context.iterators, root))
      return applySteps(context.iterators[root]!, steps, text, at);
    switch (root) {
      case 'var': {
        const value = name === undefined ? undefined : this.variables.get(name);
        if (!value)
          return fail(
            `no variable "${name ?? ''}" is declared${didYouMean(name ?? '', [...this.variables.keys()])}`,
          );
        if ('missing' in value) return fail(value.reason, 'MISSING_PARAMETER');
        return applySteps(value.value, rest, text, at);
      }
      case 'local': {
        const local = name === undefined ? undefined : this.config.locals.get(name);
        if (!local)
          return fail(
            `no local value "${name ?? ''}" is declared${didYouMean(name ?? '', [...this.config.locals.keys()])}`,
          );
        const value = await this.remember(`local.${name}`, stack, at, text, (inner) =>
          this.evaluate(local.attribute, {}, inner),
        );
        return applySteps(value, rest, text, at);
      }
      case 'count':
        if (typeof context.key !== 'number')
          return fail('count.index is only known inside a resource that sets count');
        return applySteps({ index: context.key }, steps, text, at);
      case 'each':
        if (typeof context.key !== 'string')
          return fail('each.key and each.value are only known inside a resource that sets for_each');
        return applySteps({ key: context.key, value: context.eachValue ?? null }, steps, text, at);
      case 'data':
        return fail(
          'data sources are read by Terraform from the provider at plan time; meshplane does not call AWS',
        );
      case 'module': {
        const followed = name === undefined ? undefined : this.moduleReference?.(name, rest, text, at);
        if (followed) return followed;
        return fail(
          `module "${name ?? ''}" is not followed (only modules with a local source are, by loadModelFromPath), so its outputs are not known`,
        );
      }
      case 'path':
      case 'terraform':
        return fail(`${root}.* depends on where and how Terraform runs`);
      case 'self':
        return fail('self is only available in provisioners');
    }
    const declaration = name === undefined ? undefined : this.config.resources.get(`${root}.${name}`);
    if (!declaration) {
      const known = [...this.config.resources.keys()];
      return fail(
        `no resource ${root}.${name ?? ''} is declared in the configuration${didYouMean(`${root}.${name ?? ''}`, known)}`,
      );
    }
    return this.resourceReference(declaration, rest, text, at, stack);
  }

  private async resourceReference(
    declaration: ResourceDeclaration,
    steps: readonly TraversalStep[],
    text: string,
    at: HclPosition,
    stack: readonly string[],
  ): Promise<TfValue> {
    const address = `${declaration.type}.${declaration.name}`;
    const fail = (reason: string): never => {
      throw new UnresolvedExpression(text, reason, at);
    };
    const expansion = await this.expansion(declaration, stack);
    let rest = steps;
    let context: InstanceContext = {};
    if (expansion.mode !== 'single') {
      const [index, ...after] = rest;
      if (index === undefined) {
        // The whole collection of instances: a list under count, a map under for_each.
        if (expansion.mode === 'count') {
          return Promise.all(expansion.keys.map((key) => this.instanceObject(declaration, { key }, stack)));
        }
        const instances: Record<string, TfValue> = {};
        for (const [key, value] of expansion.entries)
          instances[key] = await this.instanceObject(declaration, { key, eachValue: value }, stack);
        return instances;
      }
      if (index.kind !== 'index') {
        return fail(
          `${address} sets ${expansion.mode}: name one instance, as ${address}[${expansion.mode === 'count' ? '0' : '"key"'}]`,
        );
      }
      if (expansion.mode === 'count') {
        if (typeof index.key !== 'number' || !expansion.keys.includes(index.key))
          return fail(
            `${address} has ${expansion.keys.length} instance(s) (count): no index ${JSON.stringify(index.key)}`,
          );
        context = { key: index.key };
      } else {
        const entry = expansion.entries.find(([k]) => k === String(index.key));
        if (!entry)
          return fail(
            `${address} has no for_each key ${JSON.stringify(index.key)} (keys: ${expansion.entries.map(([k]) => k).join(', ')})`,
          );
        context = { key: entry[0], eachValue: entry[1] };
      }
      rest = after;
    }
    const [attributeStep, ...after] = rest;
    if (attributeStep === undefined) return this.instanceObject(declaration, context, stack);
    if (attributeStep.kind !== 'name')
      return fail(`${address} is one resource: ${JSON.stringify(attributeStep.key)} cannot index it`);
    return applySteps(
      await this.instanceAttribute(declaration, context, attributeStep.name, text, at, stack),
      after,
      text,
      at,
    );
  }

  /**
   * One instance as an object of its arguments that are known (an index expression such as
   * `aws_appmesh_virtual_router.genre[count.index].name` takes the instance first, then the
   * attribute). Arguments that cannot be evaluated are left out.
   */
  private async instanceObject(
    declaration: ResourceDeclaration,
    context: InstanceContext,
    stack: readonly string[],
  ): Promise<TfValue> {
    const out: Record<string, TfValue> = {};
    const names = declaration.block.body.attributes
      .map((a) => a.name)
      .filter((n) => n !== 'count' && n !== 'for_each');
    if (declaration.type === 'aws_appmesh_mesh') names.push('id');
    for (const name of names) {
      try {
        out[name] = await this.instanceAttribute(
          declaration,
          context,
          name,
          name,
          declaration.block.at,
          stack,
        );
      } catch (error) {
        if (!(error instanceof UnresolvedExpression)) throw error;
      }
    }
    return out;
  }

  private async instanceAttribute(
    declaration: ResourceDeclaration,
    context: InstanceContext,
    attributeName: string,
    text: string,
    at: HclPosition,
    stack: readonly string[],
  ): Promise<TfValue> {
    const address = `${declaration.type}.${declaration.name}`;
    const fail = (reason: string): never => {
      throw new UnresolvedExpression(text, reason, at);
    };
    const attribute = declaration.block.body.attributes.find((a) => a.name === attributeName);
    const instanceKey = `${address}${context.key === undefined ? '' : `[${JSON.stringify(context.key)}]`}.${attributeName}`;
    const appMesh = Object.hasOwn(APPMESH_RESOURCE_TYPES, declaration.type);
    let target = attribute;
    if (!target && appMesh && attributeName === 'id' && declaration.type === 'aws_appmesh_mesh') {
      // The provider sets a mesh's ID to its name (other App Mesh resources get their uid).
      target = declaration.block.body.attributes.find((a) => a.name === 'name');
    }
    const blocks = declaration.block.body.blocks.filter(
      (b) => b.type === attributeName || (b.type === 'dynamic' && b.labels[0] === attributeName),
    );
    if (!target && blocks.length > 0) {
      // A nested block reads as a list of objects (`aws_appmesh_virtual_node.n.spec[0].listener[0]`).
      return this.remember(instanceKey, stack, at, text, async (inner) => {
        const evaluation: BodyEvaluation = { positions: new Map(), unresolved: [] };
        const body = { attributes: [], blocks };
        const value = await evaluateBody(body, this, { ...context, stack: inner }, [], evaluation);
        const [first] = evaluation.unresolved;
        if (first) throw first.error;
        return value[attributeName] ?? [];
      });
    }
    if (!target) {
      return fail(
        appMesh &&
          (attributeName === 'id' ||
            attributeName === 'arn' ||
            attributeName.endsWith('_date') ||
            attributeName === 'resource_owner')
          ? `${attributeName} of ${declaration.type} is set by App Mesh when the resource is created (the ARN holds the region and account, the ID of all but a mesh its uid); refer to .name instead`
          : `${address}.${attributeName} is not set in the configuration: it is known only after apply`,
      );
    }
    return this.remember(instanceKey, stack, at, text, (inner) => this.evaluate(target, context, inner));
  }
}
