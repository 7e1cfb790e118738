import { Composer, isNode, LineCounter, Parser } from 'yaml';
import { describeValue } from '../errors/describe-value.js';
import { expandCloudFormationTags } from './cloudformation/yaml-short-tags.js';
import type { Locator, TextPosition } from './json-with-positions.js';
import { collectionBeyond, MAX_YAML_NESTING, valueBeyond } from './yaml-nesting.js';

/**
 * One document of a YAML stream, with a locator into the source text.
 *
 * @example
 * ```ts
 * import { parseYamlWithPositions, type YamlDocument } from '@meshplane/core';
 * const parsed = parseYamlWithPositions('kind: Mesh\n---\nkind: VirtualNode\n');
 * const second: YamlDocument | undefined = parsed.ok ? parsed.documents[1] : undefined;
 * console.log(second?.index, second?.start, second?.value); // 1 { line: 3, column: 1 } { kind: 'VirtualNode' }
 * ```
 */
export interface YamlDocument {
  /** 0-based position of the document in the stream (`---` separated). */
  index: number;
  value: unknown;
  /** Where the document's content starts. */
  start: TextPosition;
  locate: Locator;
}

/**
 * The outcome of {@link parseYamlWithPositions}: the documents, or every syntax error with its
 * line and column.
 *
 * @example
 * ```ts
 * import { parseYamlWithPositions, type YamlParseResult } from '@meshplane/core';
 * const result: YamlParseResult = parseYamlWithPositions('kind: Mesh\nkind: Mesh\n');
 * if (!result.ok) console.log(result.errors[0]?.line, result.errors[0]?.column); // 2 1
 * ```
 */
export type YamlParseResult =
  | { ok: true; documents: YamlDocument[] }
  | { ok: false; errors: Array<{ message: string } & TextPosition> };

/**
 * Parses a YAML stream (one or more `---` separated documents, YAML 1.2, which also accepts JSON,
 * plus `<<` merge keys as kubectl reads them) and keeps a locator per document. CloudFormation's
 * short intrinsic tags (`!Ref X`, `!GetAtt A.B`, `!Sub`, `!If`, …) are read as the long form they
 * stand for (`{ Ref: 'X' }`, `{ 'Fn::GetAtt': ['A', 'B'] }`), each with its position. Every syntax error
 * of every document is returned with its 1-based line and column; empty documents (a trailing
 * `---`) are dropped.
 *
 * @example
 * ```ts
 * import { parseYamlWithPositions } from '@meshplane/core';
 * const result = parseYamlWithPositions('kind: Mesh\n---\nkind: VirtualNode\n');
 * if (result.ok) console.log(result.documents.length); // 2
 * ```
 */
export function parseYamlWithPositions(text: string): YamlParseResult {
  if (typeof text !== 'string') {
    return {
      ok: false,
      errors: [
        { message: `the input must be text (a string), got ${describeValue(text)}`, line: 1, column: 1 },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const position = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // The two steps of the library's parseAllDocuments, so that the nesting is bounded between them
  // (see MAX_YAML_NESTING: composing a deeper document can abort the process).
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const deep = collectionBeyond(tokens);
  if (deep !== undefined)
    return { ok: false, errors: [{ message: tooDeep(deep.level), ...position(deep.offset) }] };
  // Merge keys (`<<: *anchor`) are YAML 1.1, but kubectl reads them (go-yaml), so manifests use them.
  const docs = Array.from(new Composer({ uniqueKeys: true, merge: true }).compose(tokens));
  const errors: Array<{ message: string } & TextPosition> = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      errors.push({ message: cleanMessage(error.message), ...position(error.pos[0]) });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const documents: YamlDocument[] = [];
  const hasAliases = text.includes('*');
  docs.forEach((doc, index) => {
    const contents = doc.contents;
    if (contents === null || (isNode(contents) && 'value' in contents && contents.value === null)) return;
    const start = position(contents.range?.[0] ?? 0);
    expandCloudFormationTags(doc, text);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Unresolved aliases and alias bombs only surface when the document is converted.
      errors.push({ message: cleanMessage((error as Error).message), ...start });
      return;
    }
    // `&a [*a]`: the library builds a value that contains itself, which no reader of a document
    // (a tree) survives. Only aliases (`*`) can build one, so only then is it looked for.
    const cycle = hasAliases ? selfReference(value) : undefined;
    if (cycle !== undefined) {
      const node = doc.getIn(cycle, true);
      const at = isNode(node) && node.range ? position(node.range[0]) : start;
      errors.push({
        message: `an alias refers to itself (at ${cycle.length === 0 ? 'the document root' : cycle.join('.')}): a node cannot contain itself`,
        ...at,
      });
      return;
    }
    const beyond = hasAliases ? valueBeyond(value) : undefined;
    if (beyond !== undefined) {
      errors.push({
        message: `${tooDeep(beyond.length + 1)} once its aliases are expanded (at ${shortPath(beyond)})`,
        ...start,
      });
      return;
    }
    const locate: Locator = (path) => {
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      if (!isNode(node) || !node.range) return undefined;
      return position(node.range[0]);
    };
    documents.push({ index, value, start, locate });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, documents };
}

function shortPath(path: (string | number)[]): string {
  return path.length <= 8 ? path.join('.') : `${path.slice(0, 8).join('.')}.… (${path.length} levels)`;
}

function tooDeep(level: number): string {
  return `the document nests too deep: a mapping or sequence at level ${level}, and nesting is limited to ${MAX_YAML_NESTING} levels (App Mesh documents nest about ten)`;
}

function cleanMessage(message: string): string {
  // The yaml library is recursive: absurdly deep nesting ends in a stack overflow that it reports
  // as an error at the point where it gave up. Say what that means for the input.
  if (message.includes('Maximum call stack size exceeded')) {
    return 'the document nests too deep to parse (the parser ran out of stack here); App Mesh documents nest about ten levels';
  }
  // The yaml library appends " at line L, column C" and a source excerpt; the issue carries both.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/** The path of the first member that contains one of its ancestors (YAML aliases can build one). */
function selfReference(value: unknown): (string | number)[] | undefined {
  const ancestors = new Set<object>();
  const stack: Array<{ value: unknown; path: (string | number)[] } | { leave: object }> = [
    { value, path: [] },
  ];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('leave' in frame) {
      ancestors.delete(frame.leave);
      continue;
    }
    const current = frame.value;
    if (typeof current !== 'object' || current === null) continue;
    if (ancestors.has(current)) return frame.path;
    ancestors.add(current);
    stack.push({ leave: current });
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, i) => [i, item])
      : Object.entries(current as Record<string, unknown>);
    for (const [key, item] of entries) stack.push({ value: item, path: [...frame.path, key] });
  }
  return undefined;
}
