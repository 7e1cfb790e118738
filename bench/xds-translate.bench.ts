import type { ServiceEndpoints } from '../packages/xds/src/contract.js';
import { translateNode } from '../packages/xds/src/translate/index.js';
import { type BenchSuite, median, result } from './lib.js';
import { generateModel } from './validate.bench.js';

// The translation's figure: the Envoy resources of every virtual node of a 200-node mesh (the
// validate bench's model at App Mesh's quotas: 3 backends per node, a router per service with a
// header match, a retry policy and 2 weighted targets, Cloud Map discovery with 4 instances per
// service), per node, each round on a fresh model object so that the mesh index is rebuilt as
// after a real model change. Baseline: JSON.stringify of the same output, in the same run.
const SUITE = 'xds-translate';
const ROUNDS = 30;

function endpointsOf(): Map<string, ServiceEndpoints> {
  const map = new Map<string, ServiceEndpoints>();
  for (let s = 0; s < 100; s++) {
    const instances = [0, 1, 2, 3].map((i) => ({
      instanceId: `i-${s}-${i}`,
      address: `10.${s >> 8}.${s & 255}.${10 + i}`,
      port: 8080,
      health: (i === 3 ? 'UNHEALTHY' : 'HEALTHY') as 'HEALTHY' | 'UNHEALTHY',
      attributes: { version: `v${i % 2}` },
    }));
    map.set(`bench.local/svc-${s}`, { namespaceName: 'bench.local', serviceName: `svc-${s}`, instances });
  }
  return map;
}

const suite: BenchSuite = {
  suite: SUITE,
  async run() {
    const model = generateModel();
    const endpoints = endpointsOf();
    const ids = model.resources
      .filter((r) => r.kind === 'virtualNode')
      .map((r) => `mesh/${r.meshName}/virtualNode/${r.name}`);
    const check = ids.map((id) => translateNode({ model, endpoints }, id));
    const issues = check.flatMap((r) => r.issues);
    if (ids.length !== 200 || issues.length > 0 || check.some((r) => r.resources.length < 10)) {
      throw new Error(`the bench mesh must translate cleanly: ${ids.length} nodes, ${issues.length} issues`);
    }
    const translateSamples: number[] = [];
    const stringifySamples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = { resources: model.resources };
      let start = performance.now();
      const results = ids.map((id) => translateNode({ model: fresh, endpoints }, id));
      translateSamples.push((performance.now() - start) / ids.length);
      start = performance.now();
      for (const r of results) JSON.stringify(r.resources);
      stringifySamples.push((performance.now() - start) / ids.length);
    }
    const value = median(translateSamples);
    const baseline = median(stringifySamples);
    const resources = check.reduce((n, r) => n + r.resources.length, 0) / ids.length;
    return [
      result({
        suite: SUITE,
        name: `translateNode, every node of a 200-node mesh (${Math.round(resources)} resources per node), per node, median`,
        unit: 'ms',
        value: Math.round(value * 1000) / 1000,
        baseline: Math.round(baseline * 1000) / 1000,
        target: '<= 1 ms per node (baseline: JSON.stringify of the output)',
        pass: value <= 1,
      }),
    ];
  },
};

export default suite;
