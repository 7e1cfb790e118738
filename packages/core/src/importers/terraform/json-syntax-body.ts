import type { ValidationIssue } from '../../errors/validation-issue.js';
import { type PathSegment, parseJsonWithPositions } from '../json-with-positions.js';
import { isRecord } from '../source-document.js';
import { APPMESH_RESOURCE_TYPES } from './appmesh-resource-types.js';
import { type HclBlock, type HclBody, type HclPosition, skipExpression } from './hcl-structure.js';
import { providerArguments } from './provider-schema.js';

/**
 * Terraform's JSON configuration syntax (developer.hashicorp.com/terraform/language/syntax/json),
 * read into the same blocks and attributes as an HCL file, so that the same evaluator reads it.
 *
 * JSON cannot tell a nested block from an attribute holding an object: as Terraform does, the
 * schema decides. Top-level keys are block types with their label count (`resource` two,
 * `variable` one, …); in an `aws_appmesh_*` resource, `spec` and the blocks under it are the
 * provider's (provider-schema.ts); `lifecycle`, `validation` and `precondition` are blocks; the
 * rest are attributes. A block is an object, or a list of objects for several blocks.
 *
 * A string is a template (`"${var.mesh}.local"`), as in HCL quotes; `variable.type` and the
 * references of `depends_on`, `provider` and `ignore_changes` are expressions written as a string;
 * a variable's `default` and the values of a `.tfvars.json` file are literal (no templates).
 * Property names `//` are comments.
 */

type StringMode = 'template' | 'expression' | 'literal';

interface BodySchema {
  /** Nested block types and their schema. */
  blocks(name: string): BodySchema | undefined;
  /** How the strings of an attribute read. */
  strings(name: string): StringMode;
}

const ATTRIBUTES: BodySchema = { blocks: () => undefined, strings: () => 'template' };

const LIFECYCLE: BodySchema = {
  blocks: () => undefined,
  strings: (name) =>
    name === 'ignore_changes' || name === 'replace_triggered_by' ? 'expression' : 'template',
};

const CONDITIONS: Record<string, BodySchema> = { precondition: ATTRIBUTES, postcondition: ATTRIBUTES };

function resourceSchema(type: string): BodySchema {
  const appMesh = APPMESH_RESOURCE_TYPES[type];
  return {
    blocks: (name) =>
      name === 'spec' && appMesh
        ? shapeSchema(appMesh.specShape)
        : name === 'lifecycle'
          ? LIFECYCLE
          : undefined,
    strings: (name) => (name === 'depends_on' || name === 'provider' ? 'expression' : 'template'),
  };
}

function shapeSchema(shape: string): BodySchema {
  return {
    blocks(name) {
      const argument = providerArguments(shape).get(name);
      return argument && (argument.form === 'block' || argument.form === 'blocks')
        ? shapeSchema(argument.shape)
        : undefined;
    },
    strings: () => 'template',
  };
}

const BODIES: Record<string, (labels: string[]) => BodySchema> = {
  resource: (labels) => resourceSchema(labels[0] ?? ''),
  data: () => ATTRIBUTES,
  variable: () => ({
    blocks: (name) => (name === 'validation' ? ATTRIBUTES : undefined),
    strings: (name) => (name === 'type' ? 'expression' : name === 'default' ? 'literal' : 'template'),
  }),
  output: () => ({
    blocks: (name) => CONDITIONS[name],
    strings: (name) => (name === 'depends_on' ? 'expression' : 'template'),
  }),
  module: () => ({
    blocks: () => undefined,
    strings: (name) => (name === 'depends_on' || name === 'providers' ? 'expression' : 'template'),
  }),
  locals: () => ATTRIBUTES,
  provider: () => ATTRIBUTES,
  terraform: () => ATTRIBUTES,
};

const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  variable: 1,
  output: 1,
  module: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
};

/** A `.tf.json` or `.tfvars.json` file as blocks and attributes, or its problems. */
export function readTerraformJsonFile(
  file: string,
  text: string,
): { ok: true; body: HclBody } | { ok: false; issues: ValidationIssue[] } {
  const parsed = parseJsonWithPositions(text);
  const issue = (message: string, at: { line: number; column: number }): ValidationIssue => ({
    code: 'PARSE_ERROR',
    path: file,
    message,
    severity: 'error',
    file,
    line: at.line,
    column: at.column,
  });
  if (!parsed.ok) return { ok: false, issues: [issue(`JSON syntax error: ${parsed.message}`, parsed)] };
  if (!isRecord(parsed.value))
    return {
      ok: false,
      issues: [issue(`${file} must hold a JSON object (Terraform's JSON syntax)`, { line: 1, column: 1 })],
    };
  const reader = new JsonBodyReader(text, parsed.locate, file);
  const body = /\.tfvars\.json$/i.test(file)
    ? reader.body(parsed.value, [], { blocks: () => undefined, strings: () => 'literal' })
    : reader.topLevel(parsed.value);
  return reader.issues.length > 0 ? { ok: false, issues: reader.issues } : { ok: true, body };
}

class JsonBodyReader {
  readonly issues: ValidationIssue[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(
    text: string,
    private readonly locate: (path: readonly PathSegment[]) => { line: number; column: number } | undefined,
    private readonly file: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  private at(path: readonly PathSegment[]): HclPosition {
    const { line, column } = this.locate(path) ?? { line: 1, column: 1 };
    return { offset: (this.lineStarts[line - 1] ?? 0) + column - 1, line, column };
  }

  private problem(path: readonly PathSegment[], message: string): void {
    const { line, column } = this.at(path);
    this.issues.push({
      code: 'INVALID_TYPE',
      path: this.file,
      message,
      severity: 'error',
      file: this.file,
      line,
      column,
    });
  }

  topLevel(value: Record<string, unknown>): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (const [type, content] of Object.entries(value)) {
      if (type === '//') continue;
      const labels = LABELS[type];
      if (labels === undefined) {
        this.problem(
          [type],
          `${type} is not a block type of Terraform's JSON syntax (resource, data, variable, output, module, provider, locals, terraform)`,
        );
        continue;
      }
      this.labelled(type, content, [type], [], labels, out.blocks);
    }
    return out;
  }

  /** `{ "label": { "label": body } }` down to the body (or a list of bodies). */
  private labelled(
    type: string,
    content: unknown,
    path: PathSegment[],
    labels: string[],
    left: number,
    out: HclBlock[],
  ): void {
    if (left === 0) {
      this.blocks(type, labels, content, path, BODIES[type]!(labels), out);
      return;
    }
    if (!isRecord(content)) {
      this.problem(
        path,
        `${[type, ...labels].join('.')} must be an object keyed by the block's ${left === 1 ? 'name' : 'labels'}`,
      );
      return;
    }
    for (const [label, inner] of Object.entries(content)) {
      if (label !== '//') this.labelled(type, inner, [...path, label], [...labels, label], left - 1, out);
    }
  }

  /** One block (an object) or several (a list of objects). */
  private blocks(
    type: string,
    labels: string[],
    content: unknown,
    path: PathSegment[],
    schema: BodySchema,
    out: HclBlock[],
  ): void {
    const items: Array<[unknown, PathSegment[]]> = Array.isArray(content)
      ? content.map((item, i) => [item, [...path, i]])
      : [[content, path]];
    for (const [item, itemPath] of items) {
      if (!isRecord(item)) {
        this.problem(itemPath, `a ${type} block must be an object`);
        continue;
      }
      out.push({ type, labels, at: this.at(itemPath), body: this.body(item, itemPath, schema) });
    }
  }

  body(value: Record<string, unknown>, path: PathSegment[], schema: BodySchema): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (const [name, content] of Object.entries(value)) {
      if (name === '//') continue;
      const nested = schema.blocks(name);
      if (nested) this.blocks(name, [], content, [...path, name], nested, out.blocks);
      else
        out.attributes.push({
          name,
          at: this.at([...path, name]),
          expression: expressionText(content, schema.strings(name)),
          expressionAt: this.at([...path, name]),
        });
    }
    return out;
  }
}

/** A JSON value as HCL expression text (for a string, the same text as its JSON when it has no escapes). */
export function expressionText(value: unknown, strings: StringMode): string {
  if (typeof value === 'string') {
    if (strings === 'expression') return value;
    return quoted(strings === 'literal' ? value.replace(/([$%])\{/g, '$1$1{') : value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => expressionText(item, strings)).join(', ')}]`;
  if (isRecord(value)) {
    const members = Object.entries(value).map(
      ([key, item]) => `${quoted(key.replace(/([$%])\{/g, '$1$1{'))} = ${expressionText(item, strings)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A JSON string's template as a quoted HCL template. The interpolations and directives
 * (`${…}`, `%{…}`) are expression code and stay as written (their strings are quoted as in HCL);
 * the literal text around them is escaped: HCL's escapes are JSON's, less `\b`, `\f` and `\/`.
 */
function quoted(text: string): string {
  let out = '"';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      out += text.slice(i, i + 3);
      i += 3;
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      const end = Math.min(skipExpression(text, i + 2, false) + 1, text.length);
      out += text.slice(i, end);
      i = end;
    } else {
      if (c === '"' || c === '\\') out += `\\${c}`;
      else if (c === '\n') out += '\\n';
      else if (c === '\r') out += '\\r';
      else if (c === '\t') out += '\\t';
      else if (c < ' ') out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
      else out += c;
      i++;
    }
  }
  return `${out}"`;
}
