import { didYouMean } from '../../errors/suggest-name.js';
import { appMeshModel } from '../../smithy/generated/appmesh-model.js';
import type { MemberIR } from '../../smithy/ir.js';
import type { PathSegment } from '../json-with-positions.js';
import { describeValue, isRecord } from '../source-document.js';
import type { TemplateReporter } from './template-reporter.js';

// The App Mesh members whose CloudFormation property is spelled in capitals rather than with a
// capital first letter (the AWS::AppMesh::* property types: `DNS`, `AWSCloudMap`, `TLS`,
// `ConnectionPool.HTTP2`, `Timeout.GRPC`, `Trust.ACM`, `Certificate.SDS`, …).
const CAPITALIZED: Readonly<Record<string, string>> = {
  dns: 'DNS',
  awsCloudMap: 'AWSCloudMap',
  tls: 'TLS',
  http: 'HTTP',
  http2: 'HTTP2',
  grpc: 'GRPC',
  tcp: 'TCP',
  acm: 'ACM',
  sds: 'SDS',
};

/** The CloudFormation property name of an App Mesh API member: `portMapping` → `PortMapping`. */
export function propertyName(member: string): string {
  return CAPITALIZED[member] ?? `${member[0]!.toUpperCase()}${member.slice(1)}`;
}

/**
 * Converts an evaluated CloudFormation property value (PascalCase property types) into the App
 * Mesh API shape `shape` (camelCase, as `validate` and the planner read it), following the App
 * Mesh Smithy model: every CloudFormation property type of `AWS::AppMesh::*` mirrors an API
 * structure member for member. Property names are matched exactly (CloudFormation is
 * case-sensitive); an unknown one is `UNKNOWN_MEMBER` with the closest name. Numbers and booleans
 * written as strings become numbers and booleans, and numbers in string members their text, as
 * CloudFormation converts them. Other type mistakes are left for `validate` to report at the
 * API path (which the importer's locator maps back to the property).
 */
export function apiShapeFromProperties(
  value: unknown,
  shape: string,
  path: readonly PathSegment[],
  reporter: TemplateReporter,
): { value: unknown; ok: boolean } {
  const state = { ok: true };
  const converted = convert(value, { target: shape }, path, reporter, state);
  return { value: converted, ok: state.ok };
}

function convert(
  value: unknown,
  member: MemberIR,
  path: readonly PathSegment[],
  reporter: TemplateReporter,
  state: { ok: boolean },
): unknown {
  const shape = appMeshModel.shapes[member.target];
  const type = shape?.type ?? preludeType(member.target);
  switch (type) {
    case 'structure':
    case 'union':
      return convertStructure(value, member.target, path, reporter, state);
    case 'list':
      if (!Array.isArray(value)) {
        reporter.error('INVALID_TYPE', path, `${lastName(path)} must be a list, got ${describeValue(value)}`);
        state.ok = false;
        return value;
      }
      return value.map((item, index) => convert(item, shape!.member!, [...path, index], reporter, state));
    case 'string':
    case 'enum':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
        ? Number(value)
        : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

function convertStructure(
  value: unknown,
  shapeName: string,
  path: readonly PathSegment[],
  reporter: TemplateReporter,
  state: { ok: boolean },
): unknown {
  if (!isRecord(value)) {
    reporter.error(
      'INVALID_TYPE',
      path,
      `${lastName(path)} must be a map of properties, got ${describeValue(value)}`,
    );
    state.ok = false;
    return value;
  }
  const members = appMeshModel.shapes[shapeName]?.members ?? {};
  const byProperty = new Map(Object.keys(members).map((name) => [propertyName(name), name]));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const apiName = byProperty.get(key);
    if (apiName === undefined) {
      const allowed = [...byProperty.keys()];
      reporter.error(
        'UNKNOWN_MEMBER',
        [...path, key],
        `unknown property "${key}" in ${lastName(path)} (CloudFormation type ${shapeName})${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`,
      );
      state.ok = false;
      continue;
    }
    out[apiName] = convert(item, members[apiName]!, [...path, key], reporter, state);
  }
  return out;
}

function preludeType(target: string): string {
  const name = target.replace(/^smithy\.api#/, '').toLowerCase();
  return name === 'primitiveboolean' ? 'boolean' : name.replace(/^primitive/, '');
}

function lastName(path: readonly PathSegment[]): string {
  const named = [...path].reverse().find((segment) => typeof segment === 'string');
  return String(named ?? 'the value');
}
