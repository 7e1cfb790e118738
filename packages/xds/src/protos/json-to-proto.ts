import { showValue } from '@meshplane/core';
import protobuf from 'protobufjs';
import { lookupMessageType, typeName } from './load.js';
import { lowerCamel, parseDuration, parseFieldMask, parseTimestamp, WRAPPER_TYPES } from './well-known.js';

// proto3 JSON (protobuf "ProtoJSON Format") → a plain object protobufjs can encode, checking every
// field on the way: an unknown field, a value of the wrong type, an unknown enum name, a bad
// duration or an unresolvable Any `@type` is a problem with its JSON path. protobufjs's own
// fromObject drops unknown fields silently and knows no well-known type but Any: it cannot keep a
// translation honest.

/** What goes wrong, collected (all problems at once, each with its JSON path). */
export interface JsonProblem {
  path: string;
  message: string;
}

type Out = Record<string, unknown>;
const fieldIndex = new WeakMap<protobuf.Type, Map<string, protobuf.Field>>();

function fieldsByJsonName(type: protobuf.Type): Map<string, protobuf.Field> {
  let index = fieldIndex.get(type);
  if (!index) {
    index = new Map();
    for (const field of type.fieldsArray) {
      index.set(field.name, field);
      index.set(lowerCamel(field.name), field);
    }
    fieldIndex.set(type, index);
  }
  return index;
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => showValue(v, 60);

/**
 * Converts one message from proto3 JSON. Returns undefined (and records problems) when the value
 * cannot be converted.
 */
export function messageFromJson(
  type: protobuf.Type,
  json: unknown,
  path: string,
  problems: JsonProblem[],
): Out | undefined {
  const name = typeName(type);
  if (name.startsWith('google.protobuf.') && name !== 'google.protobuf.Any') {
    const special = wellKnownFromJson(name, type, json, path, problems);
    if (special !== NOT_SPECIAL) return special as Out | undefined;
  }
  if (!isPlainObject(json)) {
    problems.push({ path, message: `expected an object (${name}), got ${show(json)}` });
    return undefined;
  }
  if (name === 'google.protobuf.Any') return anyFromJson(json, path, problems);
  const out: Out = {};
  const fields = fieldsByJsonName(type);
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const field = fields.get(key);
    const at = `${path}.${key}`;
    if (!field) {
      problems.push({ path: at, message: `unknown field "${key}" in ${name}` });
      continue;
    }
    if (seen.has(field.name)) {
      problems.push({
        path: at,
        message: `field "${field.name}" given twice (as "${seen.get(field.name)}" and "${key}")`,
      });
      continue;
    }
    seen.set(field.name, key);
    if (value === null && (!field.resolvedType || typeName(field.resolvedType) !== 'google.protobuf.Value'))
      continue;
    const converted = fieldFromJson(field, value, at, problems);
    if (converted !== undefined) out[field.name] = converted;
  }
  checkOneofs(type, out, path, problems);
  return out;
}

function checkOneofs(type: protobuf.Type, out: Out, path: string, problems: JsonProblem[]): void {
  for (const oneof of type.oneofsArray) {
    // proto3 `optional` fields are synthetic one-member oneofs: nothing to check.
    if (oneof.fieldsArray.length < 2) continue;
    const set = oneof.fieldsArray.filter((f) => out[f.name] !== undefined).map((f) => f.name);
    if (set.length > 1) {
      problems.push({
        path,
        message: `at most one of oneof "${oneof.name}" may be set, got ${set.join(', ')}`,
      });
    }
  }
}

function fieldFromJson(
  field: protobuf.Field,
  value: unknown,
  path: string,
  problems: JsonProblem[],
): unknown {
  if (field instanceof protobuf.MapField) {
    if (!isPlainObject(value)) {
      problems.push({ path, message: `expected an object (map<${field.keyType}, …>), got ${show(value)}` });
      return undefined;
    }
    // Keys sorted: protobufjs writes map entries in key order, so equal maps give equal bytes
    // (the cache's versions are hashes of these bytes).
    const out: Out = {};
    for (const [k, v] of Object.entries(value).sort(byKey)) {
      if (field.keyType !== 'string' && field.keyType !== 'bool' && !/^-?\d+$/.test(k)) {
        problems.push({
          path: `${path}.${k}`,
          message: `map key "${k}" is not an integer (${field.keyType})`,
        });
        continue;
      }
      const converted = singleFromJson(field, v, `${path}.${k}`, problems);
      if (converted !== undefined) out[k] = converted;
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) {
      problems.push({ path, message: `expected an array, got ${show(value)}` });
      return undefined;
    }
    return value.map((item, i) => singleFromJson(field, item, `${path}[${i}]`, problems));
  }
  return singleFromJson(field, value, path, problems);
}

function singleFromJson(
  field: protobuf.Field,
  value: unknown,
  path: string,
  problems: JsonProblem[],
): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageFromJson(resolved, value, path, problems);
  if (resolved instanceof protobuf.Enum) return enumFromJson(resolved, value, path, problems);
  const scalar = scalarFromJson(field.type, value);
  if (typeof scalar === 'object' && scalar !== null && 'problem' in scalar) {
    problems.push({ path, message: `${scalar.problem}, got ${show(value)}` });
    return undefined;
  }
  return scalar;
}

function enumFromJson(
  type: protobuf.Enum,
  value: unknown,
  path: string,
  problems: JsonProblem[],
): number | undefined {
  if (typeof value === 'string' && Object.hasOwn(type.values, value)) return type.values[value];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const names = Object.keys(type.values);
  problems.push({
    path,
    message: `${show(value)} is not a value of enum ${typeName(type)} (${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`,
  });
  return undefined;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const UINT32 = { min: 0, max: 2 ** 32 - 1 };

/** A scalar's proto3 JSON value → what protobufjs encodes, or `{ problem }`. */
export function scalarFromJson(kind: string, value: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : { problem: 'expected a string' };
    case 'bool':
      return typeof value === 'boolean' ? value : { problem: 'expected true or false' };
    case 'double':
    case 'float':
      if (typeof value === 'number') return value;
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      return { problem: 'expected a number' };
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return integer(value, INT32, `expected an integer in [${INT32.min}, ${INT32.max}] (${kind})`);
    case 'uint32':
    case 'fixed32':
      return integer(value, UINT32, `expected an integer in [0, ${UINT32.max}] (${kind})`);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64': {
      const unsigned = kind === 'uint64' || kind === 'fixed64';
      // Without the optional `long` package protobufjs encodes 64-bit fields from numbers: values
      // beyond 2^53 (no Envoy setting needs them) are refused rather than rounded.
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || (unsigned && n < 0)) {
        return { problem: `expected an integer (${kind}, a number or a decimal string, at most 2^53)` };
      }
      return n;
    }
    case 'bytes':
      if (typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value))
        return Buffer.from(value, 'base64');
      return { problem: 'expected base64 bytes' };
    default:
      return { problem: `unsupported scalar type ${kind}` };
  }
}

function integer(value: unknown, range: { min: number; max: number }, problem: string): unknown {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= range.min && n <= range.max) return n;
  return { problem };
}

/** `google.protobuf.Any` in proto3 JSON: `{"@type": url, ...fields}` or, for a well-known type, `{"@type": url, "value": …}`. */
function anyFromJson(json: Record<string, unknown>, path: string, problems: JsonProblem[]): Out | undefined {
  const url = json['@type'];
  if (typeof url !== 'string' || !url.includes('/')) {
    problems.push({
      path: `${path}.@type`,
      message: `an Any needs "@type": "type.googleapis.com/<message>", got ${show(url)}`,
    });
    return undefined;
  }
  const type = lookupMessageType(url.slice(url.lastIndexOf('/') + 1));
  if (!type) {
    problems.push({
      path: `${path}.@type`,
      message: `unknown type ${show(url)} (no Envoy v3 proto defines it)`,
    });
    return undefined;
  }
  const { '@type': _, ...rest } = json;
  const isWellKnown =
    typeName(type).startsWith('google.protobuf.') && typeName(type) !== 'google.protobuf.Any';
  const body = isWellKnown ? rest.value : rest;
  if (isWellKnown) {
    const extra = Object.keys(rest).filter((k) => k !== 'value');
    for (const k of extra)
      problems.push({ path: `${path}.${k}`, message: `unknown field "${k}" in an Any holding ${url}` });
  }
  const before = problems.length;
  const message = messageFromJson(type, body, path, problems);
  if (!message || problems.length > before) return undefined;
  return { type_url: url, value: type.encode(message).finish() };
}

const NOT_SPECIAL = Symbol('not special');

function wellKnownFromJson(
  name: string,
  type: protobuf.Type,
  json: unknown,
  path: string,
  problems: JsonProblem[],
): unknown {
  const fail = (message: string) => {
    problems.push({ path, message: `${message}, got ${show(json)}` });
    return undefined;
  };
  if (WRAPPER_TYPES.has(name)) {
    const scalar = scalarFromJson(type.fields.value!.type, json);
    if (typeof scalar === 'object' && scalar !== null && 'problem' in scalar)
      return fail(`${scalar.problem as string} (${name})`);
    return { value: scalar };
  }
  switch (name) {
    case 'google.protobuf.Duration':
    case 'google.protobuf.Timestamp': {
      if (typeof json !== 'string') return fail(`expected a string (${name})`);
      const parsed = name.endsWith('Duration') ? parseDuration(json) : parseTimestamp(json);
      return typeof parsed === 'string' ? fail(parsed) : parsed;
    }
    case 'google.protobuf.FieldMask':
      return typeof json === 'string'
        ? { paths: parseFieldMask(json) }
        : fail('expected a string (FieldMask)');
    case 'google.protobuf.Struct':
      return isPlainObject(json) ? structFromJson(json) : fail('expected an object (Struct)');
    case 'google.protobuf.Value':
      return valueFromJson(json, path, problems);
    case 'google.protobuf.ListValue':
      return Array.isArray(json)
        ? { values: json.map((v, i) => valueFromJson(v, `${path}[${i}]`, problems)) }
        : fail('expected an array (ListValue)');
    case 'google.protobuf.Empty':
      return isPlainObject(json) && Object.keys(json).length === 0 ? {} : fail('expected {} (Empty)');
    default:
      return NOT_SPECIAL;
  }
}

function structFromJson(json: Record<string, unknown>): Out {
  const fields: Out = {};
  for (const [k, v] of Object.entries(json).sort(byKey)) fields[k] = valueFromJson(v, '', []);
  return { fields };
}

// protobufjs's bundled struct.proto names Value's fields in lowerCamel (numberValue, …).
function valueFromJson(json: unknown, path: string, problems: JsonProblem[]): Out | undefined {
  if (json === null) return { nullValue: 0 };
  if (typeof json === 'number') return { numberValue: json };
  if (typeof json === 'string') return { stringValue: json };
  if (typeof json === 'boolean') return { boolValue: json };
  if (Array.isArray(json))
    return { listValue: { values: json.map((v, i) => valueFromJson(v, `${path}[${i}]`, problems)) } };
  if (isPlainObject(json)) return { structValue: structFromJson(json) };
  problems.push({ path, message: `${show(json)} is not a JSON value` });
  return undefined;
}
