import { performance } from 'node:perf_hooks';
import type { VirtualNodeResource } from '@meshplane/core';
import { validateShape } from '@meshplane/core/smithy';
import { type MeshTaskDefinition, type MeshTaskDefinitionOptions, meshTaskDefinition } from '@meshplane/ecs';
import { ecsModel } from '../packages/ecs/src/generated/ecs-model.js';
import { type BenchResult, type BenchSuite, median, result } from './lib.js';

// 1,000 task definitions (varied nodes, ports, X-Ray, Fargate sizes, regions, the three control
// plane modes), each rendered (input validation, both forms) and its API form validated against
// the ECS Smithy model. Target: the whole batch in <= 200 ms of CPU time (median of runs). Baseline, in the same run: JSON.stringify of the
// 1,000 outputs, to show the cost relative to merely serializing them. Also checks that two
// renders of the batch are byte-identical.
const SUITE = 'ecs';
const COUNT = 1000;
const TARGET_MS = 200;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'me-south-1', 'cn-north-1'];
const SIZES = [
  { cpu: 256, memory: 512 },
  { cpu: 512, memory: 2048 },
  { cpu: 1024, memory: 4096 },
  { cpu: 4096, memory: 16384 },
];

const MODES: Pick<MeshTaskDefinitionOptions, 'controlPlane' | 'xds'>[] = [
  {
    xds: {
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane-ecs-agent:0.1.0',
      model: 's3://bench/mesh.json',
    },
  },
  { controlPlane: 'central', xds: { endpoint: 'xds.bench.internal:443' } },
  { controlPlane: 'appmesh' },
];

function inputs(): MeshTaskDefinitionOptions[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const node: VirtualNodeResource = {
      kind: 'virtualNode',
      meshName: 'bench-mesh',
      name: `node-${i}`,
      spec: {
        listeners: Array.from({ length: 1 + (i % 3) }, (_, j) => ({
          portMapping: { port: 8080 + j, protocol: j === 1 ? ('grpc' as const) : ('http' as const) },
        })),
        serviceDiscovery: { awsCloudMap: { namespaceName: 'bench.local', serviceName: `svc-${i}` } },
      },
    };
    return {
      family: `bench-${i}`,
      mesh: 'bench-mesh',
      virtualNode: node,
      app: {
        image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/app:${i}`,
        environment: { INDEX: String(i) },
      },
      region: REGIONS[i % REGIONS.length] as string,
      account: '111122223333',
      xray: i % 2 === 0,
      statsd: i % 5 === 0,
      envoy: { registry: i % 4 === 0 ? 'regional' : 'public' },
      fargate: SIZES[i % SIZES.length],
      tags: { index: String(i), team: 'bench' },
      // The three control plane modes in turn: per-task (the default), central, App Mesh-managed.
      ...MODES[i % MODES.length],
    };
  });
}

function cpuSamples(
  fn: () => unknown,
  { iterations, warmup }: { iterations: number; warmup: number },
): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
  }
  return samples;
}

function renderAndValidate(batch: MeshTaskDefinitionOptions[]): MeshTaskDefinition[] {
  const out: MeshTaskDefinition[] = [];
  for (const options of batch) {
    const rendered = meshTaskDefinition(options);
    const issues = validateShape(ecsModel, 'RegisterTaskDefinitionRequest', rendered.api, options.family);
    if (issues.length > 0) throw new Error(`${options.family}: ${issues[0]?.message}`);
    out.push(rendered);
  }
  return out;
}

const suite: BenchSuite = {
  suite: SUITE,
  async run(): Promise<BenchResult[]> {
    const batch = inputs();
    // CPU time of this process, not wall-clock: on the shared machine other processes' load moves
    // the wall clock, not the work done here.
    const renderSamples = cpuSamples(() => renderAndValidate(batch), { iterations: 15, warmup: 3 });
    const outputs = renderAndValidate(batch);
    const stringifySamples = cpuSamples(() => JSON.stringify(outputs), { iterations: 15, warmup: 3 });
    const renderMs = median(renderSamples);
    const stringifyMs = median(stringifySamples);

    const start = performance.now();
    const first = JSON.stringify(renderAndValidate(batch));
    const second = JSON.stringify(renderAndValidate(inputs()));
    const identicalMs = performance.now() - start;
    const identical = first === second;

    return [
      result({
        suite: SUITE,
        name: `render + validate ${COUNT} task definitions (median)`,
        unit: 'ms CPU',
        value: Math.round(renderMs * 100) / 100,
        baseline: Math.round(stringifyMs * 100) / 100,
        target: `<= ${TARGET_MS} ms (baseline: JSON.stringify of the ${COUNT} outputs)`,
        pass: renderMs <= TARGET_MS,
      }),
      result({
        suite: SUITE,
        name: `two renders of ${COUNT} task definitions byte-identical`,
        unit: 'bytes',
        value: first.length,
        baseline: second.length,
        target: `identical bytes (${Math.round(identicalMs)} ms for both)`,
        pass: identical,
      }),
    ];
  },
};

export default suite;
