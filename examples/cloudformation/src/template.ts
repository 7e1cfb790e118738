import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

/** One resource of a CloudFormation template. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

/** The parts of a template the local stack simulator reads. */
export interface Template {
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

// CloudFormation's short-form intrinsic functions, turned into their long JSON form.
const intrinsic = (tag: string, fn: string, split?: boolean) => [
  {
    tag,
    resolve: (value: string) => ({ [fn]: split ? value.split('.') : value }),
  },
  {
    tag,
    collection: 'seq' as const,
    resolve: (seq: { toJSON(): unknown }) => ({ [fn]: seq.toJSON() }),
  },
];

const customTags: Tags = [
  ...intrinsic('!Ref', 'Ref'),
  ...intrinsic('!GetAtt', 'Fn::GetAtt', true),
  ...intrinsic('!Sub', 'Fn::Sub'),
  ...intrinsic('!Join', 'Fn::Join'),
  ...intrinsic('!Select', 'Fn::Select'),
  ...intrinsic('!If', 'Fn::If'),
] as Tags;

/**
 * Reads a CloudFormation YAML template, with the short-form intrinsic functions (`!Ref`,
 * `!GetAtt`, `!Sub`, …) turned into their JSON form (`{ Ref }`, `{ 'Fn::GetAtt': [..] }`, …).
 *
 * @example
 * ```ts
 * import { readTemplate } from './template.js';
 * const template = readTemplate(new URL('../template.yaml', import.meta.url));
 * console.log(Object.keys(template.Resources));
 * ```
 */
export function readTemplate(path: string | URL): Template {
  return parse(readFileSync(path, 'utf8'), { customTags }) as Template;
}
