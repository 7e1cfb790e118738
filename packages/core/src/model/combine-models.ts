import type { MeshModel } from './resources.js';

/**
 * One model holding the resources of several, in order, for example two meshes built with
 * `defineMesh`. Resources are not copied or merged: a name defined twice stays twice, and
 * `validate` reports it as `DUPLICATE_RESOURCE`.
 *
 * @example
 * ```ts
 * import { combineModels, defineMesh, validate } from '@meshplane/core';
 * const model = combineModels(defineMesh({ name: 'blue' }), defineMesh({ name: 'green' }));
 * console.log(model.resources.map((r) => r.name)); // [ 'blue', 'green' ]
 * console.log(validate(model).valid); // true
 * ```
 */
export function combineModels(...models: MeshModel[]): MeshModel {
  return { resources: models.flatMap((model) => model.resources) };
}
