import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ApiCall, applyLatticeCalls } from '@meshplane/migrate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfnLint } from '../../../packages/migrate/tests/cloudformation-lint.js';
import { latticeReadBack, motoLatticeClient } from '../../../packages/migrate/tests/lattice-readback.js';
import { startMoto } from '../../../scripts/moto-server.js';
import { DJAPP_API_OPTIONS, fromCloudFormationExports } from '../src/from-cloudformation.js';

// AWS's DJ app (aws-app-mesh-examples, howto-metrics-extension-ecs/deploy/djapp-v1.yaml) off App
// Mesh: the walkthrough's checked-in outputs, cfn-lint over its templates, and its Lattice API form
// applied against moto and read back.
const root = join(import.meta.dirname, '..');
const dir = join(root, 'from-cloudformation');
const readJson = async (name: string) => JSON.parse(await readFile(join(dir, name), 'utf8'));

describe("AWS's DJ app template, exported", () => {
  it('djapp.yaml is the template of aws-app-mesh-examples, byte for byte (biome.json keeps the formatter off it)', async () => {
    const fixture = join(
      root,
      '../../packages/core/tests/fixtures/cloudformation/aws-app-mesh-examples/walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v1.yaml',
    );
    expect(await readFile(join(dir, 'djapp.yaml'), 'utf8')).toBe(await readFile(fixture, 'utf8'));
  });

  it('regenerates every checked-in file and compares (npm run generate -w examples/migration after a change)', async () => {
    const files = await fromCloudFormationExports();
    expect(Object.keys(files)).toHaveLength(8);
    for (const [path, content] of Object.entries(files)) {
      const checkedIn = await readFile(join(root, path), 'utf8');
      if (path.endsWith('.json')) expect(JSON.parse(checkedIn), path).toEqual(JSON.parse(content));
      else expect(checkedIn, path).toBe(content);
    }
  });

  it("keeps the template's 60/40 split of metal on the Lattice listener", async () => {
    const template = await readJson('lattice.cloudformation.json');
    const forward = template.Resources.MetalDjappLocal8080Listener.Properties.DefaultAction.Forward;
    expect(forward.TargetGroups).toEqual([
      { TargetGroupIdentifier: { Ref: 'MetalV18080TargetGroup' }, Weight: 60 },
      { TargetGroupIdentifier: { Ref: 'MetalV28080TargetGroup' }, Weight: 40 },
    ]);
  });

  it('both templates pass cfn-lint', { timeout: 120_000 }, async () => {
    const templates = {
      'djapp-lattice': await readJson('lattice.cloudformation.json'),
      'djapp-service-connect': await readJson('service-connect.cloudformation.json'),
    };
    expect(await cfnLint(templates)).toBe('');
  });
});

describe("the checked-in Lattice API form of AWS's DJ app against moto", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(() => moto?.close());

  it('creates the service network, services, listeners, target groups and auth policies, and reads them back', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const client = motoLatticeClient(moto.url);
    const calls: ApiCall[] = await readJson('lattice.api.json');
    // Act
    const applied = await applyLatticeCalls(client, calls);
    // Assert
    const { ids, responses } = applied;
    const read = latticeReadBack(client, applied);
    expect(responses.size).toBe(calls.filter((c) => c.service === 'vpc-lattice').length);
    const services = await Promise.all(
      ['DjappDjappLocalService', 'JazzDjappLocalService', 'MetalDjappLocalService'].map(read.service),
    );
    expect(services.map((s) => [s.name, s.customDomainName, s.authType])).toEqual([
      ['djapp-djapp-local', 'djapp.djapp.local', 'AWS_IAM'],
      ['jazz-djapp-local', 'jazz.djapp.local', 'AWS_IAM'],
      ['metal-djapp-local', 'metal.djapp.local', 'AWS_IAM'],
    ]);
    const metal = await read.listener('MetalDjappLocalService', 'MetalDjappLocal8080Listener');
    expect([metal.port, metal.protocol]).toEqual([8080, 'HTTP']);
    expect(metal.targetGroups).toEqual([
      { targetGroupIdentifier: ids.get('MetalV18080TargetGroup'), weight: 60 },
      { targetGroupIdentifier: ids.get('MetalV28080TargetGroup'), weight: 40 },
    ]);
    expect(await read.targetGroup('Jazz8080TargetGroup')).toEqual({
      type: 'IP',
      port: 8080,
      vpcIdentifier: DJAPP_API_OPTIONS.vpcId,
    });
    for (const id of ['JazzDjappLocalService', 'MetalDjappLocalService']) {
      expect(await read.authStatements(id), id).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: [DJAPP_API_OPTIONS.taskRoleArns.djapp] },
          Action: 'vpc-lattice-svcs:Invoke',
          Resource: '*',
        },
      ]);
    }
    // djapp has no auth policy: only the gateway called it (the report's gap says so).
    expect(calls.filter((c) => c.operation === 'PutAuthPolicy').map((c) => c.logicalId)).toEqual([
      'JazzDjappLocalAuthPolicy',
      'MetalDjappLocalAuthPolicy',
    ]);
    expect(await read.associatedServiceIds('DjappServiceNetwork')).toEqual(
      ['DjappDjappLocalService', 'JazzDjappLocalService', 'MetalDjappLocalService']
        .map((id) => ids.get(id))
        .sort(),
    );
  });
});
