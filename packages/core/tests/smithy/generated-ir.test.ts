import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMPACT_MODELS_DIR,
  type CompactModelFile,
  compactModel,
  generateIR,
  renderModule,
  type SmithyJson,
  TARGETS,
} from '../../../../scripts/smithy-ir.js';
import { appMeshModel, serviceDiscoveryModel } from '../../src/smithy/index.js';

const repo = resolve(import.meta.dirname, '../../../..');

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

  it('matches a fresh generation from the committed compact copies of the AWS models (no drift)', () => {
    for (const target of TARGETS) {
      // Prepare: the compact copy, committed with the sha256 of the official file it came from.
      const path = join(repo, COMPACT_MODELS_DIR, target.model.replace(/\.json$/, '.generated.json'));
      const file = JSON.parse(readFileSync(path, 'utf8')) as CompactModelFile;
      // Act
      const text = renderModule(
        generateIR(file.model),
        target.exportName,
        target.irTypeImport,
        `aws-models/${target.model}`,
        target.doc,
      );
      // Assess
      expect(file.source).toMatchObject({
        file: target.model,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(
        readFileSync(join(repo, target.output), 'utf8'),
        `${target.output} drifted: run npm run generate`,
      ).toBe(text);
    }
  });

  it('pins the official models the compact copies were made from (aws/api-models-aws, SOURCES.md)', () => {
    const pins = Object.fromEntries(
      TARGETS.map((t) => {
        const path = join(repo, COMPACT_MODELS_DIR, t.model.replace(/\.json$/, '.generated.json'));
        return [t.model, (JSON.parse(readFileSync(path, 'utf8')) as CompactModelFile).source.sha256];
      }),
    );
    expect(pins).toEqual({
      'app-mesh.json': 'd589d7737c4e22ca8e930e08b4cac32e934e94a024234723fe41cb1591f737ee',
      'servicediscovery.json': '156fb421ecdd28225d904f98e368097d05f4bf954fe1633c5988ec0769e1c427',
      'ecs.json': 'cf8a18baab9d0d51d1c51f0c329061f83169aec5593a086f2c9cf34e3fcaeeba',
    });
  });

  it('drops only traits the generator never reads: the IR of an official-like model is unchanged', () => {
    const json = {
      smithy: '2.0',
      shapes: {
        'a#Name': {
          type: 'string',
          traits: {
            'smithy.api#documentation': '<p>A name.</p>',
            'smithy.api#length': { min: 1, max: 255 },
            'smithy.api#pattern': '^[a-z]+$',
          },
        },
        'a#S': {
          type: 'service',
          version: '1',
          operations: [],
          traits: {
            'aws.protocols#restJson1': {},
            'aws.api#service': { sdkId: 'A' },
            'aws.auth#sigv4': { name: 'a' },
            'smithy.rules#endpointRuleSet': { rules: [] },
          },
        },
      },
    } as unknown as SmithyJson;
    expect(compactModel(json).shapes['a#S']?.traits).not.toHaveProperty(['smithy.rules#endpointRuleSet']);
    expect(generateIR(compactModel(json))).toEqual(generateIR(json));
  });
});
