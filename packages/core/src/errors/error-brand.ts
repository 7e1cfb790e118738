// `instanceof` that holds across copies of a class. The same meshplane class can be loaded
// twice in one process: once from the ES module build and once from the CommonJS build (Node's
// dual-package hazard), or once inlined into an entry that is built to load in one file (the
// Lambda middleware bundles the options checker and this root so that its import reads two
// files, not eleven). An ordinary `instanceof` compares prototypes and answers false across
// copies; a branded class also answers true for an instance of any copy that carries its brand.

/** A registered symbol: `Symbol.for` returns the same symbol in every copy of this module. */
const BRAND = Symbol.for('meshplane.error-class-brand');

type Branded = { readonly [BRAND]?: string };

/**
 * Gives an error class a brand: a name unique across meshplane (`@meshplane/lambda:MeshplaneLambdaError`).
 * Call it once per class, in its `static {}` block; subclasses without their own brand keep the
 * ordinary `instanceof`.
 */
export function brandErrorClass(errorClass: abstract new (...args: never[]) => Error, brand: string): void {
  Object.defineProperty(errorClass, BRAND, { value: brand, enumerable: false, writable: false });
}

/** `value instanceof errorClass`, also true when `value` comes from another copy of the same branded class. */
export function isBrandedInstance(errorClass: object, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(errorClass, value)) return true;
  if (typeof value !== 'object' || value === null || !Object.hasOwn(errorClass, BRAND)) return false;
  const brand = (errorClass as Branded)[BRAND];
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor: unknown = Object.hasOwn(proto, 'constructor') ? proto.constructor : undefined;
    if (typeof ctor === 'function' && Object.hasOwn(ctor, BRAND) && (ctor as Branded)[BRAND] === brand)
      return true;
  }
  return false;
}
