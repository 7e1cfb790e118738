import type { ImportCode } from '../../errors/issue-codes.js';
import { didYouMean } from '../../errors/suggest-name.js';
import type { IssueSeverity } from '../../errors/validation-issue.js';
import type { PathSegment } from '../json-with-positions.js';
import { formatPath, isRecord } from '../source-document.js';
import {
  type ProviderArgument,
  providerArguments,
  refusedArgumentReason,
  type ScalarKind,
} from './provider-schema.js';
import { terraformPath } from './terraform-issue.js';
import { showTfValue, type TfValue } from './terraform-values.js';

/** What the Terraform-to-API conversion reports into and reads positions from. */
export interface ConversionContext {
  /** Names the resource in messages and issue paths: `aws_appmesh_virtual_node.jazz`. */
  address: string;
  /** The position of a value by its Terraform path (`spec[0].listener[0]`), relative to the resource. */
  locate(path: readonly PathSegment[]): { line: number; column: number } | undefined;
  issue(code: ImportCode, severity: IssueSeverity, path: readonly PathSegment[], message: string): void;
  /**
   * `terraform show -json` output: the provider (plugin SDK v2) stores an unset optional string as
   * "" and an unset optional number as 0, and empty lists for unset blocks; they mean "unset".
   */
  zeroIsUnset: boolean;
  /** Filled with the position of every converted value by its API path (`spec.listeners[0]`). */
  apiPositions: Map<string, { line: number; column: number }>;
}

/**
 * Converts the Terraform value of a block (`spec[0]`, in the provider's schema shape: nested
 * blocks as lists) to the App Mesh API shape `shapeName`; `undefined` when something in it is
 * wrong (reported).
 */
export function convertBlock(
  value: TfValue,
  shapeName: string,
  tfPath: PathSegment[],
  apiPath: PathSegment[],
  context: ConversionContext,
): Record<string, unknown> | undefined {
  record(context, tfPath, apiPath);
  if (!isRecord(value)) {
    context.issue(
      'INVALID_TYPE',
      'error',
      tfPath,
      `${terraformPath(context.address, tfPath)} must be a block, got ${showTfValue(value)}`,
    );
    return undefined;
  }
  const table = providerArguments(shapeName);
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [name, raw] of Object.entries(value)) {
    const argument = table.get(name);
    const path = [...tfPath, name];
    if (!argument) {
      context.issue(
        'UNKNOWN_MEMBER',
        'error',
        path,
        refusedArgumentReason(shapeName, name)
          ? `unknown argument "${name}" in ${terraformPath(context.address, tfPath)}: ${refusedArgumentReason(shapeName, name)}`
          : `unknown argument or block "${name}" in ${terraformPath(context.address, tfPath)}${didYouMean(name, [...table.keys()])}; the provider's ${shapeName} takes ${[...table.keys()].join(', ')}`,
      );
      ok = false;
      continue;
    }
    if (raw === null || raw === undefined || (context.zeroIsUnset && isZero(raw, argument))) continue;
    if (argument.form === 'provider-only') {
      context.issue(
        'IGNORED_MEMBER',
        'warning',
        path,
        `${terraformPath(context.address, path)} is ignored: ${argument.reason}`,
      );
      continue;
    }
    const converted = convertArgument(raw as TfValue, argument, path, [...apiPath, argument.member], context);
    if (converted === undefined) ok = false;
    else out[argument.member] = converted;
  }
  return ok ? out : undefined;
}

function isZero(value: unknown, argument: ProviderArgument): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return argument.form === 'attribute-map' && Object.keys(value).length === 0;
  return !argument.required && (value === '' || value === 0);
}

function convertArgument(
  raw: TfValue,
  argument: ProviderArgument,
  tfPath: PathSegment[],
  apiPath: PathSegment[],
  context: ConversionContext,
): unknown {
  const where = terraformPath(context.address, tfPath);
  switch (argument.form) {
    case 'provider-only':
      return undefined;
    case 'block':
    case 'blocks': {
      const items = Array.isArray(raw) ? raw : [raw];
      if (argument.form === 'block') {
        if (items.length > 1) {
          context.issue(
            'INVALID_TYPE',
            'error',
            [...tfPath, 1],
            `${where} is set ${items.length} times: the provider takes at most one ${tfPath.at(-1)} block here`,
          );
          return undefined;
        }
        return items.length === 0
          ? undefined
          : convertBlock(items[0]!, argument.shape, [...tfPath, 0], apiPath, context);
      }
      const out = items.map((item, i) =>
        convertBlock(item, argument.shape, [...tfPath, i], [...apiPath, i], context),
      );
      record(context, tfPath, apiPath);
      return out.every((item) => item !== undefined) ? out : undefined;
    }
    case 'attribute':
      record(context, tfPath, apiPath);
      return scalar(raw, argument.scalar, where, tfPath, context);
    case 'list': {
      record(context, tfPath, apiPath);
      if (!Array.isArray(raw)) {
        context.issue('INVALID_TYPE', 'error', tfPath, `${where} must be a list, got ${showTfValue(raw)}`);
        return undefined;
      }
      const out = raw.map((item, i) => scalar(item, argument.scalar, `${where}[${i}]`, tfPath, context));
      return out.every((item) => item !== undefined) ? out : undefined;
    }
    case 'attribute-map': {
      record(context, tfPath, apiPath);
      if (!isRecord(raw)) {
        context.issue(
          'INVALID_TYPE',
          'error',
          tfPath,
          `${where} must be a map of strings, got ${showTfValue(raw)}`,
        );
        return undefined;
      }
      const out = Object.entries(raw).map(([key, value]) => ({
        key,
        value: scalar(value as TfValue, 'string', `${where}.${key}`, tfPath, context),
      }));
      return out.every((item) => item.value !== undefined) ? out : undefined;
    }
  }
}

/** Converts as Terraform does for an argument of a primitive type (numbers and bools to strings and back). */
function scalar(
  raw: TfValue,
  kind: ScalarKind,
  where: string,
  tfPath: PathSegment[],
  context: ConversionContext,
): string | number | boolean | undefined {
  if (kind === 'string' && (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'))
    return String(raw);
  if (kind === 'number') {
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  }
  if (kind === 'bool') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
  }
  context.issue('INVALID_TYPE', 'error', tfPath, `${where} must be a ${kind}, got ${showTfValue(raw)}`);
  return undefined;
}

function record(
  context: ConversionContext,
  tfPath: readonly PathSegment[],
  apiPath: readonly PathSegment[],
): void {
  const at = context.locate(tfPath);
  if (at) context.apiPositions.set(formatPath(apiPath), at);
}
