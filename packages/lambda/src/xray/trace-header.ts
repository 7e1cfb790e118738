import { MeshplaneLambdaError } from '../errors.js';
import { shown } from '../value-text.js';

/** The parts of an `X-Amzn-Trace-Id` header meshplane reads and writes. */
export interface TraceHeader {
  root: string;
  parent?: string;
  /** `true` = sampled, `false` = not sampled, undefined = let the callee decide. */
  sampled?: boolean;
  /** Other `key=value` fields (e.g. `Lineage`), kept in order and passed on untouched. */
  extra: string[];
}

/**
 * Parses an `X-Amzn-Trace-Id` header (or Lambda's `_X_AMZN_TRACE_ID`), e.g.
 * `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`. Returns
 * undefined when there is no `Root`.
 *
 * @example
 * ```ts
 * import { parseTraceHeader } from '@meshplane/lambda/middleware';
 * parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')?.sampled; // true
 * ```
 */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  if (!value || typeof value !== 'string') return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: boolean | undefined;
  const extra: string[] = [];
  // Read in place (no split into parts): this runs at every traced invocation.
  let start = 0;
  while (start < value.length) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    const eq = value.indexOf('=', start);
    if (eq > start && eq < end) {
      const key = value.slice(start, eq).trim();
      const v = value.slice(eq + 1, end).trim();
      if (key === 'Root') root = v;
      else if (key === 'Parent') parent = v;
      else if (key === 'Sampled') sampled = v === '1' ? true : v === '0' ? false : undefined;
      else extra.push(`${key}=${v}`);
    }
    start = end + 1;
  }
  if (!root) return undefined;
  // The same fields, in the same order, as before: no spread temporaries.
  if (parent) return sampled === undefined ? { root, parent, extra } : { root, parent, sampled, extra };
  return sampled === undefined ? { root, extra } : { root, sampled, extra };
}

/**
 * Formats a trace header for a downstream call: the same trace, `parent` as the new Parent.
 *
 * @example
 * ```ts
 * import { formatTraceHeader } from '@meshplane/lambda/middleware';
 * formatTraceHeader({ root: '1-5759e988-bd862e3fe1be46a994272793', sampled: true, extra: [] }, '0123456789abcdef');
 * // 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0123456789abcdef;Sampled=1'
 * ```
 */
export function formatTraceHeader(header: TraceHeader, parent: string | undefined): string {
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof header.root !== 'string' ||
    !Array.isArray(header.extra) ||
    (parent !== undefined && typeof parent !== 'string')
  ) {
    throw new MeshplaneLambdaError(
      'INVALID_TRACE_HEADER',
      `formatTraceHeader needs { root: string, extra: string[], parent?, sampled? } and a string parent, got ${shown(header)} and ${shown(parent)}`,
    );
  }
  let out = `Root=${header.root}`;
  if (parent) out += `;Parent=${parent}`;
  if (header.sampled !== undefined) out += `;Sampled=${header.sampled ? '1' : '0'}`;
  for (const field of header.extra) out += `;${typeof field === 'string' ? field : shown(field)}`;
  return out;
}
