/**
 * What the DJ app's backends answer, as printed in the App Mesh walkthrough ("Learning AWS App
 * Mesh"): v1 lists artists, v2 adds where they come from.
 *
 * @example
 * ```ts
 * import { ARTISTS } from './artists.js';
 * console.log(ARTISTS.jazz.v2[0]); // 'Astrud Gilberto (Bahia, Brazil)'
 * ```
 */
export const ARTISTS = {
  jazz: {
    v1: ['Astrud Gilberto', 'Miles Davis'],
    v2: ['Astrud Gilberto (Bahia, Brazil)', 'Miles Davis (Alton, Illinois)'],
  },
  metal: {
    v1: ['Megadeth', 'Judas Priest'],
    v2: ['Megadeth (Los Angeles, California)', 'Judas Priest (West Bromwich, England)'],
  },
} as const;

/**
 * A genre of the DJ app.
 *
 * @example
 * ```ts
 * import type { Genre } from './artists.js';
 * const genre: Genre = 'metal';
 * ```
 */
export type Genre = keyof typeof ARTISTS;
/**
 * A version of a genre's backend.
 *
 * @example
 * ```ts
 * import type { Version } from './artists.js';
 * const canary: Version = 'v2';
 * ```
 */
export type Version = 'v1' | 'v2';

/**
 * Tells which backend version produced an artist list, from the list alone (the way the
 * walkthrough checks the canary: by reading the answers). Undefined when it is neither.
 *
 * @example
 * ```ts
 * import { versionOf } from './artists.js';
 * console.log(versionOf('metal', ['Megadeth', 'Judas Priest'])); // 'v1'
 * ```
 */
export function versionOf(genre: Genre, artists: unknown): Version | undefined {
  const same = (a: readonly string[]) =>
    Array.isArray(artists) && artists.length === a.length && a.every((x, i) => artists[i] === x);
  if (same(ARTISTS[genre].v1)) return 'v1';
  if (same(ARTISTS[genre].v2)) return 'v2';
  return undefined;
}
