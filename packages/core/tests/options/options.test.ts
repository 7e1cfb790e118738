import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as core from '../../src/index.js';
import { checkOptions, defineOptions, errorReason, optionRule, showValue } from '../../src/index.js';

const schema = defineOptions<{ port?: number; host?: string; name?: string }>({
  port: optionRule(
    'must be an integer from 0 to 65535',
    (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535,
  ),
  host: optionRule('must be a non-empty string', (v) => typeof v === 'string' && v !== ''),
  name: optionRule('must be given, a non-empty string', (v) => typeof v === 'string' && v !== '', true),
});

describe('checkOptions', () => {
  test('reports every problem at once, naming field, value and rule, in the schema order', () => {
    const problems = checkOptions(schema, { host: 7, port: 70000 });
    expect(problems.map((p) => p.message)).toEqual([
      'port: 70000 must be an integer from 0 to 65535',
      'host: 7 must be a non-empty string',
      'name: undefined must be given, a non-empty string',
    ]);
    expect(problems[0]).toMatchObject({
      field: 'port',
      value: 70000,
      rule: 'must be an integer from 0 to 65535',
    });
  });

  test('a valid object has no problems; absent optional members pass', () => {
    expect(checkOptions(schema, { name: 'x' })).toEqual([]);
    expect(checkOptions(schema, { name: 'x', port: 0, host: 'h' })).toEqual([]);
  });

  test('a value that is not an object is one problem named by `where`', () => {
    expect(checkOptions(schema, null, 'router options').map((p) => p.message)).toEqual([
      'router options: null must be an object',
    ]);
    expect(checkOptions(schema, [1])[0]?.message).toBe('options: [1] must be an object');
  });

  test('a member whose getter throws, or a test that throws, is a problem, never an exception', () => {
    const hostile = Object.defineProperty({ name: 'x' }, 'port', {
      get() {
        throw new Error('no port');
      },
      enumerable: true,
    });
    expect(checkOptions(schema, hostile).map((p) => p.message)).toEqual(['port cannot be read: no port']);
    const throwing = defineOptions<{ a?: unknown }>({
      a: optionRule('must pass', () => {
        throw new Error('boom');
      }),
    });
    expect(checkOptions(throwing, { a: 1 }).map((p) => p.message)).toEqual(['a: 1 must pass']);
  });

  test('defineOptions refuses a rule without words or test', () => {
    expect(() => defineOptions({ a: { rule: '', test: () => true } })).toThrow('option schema: a needs');
    expect(() => defineOptions({ a: { rule: 'x' } as never })).toThrow(TypeError);
  });
});

describe('showValue', () => {
  test('never calls the value’s own members', () => {
    let called = 0;
    const hostile = {
      toString() {
        called++;
        return 'x';
      },
      toJSON() {
        called++;
        return 'x';
      },
      [Symbol.toPrimitive]() {
        called++;
        return 'x';
      },
    };
    expect(showValue(hostile)).toBe('{"toString":<function toString>,"toJSON":<function toJSON>}');
    expect(called).toBe(0);
  });

  test('prints hostile and special values without throwing, bounded', () => {
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(showValue(proxy)).toBe('<unreadable: trap>');
    expect(showValue(Number.NaN)).toBe('NaN');
    expect(showValue(-0)).toBe('-0');
    expect(showValue(Symbol('s'))).toBe('Symbol(s)');
    expect(showValue(new URL('http://a/b'))).toBe('"http://a/b"');
    expect(showValue(Object.assign(new String('s'), { valueOf: () => 'no' }))).toBe('"s"');
    expect(showValue('x'.repeat(500))).toHaveLength(200);
    expect(showValue(Array.from({ length: 30 }, (_, i) => i))).toContain('… 10 more');
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = [deep];
    expect(showValue(deep)).toBe('[[[[[[[…]]]]]]]');
    expect(errorReason('plain')).toBe('"plain"');
  });

  test('dates, maps, sets, errors, regular expressions and class instances print as what they are', () => {
    class Client {
      region = 'us-east-1';
    }
    const date = Object.assign(new Date(0), { toISOString: () => 'own member, never called' });
    expect(showValue(date)).toBe('<Date 1970-01-01T00:00:00.000Z>');
    expect(showValue(new Date(Number.NaN))).toBe('<Date invalid>');
    expect(showValue(new Map([[1, 2]]))).toBe('<Map of 1>');
    expect(showValue(new Set([1, 2]))).toBe('<Set of 2>');
    expect(showValue(/a\/b/gi)).toBe('<RegExp /a\\/b/gi>');
    expect(showValue(new TypeError('bad port'))).toBe('<TypeError: bad port>');
    expect(showValue(new Client())).toBe('<Client {"region":"us-east-1"}>');
    expect(showValue(Object.create(null))).toBe('{}');
    const trap = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap');
        },
      },
    );
    expect(showValue(trap)).toBe('<unreadable: trap>');
  });
});

// Every @example of src/options runs against the real exports and prints what its comment says.
const src = join(import.meta.dirname, '../../src/options');
const examples = readdirSync(src)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((file) => {
    const text = readFileSync(join(src, file), 'utf8');
    return [...text.matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map(
      (m, i) => [`${file} #${i + 1}`, (m[1] ?? '').replace(/^\s*\* ?/gm, '')] as const,
    );
  });

describe('TSDoc examples of options', () => {
  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });
  test.each(examples)('%s runs', (_, code) => {
    const body = code.replace(/^import \{([^}]*)\} from '@meshplane\/core';$/gm, 'const {$1} = core;');
    const printed: string[] = [];
    const log = (...args: unknown[]) =>
      printed.push(args.map((a) => inspect(a, { breakLength: Infinity })).join(' '));
    new Function('core', 'console', transformSync(body, { loader: 'ts' }).code)(core, { log });
    const lines = code.split('\n');
    const expected = lines.flatMap((line, i) =>
      line.includes('console.log(')
        ? [/\);\s*\/\/ (.*)$/.exec(line)?.[1] ?? /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '')?.[1] ?? '']
        : [],
    );
    const squash = (t: string) => t.replace(/\s+/g, '');
    expect(printed.map(squash)).toEqual(expected.map(squash));
  });
});
