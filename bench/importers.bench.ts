import {
  importSources,
  type MeshplaneResource,
  parseJsonWithPositions,
  type SourceFile,
  validate,
} from '@meshplane/core';
import { LineCounter, parseDocument } from 'yaml';
import { type BenchSuite, median, result, sample } from './lib.js';
import { generateModel } from './validate.bench.js';

const NAME_MEMBER: Record<MeshplaneResource['kind'], string> = {
  mesh: 'meshName',
  virtualNode: 'virtualNodeName',
  virtualRouter: 'virtualRouterName',
  virtualGateway: 'virtualGatewayName',
  route: 'routeName',
  virtualService: 'virtualServiceName',
  gatewayRoute: 'gatewayRouteName',
};

/** The 1,000-resource bench model as App Mesh CLI input documents, one file per resource. */
function cliInputFiles(): SourceFile[] {
  return generateModel().resources.map((resource, index) => {
    const doc: Record<string, unknown> = { meshName: resource.meshName };
    if (resource.kind === 'route') doc.virtualRouterName = resource.virtualRouterName;
    if (resource.kind === 'gatewayRoute') doc.virtualGatewayName = resource.virtualGatewayName;
    doc[NAME_MEMBER[resource.kind]] = resource.name;
    doc.spec = resource.spec;
    if (resource.tags) doc.tags = resource.tags;
    return {
      file: `${String(index).padStart(4, '0')}-${resource.name}.json`,
      text: JSON.stringify(doc, null, 2),
    };
  });
}

// Two figures. Parsing with positions is compared with the alternative the design allowed, the
// `yaml` library's JSON-compatible parser (which also reports positions): the hand-written parser
// must be at least twice as fast. The whole import (parse, recognise the kind, check members) of
// 1,000 documents must stay under 100 ms; its ratio to the native JSON.parse of the same texts is
// reported for information (a JavaScript parser that records positions cannot match native code).
const suite: BenchSuite = {
  suite: 'importers',
  async run() {
    const files = cliInputFiles();
    const imported = importSources(files);
    if (imported.issues.length > 0 || imported.model.resources.length !== files.length) {
      throw new Error(`the bench input does not import cleanly: ${imported.issues[0]?.message}`);
    }
    if (!validate(imported.model).valid) throw new Error('the imported bench model does not validate');
    const options = { iterations: 40, warmup: 10 };
    const ours = median(await sample(() => files.map((f) => parseJsonWithPositions(f.text)), options));
    const viaYaml = median(
      await sample(() => files.map((f) => parseDocument(f.text, { lineCounter: new LineCounter() }).toJS()), {
        iterations: 10,
        warmup: 3,
      }),
    );
    const importing = median(await sample(() => importSources(files), options));
    const nativeParse = median(await sample(() => files.map((f) => JSON.parse(f.text)), options));
    const ms = (value: number) => Math.round(value * 1000) / 1000;
    return [
      result({
        suite: 'importers',
        name: `parseJsonWithPositions of ${files.length} documents vs yaml parseDocument (median)`,
        unit: 'ms',
        value: ms(ours),
        baseline: ms(viaYaml),
        target: '<= 0.5x the yaml parser',
        pass: ours <= 0.5 * viaYaml,
      }),
      result({
        suite: 'importers',
        name: `importSources of ${files.length} App Mesh JSON documents vs native JSON.parse (median)`,
        unit: 'ms',
        value: ms(importing),
        baseline: ms(nativeParse),
        target: '<= 100 ms (ratio informational)',
        pass: importing <= 100,
      }),
    ];
  },
};

export default suite;
