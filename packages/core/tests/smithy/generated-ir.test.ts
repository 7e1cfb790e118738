import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateIR, renderModule, type SmithyJson, TARGETS } from '../../../../scripts/smithy-ir.js';
import { appMeshModel, serviceDiscoveryModel } from '../../src/smithy/index.js';

const repo = resolve(import.meta.dirname, '../../../..');
const modelsDir = resolve(repo, '..', 'shared', 'aws-models');
const haveModels = existsSync(join(modelsDir, 'app-mesh.json'));

describe('generated Smithy IR', () => {
  it('covers every operation of both services', () => {
    // Assess: the counts are those of the official models (38 App Mesh, 30 Cloud Map operations).
    expect(Object.keys(appMeshModel.operations)).toHaveLength(38);
    expect(Object.keys(serviceDiscoveryModel.operations)).toHaveLength(30);
    expect(appMeshModel.service).toMatchObject({ protocol: 'restJson1', sigv4Name: 'appmesh' });
    expect(serviceDiscoveryModel.service).toMatchObject({
      protocol: 'awsJson1_1',
      name: 'Route53AutoNaming_v20170314',
    });
    expect(appMeshModel.operations.CreateMesh?.http).toEqual({
      method: 'PUT',
      uri: '/v20190125/meshes',
      code: 200,
    });
    expect(serviceDiscoveryModel.operations.DiscoverInstances?.hostPrefix).toBe('data-');
  });

  it.skipIf(!haveModels)('matches a fresh generation from ../shared/aws-models (no drift)', () => {
    for (const target of TARGETS) {
      // Prepare
      const json = JSON.parse(readFileSync(join(modelsDir, target.model), 'utf8')) as SmithyJson;
      // Act
      const text = renderModule(
        generateIR(json),
        target.exportName,
        target.irTypeImport,
        `aws-models/${target.model}`,
        target.doc,
      );
      // Assess
      expect(
        readFileSync(join(repo, target.output), 'utf8'),
        `${target.output} drifted: run npm run generate`,
      ).toBe(text);
    }
  });
});
