import { brandErrorClass, isBrandedInstance } from './error-brand.js';

/**
 * The base class of every error that `@meshplane/core` throws. `code` is stable and safe to
 * switch on; `cause` carries the underlying error when there is one.
 *
 * @example
 * ```ts
 * import { MeshplaneError } from '@meshplane/core';
 * try {
 *   throw new MeshplaneError('MESH_NOT_FOUND', 'mesh "dj-app" does not exist');
 * } catch (error) {
 *   if (error instanceof MeshplaneError) console.log(error.code); // 'MESH_NOT_FOUND'
 * }
 * ```
 *
 * `instanceof` holds across copies of meshplane in one process (its ES module and CommonJS
 * builds, or an entry that bundles this class): every package's root error is branded.
 */
export class MeshplaneError<C extends string = string> extends Error {
  /** True for an instance of this class from any copy of meshplane (see `brandErrorClass`). */
  static override [Symbol.hasInstance]<T>(
    this: abstract new (
      ...args: never[]
    ) => T,
    value: unknown,
  ): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`, a subclass too
    return isBrandedInstance(this, value);
  }

  override name = 'MeshplaneError';
  /** The error's code: each subclass narrows it to its own union. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_MeshplaneError`), and Node prints errors by their class's name.
brandErrorClass(MeshplaneError, '@meshplane/core:MeshplaneError');
