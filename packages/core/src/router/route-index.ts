/**
 * A lookup that narrows a listener's ordered routes to those that can match a request path, so
 * that a router with many path routes does not test each of them per request.
 *
 * Every http/http2 route with a `prefix` or `path.exact` (and every gRPC route with a
 * `serviceName`) has a literal that the path of any request it matches starts with. The index
 * keys such routes by the first `keyLength` characters of their literal; routes without a literal
 * (regex paths, catch-alls shorter than the key, TCP) are "wildcards" that go into every bucket.
 * Each bucket keeps the routes in the listener's matching order, so the first match among the
 * candidates is the first match among all routes: the index changes the cost, never the answer.
 *
 * @example
 * ```ts
 * import { RouteIndex } from '@meshplane/core/router/internals';
 * const routes = ['/api/', '/web/', '/static/', '/'].map((literal, order) => ({ literal, order }));
 * const index = RouteIndex.build(routes, (r) => r.literal, 2);
 * console.log(index?.candidates('/api/users').map((r) => r.literal)); // ['/api/', '/']
 * ```
 */
export class RouteIndex<T> {
  private constructor(
    /** How many leading path characters form the key. */
    readonly keyLength: number,
    private readonly buckets: Map<string, readonly T[]>,
    /** The routes without a usable literal, in order: the candidates of any other path. */
    private readonly wildcards: readonly T[],
  ) {}

  /**
   * Builds the index of routes given in matching order, or returns undefined when it would not
   * cut the number of routes tested per request at least in half (few routes, or literals that
   * do not tell requests apart).
   */
  static build<T>(
    routes: readonly T[],
    literalOf: (route: T) => string | undefined,
    minRoutes = 8,
  ): RouteIndex<T> | undefined {
    if (routes.length < minRoutes) return undefined;
    const literals = routes.map(literalOf);
    const lengths = new Set<number>();
    for (const l of literals) if (l !== undefined && l.length > 0) lengths.add(l.length);
    let best: { keyLength: number; cost: number } | undefined;
    for (const keyLength of lengths) {
      let wild = 0;
      const sizes = new Map<string, number>();
      for (const l of literals) {
        if (l === undefined || l.length < keyLength) wild++;
        else {
          const key = l.slice(0, keyLength);
          sizes.set(key, (sizes.get(key) ?? 0) + 1);
        }
      }
      let largest = 0;
      for (const n of sizes.values()) if (n > largest) largest = n;
      const cost = wild + largest;
      if (!best || cost < best.cost || (cost === best.cost && keyLength < best.keyLength)) {
        best = { keyLength, cost };
      }
    }
    if (!best || best.cost * 2 > routes.length) return undefined;
    const { keyLength } = best;
    const keyOf = (l: string | undefined) =>
      l === undefined || l.length < keyLength ? undefined : l.slice(0, keyLength);
    const keys = literals.map(keyOf);
    const wildcards = routes.filter((_, i) => keys[i] === undefined);
    const buckets = new Map<string, readonly T[]>();
    for (const key of new Set(keys)) {
      if (key === undefined) continue;
      buckets.set(
        key,
        routes.filter((_, i) => keys[i] === undefined || keys[i] === key),
      );
    }
    return new RouteIndex(keyLength, buckets, wildcards);
  }

  /** The routes that can match a request with this path, in matching order. */
  candidates(path: string): readonly T[] {
    // A path shorter than the key cannot start with any keyed literal (each is at least that long).
    if (path.length < this.keyLength) return this.wildcards;
    return this.buckets.get(path.slice(0, this.keyLength)) ?? this.wildcards;
  }
}
