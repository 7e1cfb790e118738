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
  if (!value) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: boolean | undefined;
  const extra: string[] = [];
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (key === 'Root') root = v;
    else if (key === 'Parent') parent = v;
    else if (key === 'Sampled') sampled = v === '1' ? true : v === '0' ? false : undefined;
    else extra.push(`${key}=${v}`);
  }
  if (!root) return undefined;
  return { root, ...(parent ? { parent } : {}), ...(sampled !== undefined ? { sampled } : {}), extra };
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
  let out = `Root=${header.root}`;
  if (parent) out += `;Parent=${parent}`;
  if (header.sampled !== undefined) out += `;Sampled=${header.sampled ? '1' : '0'}`;
  for (const field of header.extra) out += `;${field}`;
  return out;
}
