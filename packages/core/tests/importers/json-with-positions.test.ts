import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseJsonWithPositions } from '@meshplane/core';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

function failure(text: string) {
  const result = parseJsonWithPositions(text);
  if (result.ok) throw new Error('expected a parse error');
  return result;
}

describe('parseJsonWithPositions', () => {
  it('reports the stray closing brace of shopmesh/order-vn.json at line 29, column 1', () => {
    // Prepare
    const text = fixture('shopmesh/order-vn.json');

    // Act
    const result = failure(text);

    // Assess
    expect(result).toMatchObject({ line: 29, column: 1 });
    expect(result.message).toContain("unexpected '}' after the end of the JSON document");
  });

  it('parses what JSON.parse parses and locates every value', () => {
    // Prepare
    const text = '{\n  "a": [1, {"b": "x\\u00e9\\n"}],\n  "c": -1.5e3, "d": null, "e": true\n}';

    // Act
    const result = parseJsonWithPositions(text);

    // Assess
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toEqual(JSON.parse(text));
    expect(result.locate([])).toEqual({ line: 1, column: 1 });
    expect(result.locate(['a', 1, 'b'])).toEqual({ line: 2, column: 18 });
    expect(result.locate(['c'])).toEqual({ line: 3, column: 8 });
    expect(result.locate(['missing'])).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 1, 8, 'trailing comma'],
    ['[1, 2,]', 1, 6, 'trailing comma'],
    ['{"a" 1}', 1, 6, "expected ':'"],
    ['{\n  "a": "x\n"}', 2, 10, 'control characters'],
    ['{"a": 01}', 1, 8, 'invalid number'],
    ["{'a': 1}", 1, 2, 'double quotes'],
    ['{"a": tru}', 1, 7, 'expected a JSON value'],
    ['{"a": "\\x"}', 1, 8, 'invalid escape sequence'],
    ['', 1, 1, 'empty'],
    ['{"a": [1, 2}', 1, 12, "expected ',' or ']'"],
    ['{"a": "open', 1, 7, 'unterminated string'],
  ])('rejects %j at %i:%i (%s)', (text, line, column, message) => {
    // Act
    const result = failure(text);

    // Assess
    expect(result).toMatchObject({ line, column });
    expect(result.message).toContain(message);
  });

  it('reports nesting past 512 levels at the value that goes too deep, instead of overflowing the stack', () => {
    // Prepare
    const atLimit = `${'['.repeat(512)}${']'.repeat(512)}`;
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;

    // Act
    const accepted = parseJsonWithPositions(atLimit);
    const result = failure(deep);

    // Assess
    expect(accepted.ok).toBe(true);
    expect(failure(`${'['.repeat(513)}${']'.repeat(513)}`)).toMatchObject({ line: 1, column: 513 });
    expect(result).toMatchObject({ line: 1, column: 5 + 512 });
    expect(result.message).toBe(
      "'[' sits at nesting level 513; nesting is limited to 512 levels of arrays and objects (App Mesh documents are far shallower)",
    );
  });

  it('counts lines across CRLF and ignores a byte-order mark', () => {
    // Act
    const result = failure('\uFEFF{\r\n  "a": 1\r\n}\r\n]');

    // Assess
    expect(result).toMatchObject({ line: 4, column: 1 });
  });

  it('accepts duplicate member names like JSON.parse and reports where the later one is', () => {
    // Act
    const result = parseJsonWithPositions('{\n "a": 1,\n "a": 2\n}');

    // Assess
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toEqual({ a: 2 });
    expect(result.duplicateKeys).toEqual([{ path: ['a'], line: 3, column: 2 }]);
  });
});
