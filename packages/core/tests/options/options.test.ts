import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as core from '../../src/index.js';
import {
  checkOptions,
  defineOptions,
  errorReason,
  excludes,
  optionDependency,
  optionRule,
  requiredWithout,
  requires,
  showValue,
} from '../../src/index.js';

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

describe('dependent options', () => {
  const isMs = (v: unknown) => typeof v === 'number' && v >= 50;
  const polling = defineOptions<{ revisionMs?: number; fullMs?: number }>(
    {
      revisionMs: optionRule('must be a number of milliseconds >= 50', isMs),
      fullMs: optionRule('must be a number of milliseconds >= 50', isMs),
    },
    [
      optionDependency('fullMs', ['revisionMs'], 'must be at least revisionMs (500 when not given)', (o) =>
        o.fullMs === undefined ? true : (o.fullMs as number) >= ((o.revisionMs as number | undefined) ?? 500),
      ),
    ],
  );
  const server = defineOptions<{
    socket?: string;
    listen?: string;
    tls?: { key?: string };
    cloudMap?: object;
    endpoints?: object;
    polling?: object;
  }>(
    {
      socket: optionRule('must be a file path', (v) => typeof v === 'string' && v !== ''),
      listen: optionRule('must be host:port', (v) => typeof v === 'string' && /^[^:]+:\d+$/.test(v)),
      tls: {
        rule: 'must be { key }',
        test: (v) => typeof v === 'object' && v !== null,
        sensitive: true,
        members: defineOptions<{ key?: string }>({
          key: {
            ...optionRule(
              'must be a PEM private key',
              (v) => typeof v === 'string' && v.includes('-----BEGIN'),
            ),
            sensitive: true,
          },
        }),
      },
      cloudMap: optionRule('must be an object', (v) => typeof v === 'object' && v !== null),
      endpoints: optionRule('must be a Map', (v) => v instanceof Map),
      polling: {
        ...optionRule('must be an object', (v) => typeof v === 'object' && v !== null),
        members: polling,
      },
    },
    [
      requiredWithout(
        'socket',
        'listen',
        'must be given when listen is not (the server needs somewhere to listen)',
      ),
      requires('tls', 'listen', 'needs listen (Unix sockets are always plain)'),
      excludes('cloudMap', 'endpoints', 'cannot be used together with endpoints: pick one'),
      requires('polling', 'cloudMap', 'needs cloudMap (it sets how Cloud Map is polled)'),
    ],
  );

  test('reports every problem once, at its option’s place: own rule, members, then dependencies', () => {
    const problems = checkOptions(server, {
      tls: { key: 'secret' },
      cloudMap: {},
      endpoints: new Map(),
      polling: { revisionMs: 10, fullMs: 600 },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'socket: undefined must be given when listen is not (the server needs somewhere to listen)',
      'tls.key: <hidden> must be a PEM private key',
      'tls: <hidden> needs listen (Unix sockets are always plain)',
      'cloudMap: {} cannot be used together with endpoints: pick one',
      'polling.revisionMs: 10 must be a number of milliseconds >= 50',
    ]);
    expect(problems[1]).toMatchObject({ field: 'tls.key', value: 'secret', shown: '<hidden>' });
  });

  test('a dependency applies only once the options it reads pass their own rules', () => {
    expect(checkOptions(polling, { revisionMs: 10, fullMs: 60 }).map((p) => p.message)).toEqual([
      'revisionMs: 10 must be a number of milliseconds >= 50',
    ]);
    expect(checkOptions(polling, { revisionMs: 1000, fullMs: 600 }).map((p) => p.message)).toEqual([
      'fullMs: 600 must be at least revisionMs (500 when not given)',
    ]);
    expect(checkOptions(polling, { fullMs: 100 }).map((p) => p.message)).toEqual([
      'fullMs: 100 must be at least revisionMs (500 when not given)',
    ]);
    expect(checkOptions(server, { socket: '/run/xds.sock', cloudMap: {}, polling: { fullMs: 600 } })).toEqual(
      [],
    );
  });

  test('the edges of requires, excludes and requiredWithout: absent, one, both', () => {
    const messages = (value: object) => checkOptions(server, value).map((p) => p.field);
    expect(messages({ listen: 'h:1', tls: { key: '-----BEGIN' } })).toEqual([]);
    expect(messages({ listen: 'h:1', socket: '/s' })).toEqual([]);
    expect(messages({ socket: '/s', endpoints: new Map() })).toEqual([]);
    expect(messages({ socket: '/s', polling: {} })).toEqual(['polling']);
  });

  test('defineOptions refuses a dependency on an option the schema does not declare', () => {
    expect(() =>
      defineOptions<{ a?: number }>({ a: optionRule('must be a number', (v) => typeof v === 'number') }, [
        requires('a', 'b', 'needs b'),
      ]),
    ).toThrow(
      'option schema: the dependency "a needs b" needs a rule, a test and declared options (not declared: b)',
    );
  });
});

describe('entries and codes', () => {
  const agent = defineOptions<{ attributes?: Record<string, string>; port?: number }>(
    {
      attributes: {
        ...optionRule('must be an object of name → value', (v) => typeof v === 'object' && v !== null),
        entries: { ...optionRule('must be a string', (v) => typeof v === 'string'), code: 'TYPE' },
      },
      port: {
        ...optionRule('must be an integer in 1-65535', (v) => Number.isInteger(v)),
        code: 'PORT_RANGE',
      },
    },
    [{ ...requires('port', 'attributes', 'needs attributes'), code: 'CONFLICT' }],
  );

  test('every entry of an object map is checked, named field.key, with the rule’s code', () => {
    const problems = checkOptions(agent, { attributes: { version: 1, zone: 'a', color: null }, port: 1.5 });
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['TYPE', 'attributes.version: 1 must be a string'],
      ['TYPE', 'attributes.color: null must be a string'],
      ['PORT_RANGE', 'port: 1.5 must be an integer in 1-65535'],
    ]);
    expect(checkOptions(agent, { port: 80 }).map((p) => [p.code, p.message])).toEqual([
      ['CONFLICT', 'port: 80 needs attributes'],
    ]);
  });

  test('entries that cannot be listed are one problem of the option', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    expect(checkOptions(agent, { attributes: trap }).map((p) => p.message)).toEqual([
      'attributes cannot be read: no keys',
    ]);
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
