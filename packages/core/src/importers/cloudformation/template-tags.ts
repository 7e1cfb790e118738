import type { PathSegment } from '../json-with-positions.js';
import { describeValue, isRecord } from '../source-document.js';
import { NO_VALUE, UNRESOLVED } from './intrinsic.js';
import type { TemplateEvaluator } from './template-evaluator.js';

/**
 * `Tags: [{ Key, Value }]` in the API shape (`[{ key, value }]`). Tags do not change what the mesh
 * does, so a tag whose key or value depends on the deployment is left out with an
 * `UNRESOLVED_EXPRESSION` warning instead of refusing the resource. Undefined when there are no
 * tags, null when they are malformed (reported).
 */
export function readTemplateTags(
  tags: unknown,
  path: PathSegment[],
  evaluator: TemplateEvaluator,
): Array<{ key: string; value: string }> | undefined | null {
  if (tags === undefined) return undefined;
  const list = evaluator.withSeverity('warning', () =>
    Array.isArray(tags)
      ? tags.map((tag, index) => evaluator.value(tag, [...path, index]))
      : evaluator.value(tags, path),
  );
  if (list === UNRESOLVED || list === NO_VALUE) return undefined;
  if (!Array.isArray(list)) {
    evaluator.reporter.error(
      'INVALID_TYPE',
      path,
      `Tags must be a list of { Key, Value }, got ${describeValue(list)}`,
    );
    return null;
  }
  const out: Array<{ key: string; value: string }> = [];
  let ok = true;
  list.forEach((tag, index) => {
    if (tag === UNRESOLVED || tag === NO_VALUE) return;
    const text = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
    const key = isRecord(tag) ? text(tag.Key) : undefined;
    const value = isRecord(tag) ? text(tag.Value) : undefined;
    const extra = isRecord(tag) ? Object.keys(tag).filter((k) => k !== 'Key' && k !== 'Value') : [];
    if (typeof key !== 'string' || typeof value !== 'string' || extra.length > 0) {
      evaluator.reporter.error(
        extra.length > 0 ? 'UNKNOWN_MEMBER' : 'INVALID_TYPE',
        [...path, index],
        `a tag is { Key: string, Value: string }, got ${describeValue(tag)}`,
      );
      ok = false;
      return;
    }
    out.push({ key, value });
  });
  return ok ? out : null;
}
