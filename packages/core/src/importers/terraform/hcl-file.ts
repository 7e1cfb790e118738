import type { ValidationIssue } from '../../errors/validation-issue.js';
import { hclNestingBeyond, hclTooDeep } from './hcl-nesting.js';
import { hclParser } from './hcl-parser.js';
import type { HclBody } from './hcl-structure.js';
import { LineIndex, scanHclStructure } from './hcl-structure.js';
import { readTerraformJsonFile } from './json-syntax-body.js';
import { isTerraformJsonFile } from './json-syntax-format.js';

/** The file name handed to the HCL parser, so that its diagnostics can be told apart and renamed. */
const MARKER = '__meshplane_input__.tf';

/** One diagnostic of the HCL parser. */
export interface HclDiagnostic {
  line: number;
  column: number;
  message: string;
}

/**
 * Parses one `.tf` (or `.tfvars`) file with HashiCorp's HCL parser (a `.tf.json` or `.tfvars.json`
 * file is read as Terraform's JSON syntax instead, see json-syntax-body.ts) (`@cdktf/hcl2json`): syntax
 * errors are its diagnostics with their line and column; valid text is scanned for its blocks
 * and attributes with positions (see hcl-structure.ts for why both).
 */
export async function readHclFile(
  file: string,
  text: string,
): Promise<{ ok: true; body: HclBody } | { ok: false; issues: ValidationIssue[] }> {
  // Terraform's JSON syntax: the same blocks and attributes, read from JSON (json-syntax-body.ts).
  if (isTerraformJsonFile(file)) return readTerraformJsonFile(file, text);
  // Before the parser and every walk after it, which all recurse (see MAX_HCL_NESTING).
  const deep = hclNestingBeyond(text);
  if (deep !== undefined)
    return refused(
      file,
      'PARSE_ERROR',
      `${file}: ${hclTooDeep(deep.level)}`,
      new LineIndex(text).at(deep.offset),
    );
  const { parse } = await hclParser();
  try {
    await parse(MARKER, text);
  } catch (error) {
    const diagnostics = hclDiagnostics(String((error as Error)?.message ?? error), file);
    return {
      ok: false,
      issues: diagnostics.map((d) => ({
        code: 'PARSE_ERROR',
        path: file,
        message: `HCL syntax error: ${d.message}`,
        severity: 'error',
        file,
        line: d.line,
        column: d.column,
      })),
    };
  }
  return { ok: true, body: scanHclStructure(text) };
}

/** A file that is not read, with the one issue that says why. */
function refused(
  file: string,
  code: 'PARSE_ERROR',
  message: string,
  at: { line: number; column: number },
): { ok: false; issues: ValidationIssue[] } {
  return {
    ok: false,
    issues: [{ code, path: file, message, severity: 'error', file, line: at.line, column: at.column }],
  };
}

/**
 * The diagnostics in the parser's error text, `parse config: [F:2,7-3,1: Summary; Detail. F:4,1-2: …]`
 * (each starts with the file name, then `line,column-…`); references to other places inside a
 * message (`already set at F:1,1-2`) name the real file.
 */
export function hclDiagnostics(message: string, file: string): HclDiagnostic[] {
  const escaped = MARKER.replace(/\./g, '\\.');
  const head = new RegExp(`(?:\\[|(?<=\\.) |^)${escaped}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, 'g');
  const starts: Array<{ index: number; end: number; line: number; column: number }> = [];
  for (const match of message.matchAll(head)) {
    starts.push({
      index: match.index,
      end: match.index + match[0].length,
      line: Number(match[1]),
      column: Number(match[2]),
    });
  }
  if (starts.length === 0) return [{ line: 1, column: 1, message: message.replaceAll(MARKER, file) }];
  return starts.map((start, i) => {
    const until = i + 1 < starts.length ? starts[i + 1]!.index : message.length;
    const text = message
      .slice(start.end, until)
      .replace(/\]\s*$/, '')
      .trim()
      .replaceAll(MARKER, file);
    return { line: start.line, column: start.column, message: text };
  });
}
