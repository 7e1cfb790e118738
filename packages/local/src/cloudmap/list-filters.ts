import { invalidInput } from './errors.js';

/** One filter of ListNamespaces, ListServices or ListOperations, checked. */
export interface ListFilter {
  name: string;
  condition: 'EQ' | 'IN' | 'BETWEEN' | 'BEGINS_WITH';
  values: string[];
}

/**
 * Checks a Filters list against the conditions each filter name supports (AWS API reference:
 * EQ is the default and takes one value, IN takes one or more, BETWEEN exactly two,
 * BEGINS_WITH one) and reports every bad filter in one InvalidInput.
 */
export function parseFilters(
  raw: unknown,
  supported: Record<string, ListFilter['condition'][]>,
): ListFilter[] {
  const list = (raw ?? []) as { Name: string; Values: string[]; Condition?: ListFilter['condition'] }[];
  const problems: string[] = [];
  const filters = list.map((f, i) => {
    const condition = f.Condition ?? 'EQ';
    const allowed = supported[f.Name];
    if (!allowed) {
      problems.push(
        `Filters[${i}].Name "${f.Name}" is not supported here (supported: ${Object.keys(supported).join(', ')})`,
      );
    } else if (!allowed.includes(condition)) {
      problems.push(
        `Filters[${i}].Condition "${condition}" is not supported for ${f.Name} (supported: ${allowed.join(', ')})`,
      );
    }
    const n = f.Values?.length ?? 0;
    if ((condition === 'EQ' || condition === 'BEGINS_WITH') && n !== 1) {
      problems.push(`Filters[${i}].Values has ${n} values; ${condition} takes exactly one`);
    } else if (condition === 'BETWEEN' && n !== 2) {
      problems.push(`Filters[${i}].Values has ${n} values; BETWEEN takes exactly two (start, end)`);
    } else if (condition === 'IN' && n < 1) {
      problems.push(`Filters[${i}].Values is empty; IN takes at least one value`);
    }
    return { name: f.Name, condition, values: f.Values ?? [] };
  });
  if (problems.length > 0) throw invalidInput(`Filters are invalid: ${problems.join('; ')}.`);
  return filters;
}

/** Whether a string value passes an EQ / IN / BEGINS_WITH filter. */
export function filterMatches(filter: ListFilter, value: string): boolean {
  switch (filter.condition) {
    case 'EQ':
      return value === filter.values[0];
    case 'IN':
      return filter.values.includes(value);
    case 'BEGINS_WITH':
      return value.startsWith(filter.values[0] ?? '');
    default:
      return false;
  }
}
