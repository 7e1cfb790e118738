import type { ValidationCode } from '../errors/issue-codes.js';
import { didYouMean } from '../errors/suggest-name.js';
import type { MeshIssue } from '../errors/validation-issue.js';
import { showValue } from '../options/show-value.js';
import type { Bounds, MemberIR, ShapeIR, SmithyModelIR } from './ir.js';

/** Options of {@link validateShape}. */
export interface ValidateShapeOptions {
  /**
   * What to do with members the shape does not define. `error` (the default) catches typos in a
   * model; `ignore` mirrors services that drop unknown JSON members.
   */
  unknownMembers?: 'error' | 'ignore';
}

// Compiled patterns, scoped to the model object they belong to (no module-global string cache).
const compiledPatterns = new WeakMap<SmithyModelIR, Map<string, RegExp | null>>();

function patternOf(model: SmithyModelIR, source: string): RegExp | null {
  let cache = compiledPatterns.get(model);
  if (!cache) {
    cache = new Map();
    compiledPatterns.set(model, cache);
  }
  let re = cache.get(source);
  if (re === undefined) {
    // Smithy patterns are ECMA-262 regular expressions and are not implicitly anchored.
    try {
      re = new RegExp(source, 'u');
    } catch {
      try {
        re = new RegExp(source);
      } catch {
        re = null;
      }
    }
    cache.set(source, re);
  }
  return re;
}

/**
 * Length in code points, as Smithy's `length` trait counts strings: a surrogate pair is one, a
 * lone surrogate (not a pair) still counts as one.
 */
function codePointLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * A JSON object: not null, not a list, and not a Date, Map, RegExp or the like, which would
 * serialize to something else on the wire. Checked by tag so objects of another realm pass.
 */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

function describeBounds(b: Bounds, unit: string): string {
  if (b.min !== undefined && b.max !== undefined) {
    return b.min === b.max ? `exactly ${b.min}${unit}` : `${b.min} to ${b.max}${unit}`;
  }
  if (b.min !== undefined) return `at least ${b.min}${unit}`;
  return `at most ${b.max}${unit}`;
}

function outside(n: number, b: Bounds | undefined): boolean {
  return b !== undefined && ((b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max));
}

/** A value's identity for `uniqueItems`; undefined for a value that cannot be serialized (a cycle). */
function uniquenessKey(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

const INTEGER_TYPES = new Set(['integer', 'long', 'short', 'byte', 'bigInteger', 'intEnum']);
const NUMBER_TYPES = new Set(['float', 'double', 'bigDecimal']);

class ShapeWalker {
  readonly issues: MeshIssue[] = [];
  constructor(
    private readonly model: SmithyModelIR,
    private readonly unknownMembers: 'error' | 'ignore',
  ) {}

  private add(code: ValidationCode, path: string, message: string): void {
    this.issues.push({ code, path, message: `${path} ${message}`, severity: 'error' });
  }

  /** Checks a value against a member (its own constraints, then its target shape's). */
  member(m: MemberIR, value: unknown, path: string): void {
    const shape = this.model.shapes[m.target];
    if (!shape) return; // a target outside the IR (e.g. smithy.api#Unit) carries no constraints
    if (!this.value(shape, m.target, value, path)) return;
    this.constraints(m, value, path, m.target);
  }

  /** Checks the type and the shape-level constraints; returns false when the type is wrong. */
  value(shape: ShapeIR, name: string, value: unknown, path: string): boolean {
    switch (shape.type) {
      case 'structure':
      case 'union': {
        if (!isJsonObject(value)) {
          this.add('SHAPE_TYPE', path, `must be an object (${name}), got ${showValue(value)}`);
          return false;
        }
        this.structure(shape, name, value as Record<string, unknown>, path);
        return true;
      }
      case 'list': {
        if (!Array.isArray(value)) {
          this.add('SHAPE_TYPE', path, `must be a list (${name}), got ${showValue(value)}`);
          return false;
        }
        const element = shape.member!;
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          const itemPath = `${path}[${i}]`;
          if (item === null || item === undefined) {
            this.add('SHAPE_TYPE', itemPath, `must not be empty (${name} element)`);
          } else {
            this.member(element, item, itemPath);
          }
        }
        if (shape.uniqueItems && value.length > 1) {
          const seen = new Set<string>();
          for (let i = 0; i < value.length; i++) {
            const k = uniquenessKey(value[i]);
            if (k === undefined) {
              this.add(
                'SHAPE_TYPE',
                `${path}[${i}]`,
                `must be plain data (${name} element refers to itself)`,
              );
              continue;
            }
            if (seen.has(k))
              this.add(
                'SHAPE_UNIQUE',
                `${path}[${i}]`,
                `repeats an earlier element; ${name} items must be unique`,
              );
            seen.add(k);
          }
        }
        this.constraints(shape, value, path, name);
        return true;
      }
      case 'map': {
        if (!isJsonObject(value)) {
          this.add('SHAPE_TYPE', path, `must be an object map (${name}), got ${showValue(value)}`);
          return false;
        }
        for (const [k, v] of Object.entries(value)) {
          if (shape.key) this.member(shape.key, k, `${path}.${k}(key)`);
          if (shape.value && v !== undefined) this.member(shape.value, v, `${path}.${k}`);
        }
        this.constraints(shape, value, path, name);
        return true;
      }
      case 'string':
      case 'enum': {
        if (typeof value !== 'string') {
          this.add('SHAPE_TYPE', path, `must be a string (${name}), got ${showValue(value)}`);
          return false;
        }
        this.constraints(shape, value, path, name);
        return true;
      }
      case 'boolean':
        if (typeof value !== 'boolean') {
          this.add('SHAPE_TYPE', path, `must be true or false (${name}), got ${showValue(value)}`);
          return false;
        }
        return true;
      case 'timestamp':
        if (
          !(value instanceof Date && !Number.isNaN(value.getTime())) &&
          !(typeof value === 'number' && Number.isFinite(value)) &&
          !(typeof value === 'string' && !Number.isNaN(Date.parse(value)))
        ) {
          this.add('SHAPE_TYPE', path, `must be a timestamp (${name}), got ${showValue(value)}`);
          return false;
        }
        return true;
      case 'blob':
        if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
          this.add(
            'SHAPE_TYPE',
            path,
            `must be binary data or a base64 string (${name}), got ${showValue(value)}`,
          );
          return false;
        }
        return true;
      case 'document':
        return true;
      default: {
        if (INTEGER_TYPES.has(shape.type)) {
          if (typeof value !== 'number' || !Number.isInteger(value)) {
            this.add('SHAPE_TYPE', path, `must be a whole number (${name}), got ${showValue(value)}`);
            return false;
          }
        } else if (NUMBER_TYPES.has(shape.type)) {
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            this.add('SHAPE_TYPE', path, `must be a number (${name}), got ${showValue(value)}`);
            return false;
          }
        }
        this.constraints(shape, value, path, name);
        return true;
      }
    }
  }

  private structure(shape: ShapeIR, name: string, value: Record<string, unknown>, path: string): void {
    const members = shape.members ?? {};
    let set = 0;
    for (const key in value) {
      const v = value[key];
      if (v === undefined || v === null) continue;
      const m = members[key];
      if (!m) {
        if (this.unknownMembers === 'error') {
          const known = Object.keys(members);
          this.add(
            'SHAPE_UNKNOWN_MEMBER',
            `${path}.${key}`,
            `is not a member of ${name}; expected one of: ${known.join(', ') || '(none)'}${didYouMean(key, known)}`,
          );
        }
        continue;
      }
      set++;
      this.member(m, v, `${path}.${key}`);
    }
    if (shape.type === 'union') {
      if (set !== 1) {
        const choices = Object.keys(members).join(', ');
        this.add(
          'SHAPE_UNION',
          path,
          set === 0
            ? `must set exactly one of ${choices} (${name}), got none`
            : `must set exactly one of ${choices} (${name}), got ${set}`,
        );
      }
      return;
    }
    for (const key in members) {
      const m = members[key]!;
      if (m.required && m.default === undefined && (value[key] === undefined || value[key] === null)) {
        this.add('SHAPE_REQUIRED', `${path}.${key}`, `is required (${name}.${key})`);
      }
    }
  }

  /** Length, range, pattern and enum constraints, from a member or a shape. */
  private constraints(
    c: Pick<MemberIR, 'length' | 'range' | 'pattern'> & { enum?: string[] },
    value: unknown,
    path: string,
    name: string,
  ): void {
    if (c.length) {
      let size: number | undefined;
      let unit = '';
      if (typeof value === 'string') {
        size = codePointLength(value);
        unit = ' characters';
      } else if (Array.isArray(value)) {
        size = value.length;
        unit = ' items';
      } else if (value instanceof Uint8Array) {
        size = value.byteLength;
        unit = ' bytes';
      } else if (typeof value === 'object' && value !== null) {
        size = Object.keys(value).length;
        unit = ' entries';
      }
      if (size !== undefined && outside(size, c.length)) {
        this.add(
          'SHAPE_LENGTH',
          path,
          `must have ${describeBounds(c.length, unit)} (${name}), got ${size}: ${showValue(value)}`,
        );
      }
    }
    if (c.range && typeof value === 'number' && outside(value, c.range)) {
      this.add('SHAPE_RANGE', path, `must be ${describeBounds(c.range, '')} (${name}), got ${value}`);
    }
    if (c.pattern && typeof value === 'string') {
      const re = patternOf(this.model, c.pattern);
      if (re && !re.test(value)) {
        this.add(
          'SHAPE_PATTERN',
          path,
          `must match the pattern ${c.pattern} (${name}), got ${showValue(value)}`,
        );
      }
    }
    const allowed = c.enum;
    if (allowed && typeof value === 'string' && !allowed.includes(value)) {
      this.add('SHAPE_ENUM', path, `must be one of ${allowed.join(', ')} (${name}), got ${showValue(value)}`);
    }
  }
}

/**
 * Validates a value against a shape of a Smithy model IR: required members, types, lengths,
 * ranges, patterns, enums, list uniqueness, unions (exactly one member) and unknown members.
 * Returns every problem found (never throws for bad input); an empty array means valid.
 *
 * @example
 * ```ts
 * import { appMeshModel, validateShape } from '@meshplane/core/smithy';
 * const issues = validateShape(appMeshModel, 'PortMapping', { port: 70000, protocol: 'http' }, 'listener.portMapping');
 * console.log(issues[0]?.code); // 'SHAPE_RANGE'
 * ```
 */
export function validateShape(
  model: SmithyModelIR,
  shapeName: string,
  value: unknown,
  path: string,
  options: ValidateShapeOptions = {},
): MeshIssue[] {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`validateShape: no shape "${shapeName}" in the ${model.service.sdkId} model`);
  const walker = new ShapeWalker(model, options.unknownMembers ?? 'error');
  walker.value(shape, shapeName, value, path);
  return walker.issues;
}
