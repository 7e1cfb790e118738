import { defineMesh, http, type MeshModel, weights } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { exportLattice, exportServiceConnect, formatFidelityReport } from '../src/index.js';

// A model using what neither target can express: each feature must come out as a gap with its path.
function hardModel(): MeshModel {
  const model = defineMesh({
    name: 'hard',
    egressFilter: 'ALLOW_ALL',
    nodes: {
      a: { listeners: [http(80)], discovery: { dns: { hostname: 'a.ns.local' } } },
      b: { listeners: [http(80)], discovery: { dns: { hostname: 'b.ns.local' } } },
    },
    routers: {
      r: {
        listeners: [http(80)],
        routes: {
          many: {
            http: {
              match: {
                prefix: '/x',
                headers: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name) => ({
                  name,
                  match: { exact: '1' },
                })),
                queryParameters: [{ name: 'q', match: { exact: '1' } }],
              },
              action: weights({ a: 1, b: 1 }),
              timeout: { perRequest: { unit: 's', value: 3 } },
            },
          },
        },
      },
    },
    services: { 's.ns.local': { provider: { router: 'r' } } },
  });
  // Features the friendly form does not offer, set in the API shape as an import would.
  const a = model.resources.find((r) => r.kind === 'virtualNode' && r.name === 'a');
  if (a?.kind === 'virtualNode') {
    const listener = a.spec.listeners?.[0];
    if (listener) {
      listener.outlierDetection = {
        maxServerErrors: 5,
        interval: { unit: 's', value: 10 },
        baseEjectionDuration: { unit: 's', value: 30 },
        maxEjectionPercent: 50,
      };
      listener.tls = {
        mode: 'STRICT',
        certificate: { file: { certificateChain: '/c.pem', privateKey: '/k.pem' } },
        validation: { trust: { file: { certificateChain: '/ca.pem' } } },
      };
    }
  }
  return model;
}

describe('every feature the targets cannot express is a gap with its path', () => {
  it('Lattice: 6th header match, query parameters, per-route timeout, outlier detection, mTLS', () => {
    const { report } = exportLattice(hardModel());
    expect(report.gaps.map((g) => `${g.resource} ${g.path}`)).toEqual([
      'route:hard/r/many spec.httpRoute.match.headers[5]',
      'route:hard/r/many spec.httpRoute.match.queryParameters',
      'route:hard/r/many spec.httpRoute.timeout',
      'virtualNode:hard/a spec.listeners[0].outlierDetection',
      'virtualNode:hard/a spec.listeners[0].tls',
      'virtualService:hard/s.ns.local spec',
    ]);
    expect(formatFidelityReport(report)).toMatch(/6 features the target cannot express \(report not clean\)/);
  });

  it('Service Connect: request matching, per-route timeout, mTLS, outlier detection, weights', () => {
    const { report } = exportServiceConnect(hardModel());
    expect(report.gaps.map((g) => `${g.resource} ${g.path} ${g.feature}`)).toEqual([
      'route:hard/r/many spec.httpRoute.action.weightedTargets weighted routing',
      'route:hard/r/many spec.httpRoute.match request matching (path, headers, method)',
      'route:hard/r/many spec.httpRoute.timeout per-route timeout',
      'virtualNode:hard/a spec.listeners[0].outlierDetection outlier detection settings',
      'virtualNode:hard/a spec.listeners[0].tls.validation mutual TLS (client certificate validation)',
    ]);
  });

  it('a clean model gives a clean report', () => {
    const served = { listeners: [http(80)], discovery: { dns: { hostname: 'a.ns.local' } } };
    const services = { 'a.ns.local': { provider: { node: 'a' as const } } };
    // Lattice: the service's one caller is declared (its auth policy allows it).
    const called = defineMesh({
      name: 'easy',
      egressFilter: 'ALLOW_ALL',
      nodes: {
        a: served,
        caller: { discovery: { dns: { hostname: 'c.ns.local' } }, backends: ['a.ns.local'] },
      },
      services,
    });
    expect(exportLattice(called).report.clean).toBe(true);
    // Service Connect: no backends (Service Connect cannot enforce them).
    const alone = defineMesh({ name: 'easy', egressFilter: 'ALLOW_ALL', nodes: { a: served }, services });
    expect(exportServiceConnect(alone).report.clean).toBe(true);
  });

  it('Lattice: a service no node calls would deny every request (AWS_IAM, no auth policy), named with the gateway route that reached it', () => {
    const model = defineMesh({
      name: 'edge',
      egressFilter: 'ALLOW_ALL',
      nodes: { web: { listeners: [http(80)], discovery: { dns: { hostname: 'web.ns.local' } } } },
      services: { 'web.ns.local': { provider: { node: 'web' } } },
      gateways: {
        ingress: {
          listeners: [http(8080)],
          gatewayRoutes: { all: { http: { match: { prefix: '/' }, action: { target: 'web.ns.local' } } } },
        },
      },
    });
    const exported = exportLattice(model);
    expect(exported.resources.filter((r) => r.type === 'AuthPolicy')).toEqual([]);
    expect(exported.report.gaps.find((g) => g.resource === 'virtualService:edge/web.ns.local')).toEqual({
      resource: 'virtualService:edge/web.ns.local',
      path: 'spec',
      feature: 'a service no virtual node declares as a backend',
      consequence:
        'its Lattice service has AuthType AWS_IAM and no auth policy, so Lattice denies every request; App Mesh let gatewayRoute:edge/ingress/all in',
      workaround:
        'attach an auth policy that allows its callers (the roles of the clients, or of what replaces the gateway), or declare them as backends of a virtual node',
    });
  });
});

describe('App Mesh health checks become target group health checks', () => {
  it('HTTP checks carry over in seconds; TCP checks are reported', () => {
    const model = defineMesh({
      name: 'hc',
      egressFilter: 'ALLOW_ALL',
      nodes: {
        a: {
          listeners: [
            {
              ...http(80),
              healthCheck: {
                protocol: 'http',
                path: '/ping',
                intervalMillis: 5000,
                timeoutMillis: 2500,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
              },
            },
          ],
          discovery: { dns: { hostname: 'a.ns.local' } },
        },
        b: {
          listeners: [
            {
              ...http(80),
              healthCheck: {
                protocol: 'tcp',
                intervalMillis: 5000,
                timeoutMillis: 2000,
                healthyThreshold: 2,
                unhealthyThreshold: 2,
              },
            },
          ],
          discovery: { dns: { hostname: 'b.ns.local' } },
        },
      },
    });
    const out = exportLattice(model);
    const config = out.resources.find((r) => r.logicalId === 'A80TargetGroup')?.properties.config as Record<
      string,
      unknown
    >;
    expect(config.healthCheck).toEqual({
      enabled: true,
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      path: '/ping',
      healthCheckIntervalSeconds: 5,
      healthCheckTimeoutSeconds: 3,
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    expect(out.report.gaps.map((g) => `${g.resource} ${g.path}`)).toEqual([
      'virtualNode:hc/a spec.listeners[0].healthCheck.timeoutMillis',
      'virtualNode:hc/b spec.listeners[0].healthCheck.protocol',
    ]);
  });
});
