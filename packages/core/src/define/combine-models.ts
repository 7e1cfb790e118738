import type { MeshModel } from '../model/resources.js';
import { guardUnreadable } from '../model/unreadable-members.js';
import { MeshDefinitionError } from './errors.js';

/**
 * One model holding the resources of several, in order, for example two meshes built with
 * `defineMesh`. Resources are not copied or merged: a name defined twice stays twice, and
 * `validate` reports it as `DUPLICATE_RESOURCE`. An argument that is not a model (no
 * `resources` list) throws `MeshDefinitionError` (`INVALID_MODEL`) naming its position.
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
  return guardUnreadable(
    () => combineReadable(models),
    { 'combineModels arguments': models },
    (_message, [first]) =>
      new MeshDefinitionError(
        'INVALID_MODEL',
        first!.path,
        undefined,
        `cannot be read as data: ${first!.reason}`,
        {
          showValue: false,
        },
      ),
    (error) => error instanceof MeshDefinitionError,
  );
}

function combineReadable(models: MeshModel[]): MeshModel {
  models.forEach((model, index) => {
    const resources = (model as { resources?: unknown } | null | undefined)?.resources;
    if (typeof model !== 'object' || model === null || !Array.isArray(resources))
      throw new MeshDefinitionError(
        'INVALID_MODEL',
        `combineModels argument ${index + 1}`,
        model,
        'must be a model: an object with a resources list',
      );
  });
  return { resources: models.flatMap((model) => model.resources) };
}
