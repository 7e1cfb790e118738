import type { FieldChange, Plan, PlannedChange } from '@meshplane/core/appmesh';

/** How a plan is drawn: colour only on a terminal without NO_COLOR. */
export interface PlanFormatOptions {
  color?: boolean;
}

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;
// SGR codes: green, yellow, red, dim (ECMA-48); reset after each coloured span.
const COLOR = { create: '32', update: '33', delete: '31', dim: '2' } as const;

/**
 * True when output to `stream` may be coloured: a terminal, and no `NO_COLOR` (https://no-color.org:
 * any non-empty value turns colour off) nor `TERM=dumb`.
 *
 * @example
 * ```ts
 * import { colorEnabled } from './output/plan-format.js'; // inside packages/cli/src
 * colorEnabled({ isTTY: true }, { NO_COLOR: '1' }); // false
 * ```
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

const paint = (on: boolean, code: string, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

// One value per line when it is a list or an object, so that a change inside a long list of
// backends or match headers reads as lines, not as one line of JSON.
function showValue(value: unknown, indent: string): string {
  if (value === undefined) return '(absent)';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const text = JSON.stringify(value, null, 2);
  if (!text.includes('\n') || text.length <= 60) return JSON.stringify(value);
  return text.split('\n').join(`\n${indent}`);
}

// The leaves of a created value, one `path = value` each (as Terraform lists a create's
// attributes); an empty object or list stays one leaf.
function leaves(path: string, value: unknown, into: string[]): string[] {
  if (Array.isArray(value) && value.length > 0) {
    for (const [i, item] of value.entries()) leaves(`${path}[${i}]`, item, into);
  } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) leaves(`${path}.${key}`, item, into);
  } else into.push(`      ${path} = ${JSON.stringify(value)}`);
  return into;
}

function formatField(change: PlannedChange, field: FieldChange, color: boolean): string[] {
  const indent = '        ';
  if (change.action === 'create') return leaves(field.path, field.after, []);
  const before = showValue(field.before, indent);
  const after = showValue(field.after, indent);
  if (!before.includes('\n') && !after.includes('\n')) {
    return [
      `      ${field.path}: ${paint(color, COLOR.delete, before)} → ${paint(color, COLOR.create, after)}`,
    ];
  }
  return [
    `      ${field.path}:`,
    `${indent}${paint(color, COLOR.delete, `- ${before}`)}`,
    `${indent}${paint(color, COLOR.create, `+ ${after}`)}`,
  ];
}

/**
 * A plan for people: one line per change (`+` create, `~` update, `-` delete) with its reason,
 * the fields a create sets, the field-level diff of updates (lists and objects over several
 * lines), and a summary line; coloured when `color` is set.
 *
 * @example
 * ```ts
 * import { formatPlan } from './output/plan-format.js'; // inside packages/cli/src
 * import { plan } from '@meshplane/core/appmesh';
 * const p = plan({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] }, { resources: [] });
 * formatPlan(p).split('\n')[0]; // '  + create mesh:m (the mesh does not exist)'
 * ```
 */
export function formatPlan(p: Plan, options: PlanFormatOptions = {}): string {
  const color = options.color === true;
  const lines: string[] = [];
  for (const change of p.changes) {
    const head = `${SYMBOL[change.action]} ${change.action} ${change.key}`;
    lines.push(
      `  ${paint(color, COLOR[change.action], head)} ${paint(color, COLOR.dim, `(${change.reason})`)}`,
    );
    if (change.action !== 'delete') {
      for (const field of change.diff) lines.push(...formatField(change, field, color));
    }
  }
  if (p.unmanaged && p.unmanaged.length > 0) {
    lines.push(
      `  Not managed by meshplane (no meshplane:managed tag), left as they are (--prune-unmanaged deletes them):`,
      ...p.unmanaged.map((key) => `    ${paint(color, COLOR.dim, `= ${key}`)}`),
    );
  }
  const { create, update, delete: del, unchanged } = p.summary;
  lines.push(
    p.changes.length === 0
      ? `No changes. ${unchanged} resource(s) in ${p.meshes.join(', ')} match the model.`
      : `Plan: ${create} to create, ${update} to update, ${del} to delete, ${unchanged} unchanged.`,
  );
  return `${lines.join('\n')}\n`;
}
