import { didYouMean } from '../../errors/suggest-name.js';
import type { ValidationIssue } from '../../errors/validation-issue.js';
import type { Configuration, TerraformFile } from './configuration.js';
import type { EvaluationScope } from './evaluate-expression.js';
import { applySteps, evaluateExpression } from './evaluate-expression.js';
import { parseExpression } from './expression-ast.js';
import type { HclAttribute, HclBlock, HclPosition } from './hcl-structure.js';
import { terraformIssue, unresolvedIssue } from './terraform-issue.js';
import { showTfValue, type TfValue, UnresolvedExpression } from './terraform-values.js';
import { convertToType, readTypeConstraint, showType, type TypeConstraint } from './variable-types.js';

/** A variable's value, or why it has none (already reported). */
export type VariableValue = { value: TfValue } | { missing: true; reason: string };

/** Variable defaults, `.tfvars` values and `-var` values may not refer to anything. */
const NO_REFERENCES: EvaluationScope = {
  reference(_root, _steps, text, at) {
    throw new UnresolvedExpression(
      text,
      'a variable value cannot refer to other values (Terraform: "Variables not allowed")',
      at,
    );
  },
};

interface Declared {
  name: string;
  block: HclBlock;
  file: string;
  type: TypeConstraint;
  /** `sensitive = true`: its values are never shown in messages, as Terraform hides them. */
  sensitive: boolean;
}

/** The problem of a value, without the value when the variable is sensitive. */
function shownProblem(target: Declared, problem: string, type: TypeConstraint): string {
  return target.sensitive ? `(sensitive value) is not a ${showType(type)}` : problem;
}

/**
 * The value of every declared variable, with Terraform's precedence (developer.hashicorp.com/
 * terraform/language/values/variables#variable-definition-precedence), later wins: the
 * `default`, then `terraform.tfvars`, then `*.auto.tfvars` in name order, then other `.tfvars`
 * files given explicitly (as `-var-file`), then `given` (as `-var`). Environment variables
 * (`TF_VAR_*`) are not read. Values are converted to the declared type.
 */
export async function resolveVariables(
  config: Configuration,
  tfvars: readonly TerraformFile[],
  given: Readonly<Record<string, string>> | undefined,
  issues: ValidationIssue[],
  /** The arguments of a `module` block, already evaluated in the calling module. */
  inputs: ReadonlyMap<string, { value: TfValue; file: string; at: HclPosition }> = new Map(),
  /** How a value is given, for the message of a variable without one. */
  howToSet: (name: string) => string = (name) => `set it with --var ${name}=VALUE or in terraform.tfvars`,
): Promise<Map<string, VariableValue>> {
  const declared = new Map<string, Declared>();
  const values = new Map<string, VariableValue>();
  const invalidGiven = new Set<string>();
  for (const [name, { block, file }] of config.variables) {
    const type = await declaredType(name, block, file, issues);
    const sensitive = block.body.attributes.some(
      (a) => a.name === 'sensitive' && a.expression.trim() === 'true',
    );
    declared.set(name, { name, block, file, type, sensitive });
    const defaultAttribute = block.body.attributes.find((a) => a.name === 'default');
    if (defaultAttribute) {
      const value = await variableValue(declared.get(name)!, defaultAttribute, file, issues, 'default');
      if (value !== undefined) values.set(name, { value });
    }
  }
  for (const { file, body } of tfvars) {
    for (const attribute of body.attributes) {
      const target = declared.get(attribute.name);
      if (!target) {
        // Terraform warns (not fails) for a .tfvars value of an undeclared variable.
        issues.push(
          terraformIssue(
            'UNKNOWN_PARAMETER',
            'warning',
            `var.${attribute.name}`,
            `${file} sets "${attribute.name}", which no variable block declares${didYouMean(attribute.name, [...declared.keys()])}; the value is ignored`,
            file,
            attribute.at,
          ),
        );
        continue;
      }
      const value = await variableValue(target, attribute, file, issues, file);
      if (value !== undefined) values.set(attribute.name, { value });
    }
  }
  for (const [name, input] of inputs) {
    const target = declared.get(name);
    if (!target) continue; // the caller reports module arguments that are no variable
    const converted = convertToType(input.value, target.type);
    if ('value' in converted) values.set(name, { value: converted.value });
    else {
      invalidGiven.add(name);
      issues.push(
        terraformIssue(
          'INVALID_PARAMETER',
          'error',
          `var.${name}`,
          `variable "${name}" is declared as ${showType(target.type)}: the module argument ${shownProblem(target, converted.problem, target.type)}`,
          input.file,
          input.at,
        ),
      );
    }
  }
  for (const [name, raw] of Object.entries(given ?? {})) {
    const target = declared.get(name);
    if (!target) {
      issues.push({
        code: 'UNKNOWN_PARAMETER',
        path: `var.${name}`,
        message: `a value is given for variable "${name}", which the configuration does not declare${didYouMean(name, [...declared.keys()])}${declared.size > 0 ? `; declared: ${[...declared.keys()].join(', ')}` : '; it declares no variable'}`,
        severity: 'error',
      });
      continue;
    }
    const value = await givenValue(target, raw, issues);
    if (value !== undefined) values.set(name, { value });
    else invalidGiven.add(name);
  }
  for (const target of declared.values()) {
    const known = values.get(target.name);
    if (known && 'value' in known) await checkValidations(target, known.value, issues);
  }
  // A variable without value is an issue where an App Mesh resource needs it (the reference says
  // so): Terraform asks for every variable, but meshplane reads only the App Mesh resources, and a
  // `public_key` of an EC2 key pair should not have to be invented to validate a mesh.
  for (const { name, block, file } of declared.values()) {
    if (values.has(name)) continue;
    const invalid = invalidGiven.has(name);
    values.set(name, {
      missing: true,
      reason: invalid
        ? `the value given for variable "${name}" is not valid (see the INVALID_PARAMETER issue) and it has no default`
        : `variable "${name}" (${file}:${block.at.line}:${block.at.column}) has no default and no value is given: ${howToSet(name)}`,
    });
  }
  return values;
}

async function declaredType(
  name: string,
  block: HclBlock,
  file: string,
  issues: ValidationIssue[],
): Promise<TypeConstraint> {
  const attribute = block.body.attributes.find((a) => a.name === 'type');
  if (!attribute) return { kind: 'any' };
  const source = { text: attribute.expression, at: attribute.expressionAt };
  try {
    const ast = await parseExpression(source);
    const type = readTypeConstraint(ast, (node) =>
      Buffer.from(source.text).subarray(node.range.start.byte, node.range.end.byte).toString(),
    );
    if (typeof type !== 'string') return type;
    issues.push(
      terraformIssue(
        'INVALID_TYPE',
        'error',
        `var.${name}.type`,
        `variable "${name}": ${type}`,
        file,
        attribute.expressionAt,
      ),
    );
  } catch (error) {
    if (!(error instanceof UnresolvedExpression)) throw error;
    issues.push(unresolvedIssue(error, `var.${name}.type`, file));
  }
  return { kind: 'any' };
}

async function variableValue(
  target: Declared,
  attribute: HclAttribute,
  file: string,
  issues: ValidationIssue[],
  from: string,
): Promise<TfValue | undefined> {
  try {
    const raw = await evaluateExpression(
      { text: attribute.expression, at: attribute.expressionAt },
      NO_REFERENCES,
    );
    const converted = convertToType(raw, target.type);
    if ('value' in converted) return converted.value;
    issues.push(
      terraformIssue(
        'INVALID_PARAMETER',
        'error',
        `var.${target.name}`,
        `variable "${target.name}" is declared as ${showType(target.type)}: ${from === 'default' ? 'its default' : `the value in ${from}`} ${shownProblem(target, converted.problem, target.type)}`,
        file,
        attribute.expressionAt,
      ),
    );
  } catch (error) {
    if (!(error instanceof UnresolvedExpression)) throw error;
    issues.push(unresolvedIssue(error, `var.${target.name}`, file));
  }
  return undefined;
}

/** A `-var` value: a string for primitive types, else HCL syntax (as Terraform reads `-var 'l=["a"]'`). */
async function givenValue(
  target: Declared,
  raw: string,
  issues: ValidationIssue[],
): Promise<TfValue | undefined> {
  let value: TfValue = raw;
  const complex =
    target.type.kind !== 'string' &&
    target.type.kind !== 'number' &&
    target.type.kind !== 'bool' &&
    target.type.kind !== 'any';
  if (complex) {
    try {
      value = await evaluateExpression({ text: raw, at: target.block.at }, NO_REFERENCES);
    } catch (error) {
      if (!(error instanceof UnresolvedExpression)) throw error;
      issues.push(
        terraformIssue(
          'INVALID_PARAMETER',
          'error',
          `var.${target.name}`,
          `the value given for variable "${target.name}" (${showType(target.type)}) is not valid HCL: ${error.reason}`,
          target.file,
          target.block.at,
        ),
      );
      return undefined;
    }
  }
  const converted = convertToType(value, target.type);
  if ('value' in converted) return converted.value;
  issues.push(
    terraformIssue(
      'INVALID_PARAMETER',
      'error',
      `var.${target.name}`,
      `variable "${target.name}" is declared as ${showType(target.type)}: the given value ${shownProblem(target, converted.problem, target.type)}`,
      target.file,
      target.block.at,
    ),
  );
  return undefined;
}

/**
 * The variable's `validation` blocks, as Terraform checks them: a `condition` that is false is an
 * INVALID_PARAMETER error with the block's `error_message`. A condition meshplane cannot evaluate
 * (a function it does not know, such as `can(regex(...))`) is not checked.
 */
async function checkValidations(target: Declared, value: TfValue, issues: ValidationIssue[]): Promise<void> {
  const scope: EvaluationScope = {
    reference(root, steps, text, at) {
      const [first, ...rest] = steps;
      if (root === 'var' && first?.kind === 'name' && first.name === target.name)
        return Promise.resolve(applySteps(value, rest, text, at));
      throw new UnresolvedExpression(text, 'a validation condition refers only to its own variable', at);
    },
  };
  for (const block of target.block.body.blocks.filter((b) => b.type === 'validation')) {
    const condition = block.body.attributes.find((a) => a.name === 'condition');
    if (!condition) continue;
    let holds: TfValue;
    try {
      holds = await evaluateExpression({ text: condition.expression, at: condition.expressionAt }, scope);
    } catch (error) {
      if (error instanceof UnresolvedExpression) continue;
      throw error;
    }
    if (holds !== false) continue;
    const messageAttribute = block.body.attributes.find((a) => a.name === 'error_message');
    let message = 'the validation condition is false';
    if (messageAttribute) {
      try {
        message = String(
          await evaluateExpression(
            { text: messageAttribute.expression, at: messageAttribute.expressionAt },
            scope,
          ),
        );
      } catch (error) {
        if (!(error instanceof UnresolvedExpression)) throw error;
      }
    }
    issues.push(
      terraformIssue(
        'INVALID_PARAMETER',
        'error',
        `var.${target.name}`,
        `variable "${target.name}"${target.sensitive ? '' : ` = ${showTfValue(value)}`} fails its validation (${condition.expression}): ${message}`,
        target.file,
        condition.expressionAt,
      ),
    );
  }
}
