import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto } from '../../../scripts/moto-server.js';
import { applyLatticeCalls, exportLattice, latticeApiCalls } from '../src/index.js';
import { djApiOptions, djCanary } from './dj-app.js';
import { latticeReadBack, motoLatticeClient } from './lattice-readback.js';
import { routedMesh } from './routed-mesh.js';

// The API form applied against moto's VPC Lattice emulation (moto_server from PyPI) and read back.
describe('the Lattice API form against moto', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(() => moto?.close());

  it('creates the DJ app and reads back services, listeners, weights and auth policies', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const client = motoLatticeClient(moto.url);
    const calls = latticeApiCalls(exportLattice(djCanary()), djApiOptions);
    // Act
    const applied = await applyLatticeCalls(client, calls);
    // Assert
    const { ids, responses } = applied;
    const read = latticeReadBack(client, applied);
    expect(await read.service('JazzProdSvcClusterLocalService')).toEqual({
      name: 'jazz-prod-svc-cluster-local',
      customDomainName: 'jazz.prod.svc.cluster.local',
      authType: 'AWS_IAM',
    });
    const listener = await read.listener(
      'JazzProdSvcClusterLocalService',
      'JazzProdSvcClusterLocal9080Listener',
    );
    expect(listener.port).toBe(9080);
    expect(listener.targetGroups).toEqual([
      { targetGroupIdentifier: ids.get('JazzV19080TargetGroup'), weight: 90 },
      { targetGroupIdentifier: ids.get('JazzV29080TargetGroup'), weight: 10 },
    ]);
    expect(await read.targetGroup('MetalV29080TargetGroup')).toEqual({
      type: 'IP',
      port: 9080,
      vpcIdentifier: djApiOptions.vpcId,
    });
    const statements = await read.authStatements('MetalProdSvcClusterLocalService');
    expect(statements[0]?.Principal).toEqual({ AWS: [djApiOptions.taskRoleArns.dj] });
    expect(await read.associatedServiceIds('DjAppServiceNetwork')).toEqual(
      [ids.get('JazzProdSvcClusterLocalService'), ids.get('MetalProdSvcClusterLocalService')].sort(),
    );
    expect(responses.size).toBe(calls.filter((c) => c.service === 'vpc-lattice').length);
  });

  it('creates the rules (moto has no GetRule: checked through CreateRule responses)', {
    timeout: 60_000,
  }, async () => {
    const client = motoLatticeClient(moto.url);
    const calls = latticeApiCalls(exportLattice(routedMesh()), {
      ...djApiOptions,
      taskRoleArns: { v2: 'arn:aws:iam::111122223333:role/v2' },
    });
    const { ids, responses } = await applyLatticeCalls(client, calls);
    const rules = [...responses]
      .filter(([id]) => id.endsWith('Rule'))
      .map(([, r]) => [r.priority, r.match, r.action]);
    expect(rules).toEqual([
      [
        1,
        { httpMatch: { pathMatch: { match: { exact: '/health' }, caseSensitive: true } } },
        { forward: { targetGroups: [{ targetGroupIdentifier: ids.get('V28080TargetGroup'), weight: 1 }] } },
      ],
      [
        2,
        {
          httpMatch: {
            method: 'POST',
            pathMatch: { match: { prefix: '/api' }, caseSensitive: true },
            headerMatches: [{ name: 'x-v', match: { exact: '2' }, caseSensitive: true }],
          },
        },
        {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: ids.get('V18080TargetGroup'), weight: 3 },
              { targetGroupIdentifier: ids.get('V28080TargetGroup'), weight: 1 },
            ],
          },
        },
      ],
    ]);
  });
});
