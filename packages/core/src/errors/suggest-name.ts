/**
 * The allowed name closest to a mistyped one, as a message suffix (`; did you mean "listeners"?`),
 * or `''` when none is close: at most 2 edits (insertions, deletions, substitutions or swaps of
 * adjacent letters), and fewer than half the name's length, ignoring case.
 *
 * @example
 * ```ts
 * import { didYouMean } from '@meshplane/core';
 * console.log(didYouMean('listners', ['listeners', 'backends'])); // '; did you mean "listeners"?'
 * console.log(didYouMean('zzz', ['listeners'])); // ''
 * ```
 */
export function didYouMean(name: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined || bestDistance > 2 || bestDistance * 2 >= name.length) return '';
  return `; did you mean "${best}"?`;
}

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    const previous = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
  }
  return rows[a.length]![b.length]!;
}
