import protobuf from 'protobufjs';
import { lookupMessageType, typeName } from './load.js';
import { formatDuration, formatFieldMask, formatTimestamp, WRAPPER_TYPES } from './well-known.js';

// A decoded protobufjs message → proto3 JSON with the .proto field names (snake_case), as Envoy's
// /config_dump prints it: well-known types in their JSON forms, Any with `@type`, enums by name,
// 64-bit integers as strings, bytes as base64. Scalars at their default are left out (proto3),
// except members of a oneof or proto3 `optional` fields, whose presence means something.

type Json = unknown;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)));

/** One decoded message → proto3 JSON. */
export function messageToJson(type: protobuf.Type, message: Record<string, unknown>): Json {
  const name = typeName(type);
  if (name.startsWith('google.protobuf.')) {
    const special = wellKnownToJson(name, type, message);
    if (special !== undefined) return special;
  }
  const out: Record<string, Json> = {};
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (value === undefined || value === null || !Object.hasOwn(message, field.name)) continue;
    if (field instanceof protobuf.MapField) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) continue;
      out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, singleToJson(field, v)]));
    } else if (field.repeated) {
      const items = value as unknown[];
      if (items.length === 0) continue;
      out[field.name] = items.map((v) => singleToJson(field, v));
    } else {
      const hasPresence = field.partOf !== null || field.resolvedType instanceof protobuf.Type;
      if (!hasPresence && isDefault(value)) continue;
      out[field.name] = singleToJson(field, value);
    }
  }
  return out;
}

function isDefault(value: unknown): boolean {
  if (value === 0 || value === false || value === '') return true;
  if (value instanceof Uint8Array) return value.length === 0;
  return false;
}

function singleToJson(field: protobuf.Field, value: unknown): Json {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return messageToJson(resolved, value as Record<string, unknown>);
  if (resolved instanceof protobuf.Enum) return resolved.valuesById[value as number] ?? value;
  return scalarToJson(field.type, value);
}

function scalarToJson(kind: string, value: unknown): Json {
  if (kind === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if (/64$/.test(kind)) return String(value);
  if ((kind === 'double' || kind === 'float') && !Number.isFinite(value as number)) return String(value);
  return value;
}

function wellKnownToJson(name: string, type: protobuf.Type, m: Record<string, unknown>): Json {
  if (WRAPPER_TYPES.has(name))
    return scalarToJson(type.fields.value!.type, m.value ?? type.fields.value!.defaultValue);
  switch (name) {
    case 'google.protobuf.Any':
      return anyToJson(m);
    case 'google.protobuf.Duration':
      return formatDuration(num(m.seconds ?? 0), num(m.nanos ?? 0));
    case 'google.protobuf.Timestamp':
      return formatTimestamp(num(m.seconds ?? 0), num(m.nanos ?? 0));
    case 'google.protobuf.FieldMask':
      return formatFieldMask((m.paths as string[] | undefined) ?? []);
    case 'google.protobuf.Struct':
      return structToJson(m);
    case 'google.protobuf.Value':
      return valueToJson(m);
    case 'google.protobuf.ListValue':
      return ((m.values as Record<string, unknown>[] | undefined) ?? []).map(valueToJson);
    case 'google.protobuf.Empty':
      return {};
    default:
      return undefined;
  }
}

function anyToJson(m: Record<string, unknown>): Json {
  const url = String(m.type_url ?? '');
  const type = lookupMessageType(url.slice(url.lastIndexOf('/') + 1));
  if (!type) return { '@type': url, value: Buffer.from((m.value as Uint8Array) ?? []).toString('base64') };
  const inner = messageToJson(
    type,
    type.decode((m.value as Uint8Array) ?? new Uint8Array()) as unknown as Record<string, unknown>,
  );
  const wellKnown = typeName(type).startsWith('google.protobuf.');
  return wellKnown ? { '@type': url, value: inner } : { '@type': url, ...(inner as Record<string, Json>) };
}

function structToJson(m: Record<string, unknown>): Json {
  const fields = (m.fields as Record<string, Record<string, unknown>> | undefined) ?? {};
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueToJson(v)]));
}

// protobufjs's bundled struct.proto names Value's fields in lowerCamel (numberValue, …).
function valueToJson(m: Record<string, unknown>): Json {
  if (Object.hasOwn(m, 'numberValue')) return m.numberValue;
  if (Object.hasOwn(m, 'stringValue')) return m.stringValue;
  if (Object.hasOwn(m, 'boolValue')) return m.boolValue;
  if (Object.hasOwn(m, 'structValue')) return structToJson(m.structValue as Record<string, unknown>);
  if (Object.hasOwn(m, 'listValue')) {
    return (
      ((m.listValue as Record<string, unknown>).values as Record<string, unknown>[] | undefined) ?? []
    ).map(valueToJson);
  }
  return null;
}
