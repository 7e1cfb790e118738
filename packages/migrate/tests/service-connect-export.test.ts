import { cloudMap, defineMesh, http } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { exportServiceConnect, serviceConnectApiCalls, serviceConnectCloudFormation } from '../src/index.js';
import { cfnLint } from './cloudformation-lint.js';
import { djCanary } from './dj-app.js';

describe('the DJ app on ECS Service Connect', () => {
  it('puts every node in the mesh namespace, aliases the virtual services to the heaviest target', () => {
    // Act
    const out = exportServiceConnect(djCanary());
    // Assert
    const jazzV1 = out.nodes.find((n) => n.node === 'jazz-v1');
    expect(jazzV1).toEqual({
      node: 'jazz-v1',
      namespace: 'prod.svc.cluster.local',
      services: [
        {
          portName: 'jazz-v1-9080',
          discoveryName: 'jazz-v1',
          clientAliases: [{ port: 9080, dnsName: 'jazz.prod.svc.cluster.local' }],
        },
      ],
      portMappings: [{ name: 'jazz-v1-9080', containerPort: 9080, protocol: 'tcp', appProtocol: 'http' }],
    });
    expect(out.nodes.find((n) => n.node === 'jazz-v2')?.services[0]?.clientAliases).toEqual([]);
  });

  it('reports the weighted splits, the backends and the egress filter, never silently', () => {
    const { report } = exportServiceConnect(djCanary());
    expect(report.clean).toBe(false);
    expect(report.gaps.map((g) => `${g.resource} ${g.path} ${g.feature}`)).toEqual([
      'mesh:dj-app/dj-app spec.egressFilter egress filter DROP_ALL',
      'route:dj-app/jazz-router/jazz-route spec.httpRoute.action.weightedTargets weighted routing',
      'route:dj-app/metal-router/metal-route spec.httpRoute.action.weightedTargets weighted routing',
      'virtualNode:dj-app/dj spec.backends backends as access control',
    ]);
    expect(report.gaps[1]?.consequence).toMatch(/jazz-v1 \(weight 90 of 100\)/);
  });

  it('carries listener timeouts in whole seconds and reports rounding', () => {
    const model = defineMesh({
      name: 'm',
      egressFilter: 'ALLOW_ALL',
      nodes: {
        a: {
          listeners: [
            {
              ...http(80),
              timeout: { http: { perRequest: { unit: 'ms', value: 1500 }, idle: { unit: 's', value: 60 } } },
            },
          ],
          discovery: cloudMap('ns', 'a'),
        },
      },
    });
    const out = exportServiceConnect(model);
    expect(out.nodes[0]?.services[0]?.timeout).toEqual({
      idleTimeoutSeconds: 60,
      perRequestTimeoutSeconds: 2,
    });
    expect(out.report.gaps.map((g) => g.path)).toEqual(['spec.listeners[0].timeout.http.perRequest']);
  });

  it('gives UpdateService and RegisterTaskDefinition inputs, naming every missing image at once', () => {
    const out = exportServiceConnect(djCanary());
    expect(() => serviceConnectApiCalls(out, { cluster: 'c', images: { dj: 'dj:1' } })).toThrow(
      /no container image for jazz-v1, jazz-v2, metal-v1, metal-v2/,
    );
    const images = Object.fromEntries(out.nodes.map((n) => [n.node, `${n.node}:1`]));
    const calls = serviceConnectApiCalls(out, { cluster: 'c', images });
    expect(calls.map((c) => c.operation)).toEqual(
      Array(5).fill(['RegisterTaskDefinition', 'UpdateService']).flat(),
    );
    expect(calls[1]?.input).toMatchObject({
      cluster: 'c',
      service: 'dj',
      serviceConnectConfiguration: { enabled: true, namespace: 'prod.svc.cluster.local' },
    });
  });

  it('the CloudFormation form passes cfn-lint', { timeout: 120_000 }, async () => {
    const template = serviceConnectCloudFormation(exportServiceConnect(djCanary()));
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::ECS::Service')).toHaveLength(5);
    expect(await cfnLint({ serviceConnect: template })).toBe('');
  });
});

describe('discovery names next to App Mesh', () => {
  it("a node whose name is App Mesh's Cloud Map service in the namespace gets its port name (ECS creates a new Cloud Map service per discovery name)", () => {
    const model = defineMesh({
      name: 'm',
      egressFilter: 'ALLOW_ALL',
      nodes: {
        jazz: { listeners: [http(8080)], discovery: cloudMap('ns.local', 'jazz') },
        'metal-v1': { listeners: [http(8080)], discovery: cloudMap('ns.local', 'metal') },
      },
      services: { 'jazz.ns.local': { provider: { node: 'jazz' } } },
    });
    const out = exportServiceConnect(model);
    expect(out.nodes.map((n) => [n.node, n.services[0]?.discoveryName])).toEqual([
      ['jazz', 'jazz-8080'],
      ['metal-v1', 'metal-v1'],
    ]);
    expect(out.nodes[0]?.services[0]?.clientAliases).toEqual([{ port: 8080, dnsName: 'jazz.ns.local' }]);
    expect(out.report.notes).toContain(
      "jazz: discovery name jazz-8080: App Mesh's Cloud Map service jazz stays in ns.local while both run side by side, and ECS creates a new Cloud Map service per discovery name",
    );
  });
});
