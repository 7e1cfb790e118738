// The syntax tree's types only: the package root's types pull in TypeScript's DOM library.
import type * as TFExpressionSyntaxTree from '@cdktf/hcl2json/lib/syntax-tree.js';

type ExpressionType = TFExpressionSyntaxTree.ExpressionType;

import { hclNestingBeyond, hclTooDeep } from './hcl-nesting.js';
import { hclParser } from './hcl-parser.js';
import type { HclPosition } from './hcl-structure.js';
import { UnresolvedExpression } from './terraform-values.js';

/** The exact text of an expression in a file and where it starts there. */
export interface ExpressionSource {
  text: string;
  at: HclPosition;
}

/**
 * The syntax tree of one expression, from HashiCorp's HCL parser (`getExpressionAst` of
 * `@cdktf/hcl2json`). A trailing newline is added because a heredoc ends only at a newline.
 */
export async function parseExpression(source: ExpressionSource): Promise<ExpressionType> {
  // Expressions of files were measured with their file; a given variable value (`-var`) was not.
  const deep = hclNestingBeyond(source.text);
  if (deep !== undefined) throw new UnresolvedExpression(source.text, hclTooDeep(deep.level), source.at);
  const { getExpressionAst } = await hclParser();
  try {
    const ast = await getExpressionAst('expression.tf', `${source.text}\n`);
    if (ast) return ast;
  } catch (error) {
    throw new UnresolvedExpression(
      source.text,
      `the HCL parser cannot read it: ${String((error as Error)?.message ?? error).replace(/^getExpressionAst errors on input string '[\s\S]*?': /, '')}`,
      source.at,
    );
  }
  throw new UnresolvedExpression(source.text, 'the HCL parser returned no syntax tree for it', source.at);
}

/** The file position of a byte offset inside an expression's text. */
export function positionInExpression(source: ExpressionSource, byteOffset: number): HclPosition {
  const prefix = Buffer.from(source.text, 'utf8').subarray(0, Math.max(0, byteOffset)).toString('utf8');
  const newlines = prefix.split('\n');
  if (newlines.length === 1) {
    return {
      offset: source.at.offset + prefix.length,
      line: source.at.line,
      column: source.at.column + prefix.length,
    };
  }
  return {
    offset: source.at.offset + prefix.length,
    line: source.at.line + newlines.length - 1,
    column: newlines.at(-1)!.length + 1,
  };
}
