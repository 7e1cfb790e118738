import type { MeshModel } from '@meshplane/core';
import type { ModelSource, SourceReading } from './model-source.js';

/**
 * A source that serves one fixed model (built in code, e.g. with `defineMesh`): read once at
 * start, never changes. `origin` names it in logs.
 *
 * @example
 * ```ts
 * import { defineMesh, dns, http } from '@meshplane/core';
 * import { staticSource } from '@meshplane/xds';
 * const source = staticSource(defineMesh({ name: 'shop', nodes: { web: { listeners: [http(8080)], discovery: dns('web.shop.local') } } }));
 * let resources = 0;
 * await source.start((reading) => { resources = reading.model?.resources.length ?? 0; });
 * console.log(resources); // 2
 * ```
 */
export function staticSource(model: MeshModel, origin = 'static model'): ModelSource {
  return {
    description: origin,
    async start(onReading: (reading: SourceReading) => void) {
      onReading({ origin, model, issues: [] });
    },
    async close() {},
  };
}
