import { describe, expect, it } from 'vitest';
import { cloudMapConfig } from '../src/commands/xds-flags.js';
import { modelSourceFor } from '../src/commands/xds-source.js';

describe('xds serve: --region, --profile and --mesh', () => {
  it('an appmesh:// or s3:// source takes its region from --profile when no region is given', async () => {
    // Prepare
    const problems: string[] = [];
    const noRegion: NodeJS.ProcessEnv = {};
    // Act
    const appmesh = modelSourceFor(['appmesh://dj-app'], { profile: 'dev' }, problems, noRegion);
    const s3 = modelSourceFor(['s3://meshes/prod.json'], { profile: 'dev' }, problems, noRegion);
    // Assess
    expect(problems).toEqual([]);
    expect(appmesh?.description).toContain('dj-app');
    expect(s3?.description).toBe('s3://meshes/prod.json');
    await appmesh?.close();
    await s3?.close();
  });

  it('without a region, a profile or an endpoint, says which flag is missing', () => {
    // Prepare
    const problems: string[] = [];
    // Act
    modelSourceFor(['appmesh://dj-app'], {}, problems, {});
    modelSourceFor(['s3://meshes/prod.json'], {}, problems, {});
    // Assess
    expect(problems).toEqual([
      'appmesh://dj-app needs --region (or AWS_REGION, or a --profile with a region) or --endpoint',
      's3://meshes/prod.json needs --region (or AWS_REGION, or a --profile with a region)',
    ]);
  });

  it('--mesh is for model files, not for a remote source', () => {
    // Prepare
    const problems: string[] = [];
    // Act
    modelSourceFor(['appmesh://dj-app'], { mesh: 'dj-app', region: 'us-east-1' }, problems, {});
    // Assess
    expect(problems).toEqual([
      '--mesh is for model files (App Mesh controller objects without meshRef), not appmesh://dj-app',
    ]);
  });

  it('Cloud Map gets --profile, and a bad profile name is refused with the flag and the value', () => {
    // Prepare
    const problems: string[] = [];
    // Act
    const config = cloudMapConfig({ profile: 'dev', region: 'eu-west-1' }, problems, {});
    cloudMapConfig({ profile: 'not a name' }, problems, {});
    // Assess
    expect(config).toEqual({ region: 'eu-west-1', profile: 'dev' });
    expect(problems).toEqual(['--profile "not a name" is not a profile name of ~/.aws/config']);
  });
});
