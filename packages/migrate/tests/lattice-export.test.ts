import { defineMesh, http, weights } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { exportLattice, latticeApiCalls, latticeCloudFormation } from '../src/index.js';
import { djApiOptions, djCanary } from './dj-app.js';

type Forward = { forward: { targetGroups: { targetGroupIdentifier: { $ref: string }; weight: number }[] } };

describe('the DJ app on VPC Lattice', () => {
  it('sends 90/10 (jazz) and 50/50 (metal) by construction', () => {
    // Act
    const out = exportLattice(djCanary());
    // Assert: each service's listener forwards to the v1/v2 target groups with the route's weights
    const split = (service: string) => {
      const listener = out.resources.find((r) => r.type === 'Listener' && r.logicalId.startsWith(service));
      const groups = (listener?.properties.defaultAction as Forward | undefined)?.forward.targetGroups ?? [];
      const total = groups.reduce((s, g) => s + g.weight, 0);
      return groups.map((g) => [g.targetGroupIdentifier.$ref, g.weight / total]);
    };
    expect(split('JazzProd')).toEqual([
      ['JazzV19080TargetGroup', 0.9],
      ['JazzV29080TargetGroup', 0.1],
    ]);
    expect(split('MetalProd')).toEqual([
      ['MetalV19080TargetGroup', 0.5],
      ['MetalV29080TargetGroup', 0.5],
    ]);
  });

  it('allows exactly the declared callers: dj may invoke jazz and metal, nobody else', () => {
    // Act
    const out = exportLattice(djCanary());
    const calls = latticeApiCalls(out, djApiOptions);
    // Assert
    expect(out.callers).toEqual({
      'jazz.prod.svc.cluster.local': ['dj'],
      'metal.prod.svc.cluster.local': ['dj'],
    });
    const policies = calls
      .filter((c) => c.operation === 'PutAuthPolicy')
      .map((c) => JSON.parse(c.input.policy as string));
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Statement).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:role/dj-task'] },
          Action: 'vpc-lattice-svcs:Invoke',
          Resource: '*',
        },
      ]);
    }
    expect(calls.filter((c) => c.operation === 'UpdateService').map((c) => c.input.service)).toEqual([
      'dj',
      'jazz-v1',
      'jazz-v2',
      'metal-v1',
      'metal-v2',
    ]);
  });

  it('names every calling node without a task role at once', () => {
    const model = defineMesh({
      name: 'm',
      nodes: {
        a: { listeners: [http(80)], discovery: { dns: { hostname: 'a.local' } }, backends: ['s.local'] },
        b: { listeners: [http(80)], discovery: { dns: { hostname: 'b.local' } }, backends: ['s.local'] },
      },
      services: { 's.local': { provider: { node: 'a' } } },
    });
    expect(() => latticeApiCalls(exportLattice(model), { ...djApiOptions, taskRoleArns: {} })).toThrow(
      /calling nodes a, b/,
    );
  });
});

describe('routes become rules in App Mesh order, and every gap is reported', () => {
  const model = defineMesh({
    name: 'shop',
    egressFilter: 'ALLOW_ALL',
    nodes: {
      v1: { listeners: [http(8080)], discovery: { dns: { hostname: 'v1.local' } } },
      v2: { listeners: [http(8080)], discovery: { dns: { hostname: 'v2.local' } } },
      fn: { listeners: [http(8080)], discovery: { dns: { hostname: 'fn.local' } } },
    },
    routers: {
      r: {
        listeners: [http(8080)],
        routes: {
          all: { http: { match: { prefix: '/' }, action: weights({ v1: 1 }) } },
          api: {
            priority: 1,
            http: {
              match: {
                prefix: '/api',
                method: 'POST',
                headers: [
                  { name: 'x-v', match: { exact: '2' } },
                  { name: 'x-re', match: { regex: 'a.*' } },
                ],
              },
              action: weights({ v2: 3, fn: 1 }),
              retryPolicy: {
                maxRetries: 2,
                perRetryTimeout: { unit: 'ms', value: 100 },
                httpRetryEvents: ['server-error'],
              },
            },
          },
          exact: { priority: 0, http: { match: { path: { exact: '/health' } }, action: weights({ v1: 1 }) } },
        },
      },
    },
    services: { 's.local': { provider: { router: 'r' } } },
  });

  it('orders rules by priority, keeps exact/prefix/method/header matches, makes the catch-all the default', () => {
    // Act
    const out = exportLattice(model, {
      lambdaFunctions: { fn: 'arn:aws:lambda:us-east-1:111122223333:function:fn' },
    });
    // Assert
    const rules = out.resources
      .filter((r) => r.type === 'Rule')
      .map((r) => [r.properties.priority, r.properties.match]);
    expect(rules).toEqual([
      [1, { httpMatch: { pathMatch: { match: { exact: '/health' }, caseSensitive: true } } }],
      [
        2,
        {
          httpMatch: {
            method: 'POST',
            pathMatch: { match: { prefix: '/api' }, caseSensitive: true },
            headerMatches: [{ name: 'x-v', match: { exact: '2' }, caseSensitive: true }],
          },
        },
      ],
    ]);
    const listener = out.resources.find((r) => r.type === 'Listener');
    expect((listener?.properties.defaultAction as Forward | undefined)?.forward.targetGroups).toEqual([
      { targetGroupIdentifier: { $ref: 'V18080TargetGroup' }, weight: 1 },
    ]);
    const fnGroup = out.resources.find((r) => r.logicalId === 'Fn8080TargetGroup');
    expect(fnGroup?.properties).toMatchObject({
      type: 'LAMBDA',
      targets: [{ id: 'arn:aws:lambda:us-east-1:111122223333:function:fn' }],
    });
    const template = latticeCloudFormation(out);
    expect(template.Resources.FnLatticeInvokePermission?.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: 'arn:aws:lambda:us-east-1:111122223333:function:fn',
      Principal: 'vpc-lattice.amazonaws.com',
      SourceArn: { Ref: 'Fn8080TargetGroup' },
    });
  });

  it('reports the regex header and the retry policy with their paths, and is not clean', () => {
    const { report } = exportLattice(model);
    expect(report.clean).toBe(false);
    expect(report.gaps.map((g) => [g.resource, g.path, g.feature])).toEqual([
      ['route:shop/r/api', 'spec.httpRoute.match.headers[1].match', 'header match by regex'],
      ['route:shop/r/api', 'spec.httpRoute.retryPolicy', 'retry policy'],
      // No node declares s.local: AWS_IAM without an auth policy denies every request.
      ['virtualService:shop/s.local', 'spec', 'a service no virtual node declares as a backend'],
    ]);
  });
});
