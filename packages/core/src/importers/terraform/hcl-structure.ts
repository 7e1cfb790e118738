/**
 * The block and attribute structure of an HCL file, with source positions.
 *
 * Why a scanner of our own next to `@cdktf/hcl2json`: hcl2json is HashiCorp's own HCL library
 * (the parser Terraform uses, compiled to WASM) and decides whether the text is valid HCL (see
 * hcl-file.ts), but its output carries no source positions and re-renders expressions (escapes
 * decoded, `${"x"}` folded), so neither the exact expression text nor file:line:column of a
 * block or argument can be had from it. tree-sitter-hcl would bring positions but a second
 * grammar whose errors differ from Terraform's. This scanner only runs on text hcl2json accepted:
 * it splits bodies into blocks (`type "label" {`) and attributes (`name = expression`), skipping
 * strings, templates, heredocs and comments to find where each expression ends; the expression
 * text itself is then parsed by hcl2json's `getExpressionAst` (expression-ast.ts).
 */

/** A place in the source text: `offset` is the index in the JS string, line and column 1-based. */
export interface HclPosition {
  offset: number;
  line: number;
  column: number;
}

/** `name = expression`: the expression's exact text and where it starts. */
export interface HclAttribute {
  name: string;
  at: HclPosition;
  expression: string;
  expressionAt: HclPosition;
}

/** `type "label" ... { body }`. */
export interface HclBlock {
  type: string;
  labels: string[];
  at: HclPosition;
  body: HclBody;
}

/** The attributes and blocks of a body, in source order. */
export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

/** Turns string offsets into line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): HclPosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { offset, line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/y;

/** Scans a whole file (already accepted by the HCL parser) into its top-level body. */
export function scanHclStructure(text: string): HclBody {
  const scanner = new StructureScanner(text);
  return scanner.body();
}

class StructureScanner {
  private index = 0;
  private readonly lines: LineIndex;
  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  body(): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skipTrivia(true);
      if (this.index >= this.text.length) return out;
      if (this.text[this.index] === '}') {
        // At the top level (not expected in text the HCL parser accepted) it ends the scan too.
        this.index++;
        return out;
      }
      const start = this.index;
      const name = this.identifier();
      if (name === undefined) {
        // Not expected in valid HCL: skip the character so that scanning always ends.
        this.index++;
        continue;
      }
      this.skipTrivia(false);
      if (this.text[this.index] === '=' && this.text[this.index + 1] !== '=') {
        this.index++;
        this.skipTrivia(false);
        const from = this.index;
        const end = skipExpression(this.text, from, true);
        this.index = end;
        out.attributes.push({
          name,
          at: this.lines.at(start),
          expression: this.text.slice(from, end).trimEnd(),
          expressionAt: this.lines.at(from),
        });
        continue;
      }
      const labels: string[] = [];
      while (this.index < this.text.length && this.text[this.index] !== '{') {
        if (this.text[this.index] === '"') {
          const close = skipString(this.text, this.index + 1);
          labels.push(decodeLabel(this.text.slice(this.index + 1, close - 1)));
          this.index = close;
        } else {
          const label = this.identifier();
          if (label === undefined) this.index++;
          else labels.push(label);
        }
        this.skipTrivia(false);
      }
      this.index++; // '{'
      out.blocks.push({ type: name, labels, at: this.lines.at(start), body: this.body() });
    }
  }

  private identifier(): string | undefined {
    IDENTIFIER.lastIndex = this.index;
    const match = IDENTIFIER.exec(this.text);
    if (!match) return undefined;
    this.index += match[0].length;
    return match[0];
  }

  /** Skips spaces and comments, and newlines too when `newlines` is set. */
  private skipTrivia(newlines: boolean): void {
    for (;;) {
      const c = this.text[this.index];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.index++;
      else if (c === '#' || (c === '/' && this.text[this.index + 1] === '/')) {
        if (!newlines) return;
        this.index = lineEnd(this.text, this.index);
      } else if (c === '/' && this.text[this.index + 1] === '*') {
        const close = this.text.indexOf('*/', this.index + 2);
        this.index = close === -1 ? this.text.length : close + 2;
      } else return;
    }
  }
}

function decodeLabel(raw: string): string {
  return raw.replace(/\\(["\\])/g, '$1');
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

/**
 * The end of the expression starting at `from`: a newline or comment outside brackets, or (for
 * an attribute of a one-line block, `atTop`) the `}` that closes the block.
 */
export function skipExpression(text: string, from: number, atTop: boolean): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i = skipString(text, i + 1);
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const heredoc = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
      heredoc.lastIndex = i;
      const match = heredoc.exec(text);
      if (match) {
        i = skipHeredoc(text, heredoc.lastIndex, match[1]!);
        continue;
      }
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      if (depth === 0 && atTop) return i;
      i = lineEnd(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '\n' && depth === 0 && atTop) return i;
    i++;
  }
  return i;
}

/** Index just past the closing quote of a string whose content starts at `from`. */
function skipString(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = skipExpression(text, i + 2, false) + 1;
    else i++;
  }
  return i;
}

/** Index just past the line that closes a heredoc whose body starts at `from`. */
function skipHeredoc(text: string, from: number, marker: string): number {
  let i = from;
  while (i < text.length) {
    const end = lineEnd(text, i);
    if (text.slice(i, end).trim() === marker) return end;
    i = end + 1;
  }
  return text.length;
}
