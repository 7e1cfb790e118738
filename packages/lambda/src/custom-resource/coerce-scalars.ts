import type { MemberIR, ShapeIR, SmithyModelIR } from '@meshplane/core/smithy';

const NUMERIC = new Set(['integer', 'long', 'short', 'byte', 'float', 'double', 'bigInteger', 'bigDecimal']);
const PRELUDE: Record<string, string> = {
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Short: 'short',
  PrimitiveShort: 'short',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
};

/** `record[key]` when it is the record's own member: a key like `constructor` finds nothing. */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function shapeOf(model: SmithyModelIR, target: string): ShapeIR | { type: string } | undefined {
  if (target.startsWith('smithy.api#')) {
    const type = own(PRELUDE, target.slice('smithy.api#'.length));
    return type ? { type } : undefined;
  }
  return own(model.shapes, target);
}

function coerceMember(model: SmithyModelIR, member: MemberIR | undefined, value: unknown): unknown {
  if (!member) return value;
  return coerceShape(model, shapeOf(model, member.target), value);
}

function coerceShape(
  model: SmithyModelIR,
  shape: ShapeIR | { type: string } | undefined,
  value: unknown,
): unknown {
  if (!shape || value === null || value === undefined) return value;
  const full = shape as ShapeIR;
  if (NUMERIC.has(shape.type) || shape.type === 'intEnum') {
    // Only a clean decimal becomes a number; anything else stays as is so validation names it.
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
    return value;
  }
  if (shape.type === 'boolean') {
    if (value === 'true') return true;
    if (value === 'false') return false;
    return value;
  }
  if (
    (shape.type === 'structure' || shape.type === 'union') &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      // defineProperty: a `__proto__` key (JSON.parse makes it an own member) stays a member.
      Object.defineProperty(out, key, {
        value: coerceMember(model, own(full.members, key), v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (shape.type === 'list' && Array.isArray(value))
    return value.map((v) => coerceMember(model, full.member, v));
  if (shape.type === 'map' && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        coerceMember(model, full.value, v),
      ]),
    );
  }
  return value;
}

/**
 * Undoes CloudFormation's stringification of custom-resource properties (every number and
 * boolean arrives as a string) for a value of a known Smithy shape: `"9080"` becomes `9080` where
 * the model says integer, `"true"` becomes `true` where it says boolean. Strings stay strings
 * everywhere else (a hostname `"123"` is left alone). Values that do not parse are kept so that
 * validation can name them.
 *
 * @example
 * ```ts
 * import { appMeshModel } from '@meshplane/core/smithy';
 * // internal: not exported from the package
 * coerceCloudFormationScalars(appMeshModel, 'PortMapping', { port: '9080', protocol: 'http' });
 * // { port: 9080, protocol: 'http' }
 * ```
 */
export function coerceCloudFormationScalars(
  model: SmithyModelIR,
  shapeName: string,
  value: unknown,
): unknown {
  return coerceShape(model, own(model.shapes, shapeName), value);
}
