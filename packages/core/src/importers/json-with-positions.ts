import { describeValue } from '../errors/describe-value.js';
import { MeshplaneError } from '../errors/meshplane-error.js';
/**
 * A 1-based line and column in a source text.
 *
 * @example
 * ```ts
 * import { parseJsonWithPositions, type TextPosition } from '@meshplane/core';
 * const parsed = parseJsonWithPositions('{\n  "meshName": "shop"\n}');
 * const at: TextPosition | undefined = parsed.ok ? parsed.locate(['meshName']) : undefined;
 * console.log(at); // { line: 2, column: 15 }
 * ```
 */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * A step of a path into a parsed document: a member name or an array index.
 *
 * @example
 * ```ts
 * import type { PathSegment } from '@meshplane/core';
 * const path: PathSegment[] = ['spec', 'listeners', 0, 'portMapping'];
 * console.log(path.length); // 4
 * ```
 */
export type PathSegment = string | number;

/**
 * Finds the source position of the value at a path inside a parsed document, or `undefined` when
 * the path does not exist in the source (for example a value an importer derived).
 *
 * @example
 * ```ts
 * import { type Locator, parseYamlWithPositions } from '@meshplane/core';
 * const parsed = parseYamlWithPositions('spec:\n  listeners:\n    - port: 80\n');
 * const locate: Locator | undefined = parsed.ok ? parsed.documents[0]?.locate : undefined;
 * console.log(locate?.(['spec', 'listeners', 0]), locate?.(['spec', 'missing'])); // { line: 3, column: 7 } undefined
 * ```
 */
export type Locator = (path: readonly PathSegment[]) => TextPosition | undefined;

/**
 * The outcome of {@link parseJsonWithPositions}: the value with a locator, or where the syntax
 * error is.
 *
 * @example
 * ```ts
 * import { type JsonParseResult, parseJsonWithPositions } from '@meshplane/core';
 * const result: JsonParseResult = parseJsonWithPositions('{ "a": 1, }');
 * if (!result.ok) console.log(result.line, result.column); // 1 9
 * ```
 */
export type JsonParseResult =
  | {
      ok: true;
      value: unknown;
      locate: Locator;
      duplicateKeys: Array<{ path: PathSegment[] } & TextPosition>;
    }
  | { ok: false; message: string; line: number; column: number };

/**
 * Parses JSON text (RFC 8259) and remembers where every value starts, so that importers can point
 * an issue at `file:line:column`. Errors name the exact line and column (1-based) of the first
 * offending character, including trailing text after the document such as a stray `}`.
 *
 * A leading byte-order mark is ignored. Duplicate member names are accepted (the last one wins, as
 * with `JSON.parse`) and reported in `duplicateKeys` so that callers can warn. Arrays and objects
 * nested more than 512 deep are a syntax error at the value that goes too deep (`JSON.parse` would
 * take them, but this parser is recursive and no App Mesh document comes near).
 *
 * @example
 * ```ts
 * import { parseJsonWithPositions } from '@meshplane/core';
 * const result = parseJsonWithPositions('{\n  "a": [1, 2]\n}\n}');
 * if (!result.ok) console.log(result.line, result.column); // 4 1
 * ```
 */
export function parseJsonWithPositions(text: string): JsonParseResult {
  if (typeof text !== 'string') {
    return {
      ok: false,
      message: `the input must be text (a string), got ${describeValue(text)}`,
      line: 1,
      column: 1,
    };
  }
  const parser = new JsonParser(text);
  try {
    const value = parser.parseDocument();
    const positions = parser.positions;
    const lines = parser.lineStarts();
    const locate: Locator = (path) => {
      const offset = positions.get(pointerOf(path));
      return offset === undefined ? undefined : positionAt(lines, offset);
    };
    const duplicateKeys = parser.duplicates.map((d) => ({ path: d.path, ...positionAt(lines, d.offset) }));
    return { ok: true, value, locate, duplicateKeys };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const { line, column } = positionAt(parser.lineStarts(), error.offset);
      return { ok: false, message: error.message, line, column };
    }
    throw error;
  }
}

/** Builds the key under which a value's position is stored: segments joined unambiguously. */
export function pointerOf(path: readonly PathSegment[]): string {
  let pointer = '';
  for (const segment of path) pointer += segmentPointer(segment);
  return pointer;
}

function segmentPointer(segment: PathSegment): string {
  if (typeof segment === 'number') return `/${segment}`;
  if (!segment.includes('~') && !segment.includes('/')) return `/${segment}`;
  return `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Converts an offset into a 1-based line and column using the precomputed line starts. */
export function positionAt(lineStarts: readonly number[], offset: number): TextPosition {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings.
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/**
 * Deepest nesting the parser accepts. App Mesh documents nest about ten levels; the limit keeps a
 * run of thousands of brackets a located syntax error instead of a stack overflow.
 */
const MAX_DEPTH = 512;

/** A syntax error at `offset`: caught by parseJsonWithPositions, which reports it with its line and column. */
class JsonSyntaxError extends MeshplaneError<'PARSE_ERROR'> {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super('PARSE_ERROR', message);
  }
}

class JsonParser {
  readonly positions = new Map<string, number>();
  readonly duplicates: Array<{ path: PathSegment[]; offset: number }> = [];
  private index = 0;
  private readonly path: PathSegment[] = [];
  // The pointer of the value being parsed, kept alongside `path` so that it is not rebuilt per value.
  private readonly pointers: string[] = [''];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.index = 1;
  }

  lineStarts(): number[] {
    const starts = [0];
    for (let i = 0; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 10) starts.push(i + 1);
      else if (code === 13 && this.text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    return starts;
  }

  parseDocument(): unknown {
    this.skipWhitespace();
    if (this.index >= this.text.length) throw new JsonSyntaxError('the document is empty', this.index);
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.index < this.text.length) {
      throw new JsonSyntaxError(
        `unexpected ${this.describeHere()} after the end of the JSON document (a stray character or a missing opening bracket)`,
        this.index,
      );
    }
    return value;
  }

  private describeHere(): string {
    if (this.index >= this.text.length) return 'end of input';
    const char = this.text[this.index] ?? '';
    return char.trim() === ''
      ? `character U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`
      : `'${char}'`;
  }

  private enter(segment: PathSegment): void {
    if (this.path.length + 1 >= MAX_DEPTH) {
      throw new JsonSyntaxError(
        `${this.describeHere()} sits at nesting level ${this.path.length + 2}; nesting is limited to ${MAX_DEPTH} levels of arrays and objects (App Mesh documents are far shallower)`,
        this.index,
      );
    }
    this.path.push(segment);
    this.pointers.push(this.pointers[this.pointers.length - 1] + segmentPointer(segment));
  }

  private leave(): void {
    this.path.pop();
    this.pointers.pop();
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length) {
      const code = this.text.charCodeAt(this.index);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) this.index++;
      else break;
    }
  }

  private parseValue(): unknown {
    this.positions.set(this.pointers[this.pointers.length - 1]!, this.index);
    const char = this.text[this.index];
    switch (char) {
      case '{':
        return this.parseObject();
      case '[':
        return this.parseArray();
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
        throw new JsonSyntaxError(`expected a JSON value, found ${this.describeHere()}`, this.index);
    }
  }

  private parseObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') {
        throw new JsonSyntaxError(
          `expected a member name in double quotes, found ${this.describeHere()}`,
          this.index,
        );
      }
      const keyOffset = this.index;
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.index] !== ':') {
        throw new JsonSyntaxError(
          `expected ':' after member name "${key}", found ${this.describeHere()}`,
          this.index,
        );
      }
      this.index++;
      this.skipWhitespace();
      this.enter(key);
      if (seen.has(key)) this.duplicates.push({ path: [...this.path], offset: keyOffset });
      seen.add(key);
      const value = this.parseValue();
      this.leave();
      // `__proto__` must become an own member, as with JSON.parse, not the prototype.
      if (key === '__proto__') {
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        result[key] = value;
      }
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        const comma = this.index;
        this.index++;
        this.skipWhitespace();
        if (this.text[this.index] === '}') {
          throw new JsonSyntaxError("trailing comma before '}' is not allowed in JSON", comma);
        }
        continue;
      }
      if (next === '}') {
        this.index++;
        return result;
      }
      throw new JsonSyntaxError(
        `expected ',' or '}' after a member value, found ${this.describeHere()}`,
        this.index,
      );
    }
  }

  private parseArray(): unknown[] {
    const result: unknown[] = [];
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      this.enter(result.length);
      result.push(this.parseValue());
      this.leave();
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        const comma = this.index;
        this.index++;
        this.skipWhitespace();
        if (this.text[this.index] === ']') {
          throw new JsonSyntaxError("trailing comma before ']' is not allowed in JSON", comma);
        }
        continue;
      }
      if (next === ']') {
        this.index++;
        return result;
      }
      throw new JsonSyntaxError(
        `expected ',' or ']' after an array element, found ${this.describeHere()}`,
        this.index,
      );
    }
  }

  private parseString(): string {
    const start = this.index;
    this.index++;
    // Fast path: no escape before the closing quote, so the string is a slice of the text.
    const close = this.text.indexOf('"', this.index);
    if (close !== -1) {
      const slice = this.text.slice(this.index, close);
      if (!slice.includes('\\') && !CONTROL_CHARACTER.test(slice)) {
        this.index = close + 1;
        return slice;
      }
    }
    let out = '';
    for (;;) {
      if (this.index >= this.text.length) throw new JsonSyntaxError('unterminated string', start);
      const code = this.text.charCodeAt(this.index);
      if (code === 0x22) {
        this.index++;
        return out;
      }
      if (code < 0x20) {
        throw new JsonSyntaxError('control characters must be escaped inside a JSON string', this.index);
      }
      if (code !== 0x5c) {
        out += this.text[this.index];
        this.index++;
        continue;
      }
      const escaped = this.text[this.index + 1];
      switch (escaped) {
        case '"':
        case '\\':
        case '/':
          out += escaped;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = this.text.slice(this.index + 2, this.index + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            throw new JsonSyntaxError('\\u must be followed by four hexadecimal digits', this.index);
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.index += 4;
          break;
        }
        default:
          throw new JsonSyntaxError(
            `invalid escape sequence '\\${escaped ?? ''}' in a JSON string`,
            this.index,
          );
      }
      this.index += 2;
    }
  }

  private parseNumber(): number {
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = this.index;
    const found = match.exec(this.text);
    if (!found || found[0] === '-' || found[0].length === 0) {
      throw new JsonSyntaxError(`invalid number starting with ${this.describeHere()}`, this.index);
    }
    this.index += found[0].length;
    const after = this.text[this.index];
    if (after !== undefined && /[0-9.eE+-]/.test(after)) {
      throw new JsonSyntaxError(`invalid number: unexpected '${after}'`, this.index);
    }
    return Number(found[0]);
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.index)) {
      this.index += word.length;
      return value;
    }
    throw new JsonSyntaxError(`expected a JSON value, found ${this.describeHere()}`, this.index);
  }
}
