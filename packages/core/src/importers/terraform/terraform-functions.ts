import type { HclPosition } from './hcl-structure.js';
import {
  isTfObject,
  showTfValue,
  type TfObject,
  type TfValue,
  tfTypeName,
  UnresolvedExpression,
} from './terraform-values.js';

type TfFunction = (args: TfValue[], fail: (reason: string) => never) => TfValue;

/**
 * Calls a Terraform built-in function that meshplane evaluates exactly (as documented at
 * developer.hashicorp.com/terraform/language/functions); any other function is an
 * `UNRESOLVED_EXPRESSION` naming the call.
 */
export function callFunction(name: string, args: TfValue[], text: string, at: HclPosition): TfValue {
  const fail = (reason: string): never => {
    throw new UnresolvedExpression(text, reason, at);
  };
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) {
    return fail(
      `the function ${name}() is not evaluated by meshplane (it evaluates ${Object.keys(FUNCTIONS).sort().join(', ')})`,
    );
  }
  return fn(args, fail);
}

function str(value: TfValue | undefined, what: string, fail: (reason: string) => never): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(`${what} must be a string, got ${showTfValue(value ?? null)}`);
}

function num(value: TfValue | undefined, what: string, fail: (reason: string) => never): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return fail(`${what} must be a number, got ${showTfValue(value ?? null)}`);
}

function list(value: TfValue | undefined, what: string, fail: (reason: string) => never): TfValue[] {
  if (Array.isArray(value)) return value;
  return fail(`${what} must be a list, got ${showTfValue(value ?? null)}`);
}

function map(value: TfValue | undefined, what: string, fail: (reason: string) => never): TfObject {
  if (isTfObject(value)) return value;
  return fail(`${what} must be a map or object, got ${showTfValue(value ?? null)}`);
}

function arity(args: TfValue[], count: number, name: string, fail: (reason: string) => never): void {
  if (args.length !== count) fail(`${name}() takes ${count} argument(s), got ${args.length}`);
}

/** Terraform's `format` verbs: %s %d %f %v %q %t %%, with an optional width/precision. */
function format(args: TfValue[], fail: (reason: string) => never): string {
  const spec = str(args[0], 'the format string', fail);
  let next = 1;
  const out = spec.replace(
    /%(-?\d*)(?:\.(\d+))?([a-z%])/g,
    (_, width: string, precision: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      if (next >= args.length)
        fail(`the format string has more verbs than the ${args.length - 1} value(s) given`);
      const value = args[next++]!;
      let text: string;
      if (verb === 's' || verb === 'v')
        text =
          verb === 'v' && typeof value === 'object'
            ? showTfValue(value)
            : str(value, `the value for %${verb}`, fail);
      else if (verb === 'd') {
        const n = num(value, 'the value for %d', fail);
        if (!Number.isInteger(n)) fail(`%d needs a whole number, got ${n}`);
        text = String(n);
      } else if (verb === 'f')
        text = num(value, 'the value for %f', fail).toFixed(precision === undefined ? 6 : Number(precision));
      else if (verb === 'q') text = JSON.stringify(str(value, 'the value for %q', fail));
      else if (verb === 't') {
        if (typeof value !== 'boolean') fail(`%t needs a bool, got ${showTfValue(value)}`);
        text = String(value);
      } else return fail(`the format verb %${verb} is not evaluated by meshplane`);
      const w = Math.abs(Number(width || 0));
      return width.startsWith('-') ? text.padEnd(w) : text.padStart(w);
    },
  );
  if (next < args.length)
    fail(`format() got ${args.length - 1} value(s) but the format string uses ${next - 1}`);
  return out;
}

const FUNCTIONS: Record<string, TfFunction> = {
  format: (args, fail) => format(args, fail),
  join: (args, fail) => {
    arity(args, 2, 'join', fail);
    return list(args[1], 'join()’s list', fail)
      .map((v) => str(v, 'each joined element', fail))
      .join(str(args[0], 'the separator', fail));
  },
  split: (args, fail) => {
    arity(args, 2, 'split', fail);
    return str(args[1], 'split()’s string', fail).split(str(args[0], 'the separator', fail));
  },
  lower: (args, fail) => {
    arity(args, 1, 'lower', fail);
    return str(args[0], 'lower()’s argument', fail).toLowerCase();
  },
  upper: (args, fail) => {
    arity(args, 1, 'upper', fail);
    return str(args[0], 'upper()’s argument', fail).toUpperCase();
  },
  trimspace: (args, fail) => {
    arity(args, 1, 'trimspace', fail);
    return str(args[0], 'trimspace()’s argument', fail).trim();
  },
  trimprefix: (args, fail) => {
    arity(args, 2, 'trimprefix', fail);
    const s = str(args[0], 'the string', fail);
    const prefix = str(args[1], 'the prefix', fail);
    return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  },
  trimsuffix: (args, fail) => {
    arity(args, 2, 'trimsuffix', fail);
    const s = str(args[0], 'the string', fail);
    const suffix = str(args[1], 'the suffix', fail);
    return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  },
  replace: (args, fail) => {
    arity(args, 3, 'replace', fail);
    const search = str(args[1], 'the substring', fail);
    // A search string in slashes is a regular expression in RE2 syntax: not JavaScript's.
    if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
      fail('replace() with a regular expression (/.../) is not evaluated by meshplane');
    }
    return str(args[0], 'the string', fail)
      .split(search)
      .join(str(args[2], 'the replacement', fail));
  },
  substr: (args, fail) => {
    arity(args, 3, 'substr', fail);
    const chars = [...str(args[0], 'the string', fail)];
    let offset = num(args[1], 'the offset', fail);
    const length = num(args[2], 'the length', fail);
    if (offset < 0) offset = Math.max(0, chars.length + offset);
    return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
  },
  concat: (args, fail) => args.flatMap((a, i) => list(a, `concat()’s argument ${i + 1}`, fail)),
  merge: (args, fail) =>
    Object.assign(
      {},
      ...args.filter((a) => a !== null).map((a, i) => map(a, `merge()’s argument ${i + 1}`, fail)),
    ),
  lookup: (args, fail) => {
    if (args.length !== 2 && args.length !== 3) fail(`lookup() takes 2 or 3 arguments, got ${args.length}`);
    const m = map(args[0], 'lookup()’s map', fail);
    const key = str(args[1], 'the key', fail);
    if (Object.hasOwn(m, key)) return m[key]!;
    if (args.length === 3) return args[2]!;
    return fail(`the map has no key "${key}" and no default is given`);
  },
  length: (args, fail) => {
    arity(args, 1, 'length', fail);
    const v = args[0]!;
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isTfObject(v)) return Object.keys(v).length;
    return fail(`length() needs a string, list or map, got ${tfTypeName(v)}`);
  },
  element: (args, fail) => {
    arity(args, 2, 'element', fail);
    const l = list(args[0], 'element()’s list', fail);
    if (l.length === 0) fail('element() of an empty list');
    const i = num(args[1], 'the index', fail);
    return l[((i % l.length) + l.length) % l.length]!;
  },
  contains: (args, fail) => {
    arity(args, 2, 'contains', fail);
    return list(args[0], 'contains()’s list', fail).some(
      (v) => JSON.stringify(v) === JSON.stringify(args[1]),
    );
  },
  keys: (args, fail) => {
    arity(args, 1, 'keys', fail);
    return Object.keys(map(args[0], 'keys()’s argument', fail)).sort();
  },
  values: (args, fail) => {
    arity(args, 1, 'values', fail);
    const m = map(args[0], 'values()’s argument', fail);
    return Object.keys(m)
      .sort()
      .map((k) => m[k]!);
  },
  zipmap: (args, fail) => {
    arity(args, 2, 'zipmap', fail);
    const k = list(args[0], 'zipmap()’s keys', fail);
    const v = list(args[1], 'zipmap()’s values', fail);
    if (k.length !== v.length) fail(`zipmap() needs lists of one length, got ${k.length} and ${v.length}`);
    return Object.fromEntries(k.map((key, i) => [str(key, 'each key', fail), v[i]!]));
  },
  coalesce: (args, fail) => {
    const found = args.find((a) => a !== null && a !== '');
    return found === undefined ? fail('coalesce() got no non-null, non-empty argument') : found;
  },
  compact: (args, fail) => {
    arity(args, 1, 'compact', fail);
    return list(args[0], 'compact()’s list', fail).filter((v) => v !== null && v !== '');
  },
  distinct: (args, fail) => {
    arity(args, 1, 'distinct', fail);
    const seen = new Set<string>();
    return list(args[0], 'distinct()’s list', fail).filter((v) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
  flatten: (args, fail) => {
    arity(args, 1, 'flatten', fail);
    const flat = (l: TfValue[]): TfValue[] => l.flatMap((v) => (Array.isArray(v) ? flat(v) : [v]));
    return flat(list(args[0], 'flatten()’s list', fail));
  },
  setproduct: (args, fail) => {
    if (args.length < 2) fail(`setproduct() needs at least two lists, got ${args.length}`);
    return args.reduce<TfValue[][]>(
      (product, arg, i) =>
        product.flatMap((prefix) =>
          list(arg, `setproduct()’s argument ${i + 1}`, fail).map((item) => [...prefix, item]),
        ),
      [[]],
    );
  },
  toset: (args, fail) => {
    arity(args, 1, 'toset', fail);
    // A set of strings iterates in lexical order (for_each relies on it).
    const items = list(args[0], 'toset()’s argument', fail);
    const unique = [...new Map(items.map((v) => [JSON.stringify(v), v])).values()];
    return unique.every((v) => typeof v === 'string') ? [...unique].sort() : unique;
  },
  tolist: (args, fail) => {
    arity(args, 1, 'tolist', fail);
    return list(args[0], 'tolist()’s argument', fail);
  },
  tomap: (args, fail) => {
    arity(args, 1, 'tomap', fail);
    return map(args[0], 'tomap()’s argument', fail);
  },
  tostring: (args, fail) => {
    arity(args, 1, 'tostring', fail);
    return args[0] === null ? null : str(args[0], 'tostring()’s argument', fail);
  },
  tonumber: (args, fail) => {
    arity(args, 1, 'tonumber', fail);
    return args[0] === null ? null : num(args[0], 'tonumber()’s argument', fail);
  },
  tobool: (args, fail) => {
    arity(args, 1, 'tobool', fail);
    const v = args[0]!;
    if (v === null || typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return fail(`tobool() needs a bool or "true"/"false", got ${showTfValue(v)}`);
  },
  min: (args, fail) =>
    args.length === 0
      ? fail('min() needs at least one number')
      : Math.min(...args.map((a) => num(a, 'each argument', fail))),
  max: (args, fail) =>
    args.length === 0
      ? fail('max() needs at least one number')
      : Math.max(...args.map((a) => num(a, 'each argument', fail))),
  abs: (args, fail) => {
    arity(args, 1, 'abs', fail);
    return Math.abs(num(args[0], 'abs()’s argument', fail));
  },
  floor: (args, fail) => {
    arity(args, 1, 'floor', fail);
    return Math.floor(num(args[0], 'floor()’s argument', fail));
  },
  ceil: (args, fail) => {
    arity(args, 1, 'ceil', fail);
    return Math.ceil(num(args[0], 'ceil()’s argument', fail));
  },
  startswith: (args, fail) => {
    arity(args, 2, 'startswith', fail);
    return str(args[0], 'the string', fail).startsWith(str(args[1], 'the prefix', fail));
  },
  endswith: (args, fail) => {
    arity(args, 2, 'endswith', fail);
    return str(args[0], 'the string', fail).endsWith(str(args[1], 'the suffix', fail));
  },
};
