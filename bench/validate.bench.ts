import {
  cloudMap,
  defineMesh,
  type GatewayDefinition,
  type GatewayRouteDefinition,
  http,
  type MeshModel,
  type NodeDefinition,
  type RouterDefinition,
  type ServiceDefinition,
  seconds,
  validate,
  weights,
} from '@meshplane/core';
import { type BenchSuite, median, result, sample } from './lib.js';

/**
 * A valid 1,000-resource mesh at the App Mesh quotas: 1 mesh, 200 nodes (listener with health
 * check and timeout, Cloud Map discovery, 3 backends), 200 routers with one route each (header
 * match, retry policy, 2 weighted targets), 200 services, 20 gateways with 179 gateway routes.
 */
export function generateModel(): MeshModel {
  const nodes: Record<string, NodeDefinition<string>> = {};
  const routers: Record<string, RouterDefinition<string>> = {};
  const services: Record<string, ServiceDefinition<string, string>> = {};
  for (let i = 0; i < 200; i++) {
    nodes[`node-${i}`] = {
      listeners: [
        http(8080, {
          healthCheck: {
            protocol: 'http',
            path: '/health',
            healthyThreshold: 2,
            unhealthyThreshold: 3,
            intervalMillis: 5000,
            timeoutMillis: 2000,
          },
          timeout: { perRequest: seconds(15) },
        }),
      ],
      discovery: cloudMap('bench.local', `svc-${i >> 1}`, { version: `v${i % 2}` }),
      backends: [1, 2, 3].map((k) => `svc-${(i + k) % 200}.bench.local`),
    };
    routers[`router-${i}`] = {
      listeners: [http(8080)],
      routes: {
        [`route-${i}`]: {
          priority: 1,
          http: {
            match: { prefix: '/', headers: [{ name: 'x-canary', match: { exact: 'true' } }] },
            retryPolicy: { maxRetries: 2, perRetryTimeout: seconds(1), httpRetryEvents: ['server-error'] },
            action: weights({ [`node-${(2 * i) % 200}`]: 90, [`node-${(2 * i + 1) % 200}`]: 10 }),
          },
        },
      },
    };
    services[`svc-${i}.bench.local`] = { provider: { router: `router-${i}` } };
  }
  const gateways: Record<string, GatewayDefinition<string>> = {};
  let remaining = 179;
  for (let g = 0; g < 20; g++) {
    const count = Math.min(9, remaining);
    remaining -= count;
    const gatewayRoutes: Record<string, GatewayRouteDefinition<string>> = {};
    for (let r = 0; r < count; r++) {
      const n = g * 9 + r;
      gatewayRoutes[`gr-${n}`] = {
        priority: r,
        http: {
          match: { prefix: `/p${n}/` },
          action: { target: `svc-${n}.bench.local`, rewrite: { prefix: { defaultPrefix: 'ENABLED' } } },
        },
      };
    }
    gateways[`gateway-${g}`] = { listeners: [http(80)], gatewayRoutes };
  }
  return defineMesh({ name: 'bench', egressFilter: 'DROP_ALL', nodes, routers, services, gateways });
}

const suite: BenchSuite = {
  suite: 'validate',
  async run() {
    const model = generateModel();
    const outcome = validate(model, { strict: true });
    if (model.resources.length !== 1000 || !outcome.valid || outcome.issues.length > 0) {
      throw new Error(
        `the bench model must be a valid 1,000-resource model, got ${model.resources.length} resources and ${outcome.issues.length} issues`,
      );
    }
    // Interleave the two measurements so that machine noise hits both alike.
    const validateSamples: number[] = [];
    const cloneSamples: number[] = [];
    for (let round = 0; round < 10; round++) {
      validateSamples.push(
        ...(await sample(() => validate(model, { strict: true }), { iterations: 20, warmup: 3 })),
      );
      cloneSamples.push(...(await sample(() => structuredClone(model), { iterations: 20, warmup: 3 })));
    }
    const value = median(validateSamples);
    const baseline = median(cloneSamples);
    return [
      result({
        suite: 'validate',
        name: 'validate() 1,000 resources, median',
        unit: 'ms',
        value: Math.round(value * 1000) / 1000,
        baseline: Math.round(baseline * 1000) / 1000,
        target: '<= 20 ms and <= 3x structuredClone',
        pass: value <= 20 && value <= 3 * baseline,
      }),
    ];
  },
};

export default suite;
