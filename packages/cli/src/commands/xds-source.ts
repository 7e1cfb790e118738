import { appMeshSource, fileSource, type ModelSource, s3Source } from '@meshplane/xds';
import { isLoopbackUrl, PLACEHOLDER_CREDENTIALS } from '../aws/mesh-target.js';
import { loadModel } from '../load-model.js';

/** The flags that choose and reach a model source. */
export interface SourceFlags {
  endpoint?: string;
  region?: string;
  /** A profile of the shared AWS config files, for s3:// and appmesh:// (as AWS_PROFILE). */
  profile?: string;
  /** The mesh of App Mesh controller objects in model files that do not place them. */
  mesh?: string;
  s3Endpoint?: string;
  cacheFile?: string;
}

/**
 * The model source of `xds serve`'s arguments: files and folders (watched, `.ts` model modules
 * included), or exactly one `s3://<bucket>/<key>` (conditional GET every 5 s, `--cache-file` for
 * the last good copy, `--s3-endpoint` for an S3-compatible endpoint), or exactly one
 * `appmesh://<mesh>` (read from the App Mesh API at `--endpoint`, every 10 s). Problems are
 * recorded, naming the argument or flag.
 *
 * @example
 * ```ts
 * import { modelSourceFor } from './commands/xds-source.js'; // inside packages/cli/src
 * const problems: string[] = [];
 * const source = modelSourceFor(['s3://meshes/prod.json'], { region: 'eu-west-1' }, problems);
 * console.log(source?.description, problems); // 's3://meshes/prod.json' []
 * ```
 */
export function modelSourceFor(
  models: readonly string[],
  flags: SourceFlags,
  problems: string[],
  env: NodeJS.ProcessEnv = process.env,
): ModelSource | undefined {
  const remote = models.filter((m) => /^(s3|appmesh):\/\//.test(m));
  if (remote.length > 0 && models.length > 1) {
    problems.push(
      `${remote[0]} must be the only model argument (got ${models.length}): one source per control plane`,
    );
    return undefined;
  }
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  // With --profile and no region, the profile's own region applies (the SDK reads it).
  const regionConfig = region ? { region } : flags.profile ? {} : { region: 'us-east-1' };
  const placeholder = (url: string | undefined) =>
    url !== undefined && isLoopbackUrl(url) && !(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY)
      ? { credentials: PLACEHOLDER_CREDENTIALS }
      : {};
  if (flags.s3Endpoint !== undefined && !remote[0]?.startsWith('s3://')) {
    problems.push('--s3-endpoint is for an s3://<bucket>/<key> model');
  }
  if (flags.cacheFile !== undefined && !remote[0]?.startsWith('s3://')) {
    problems.push('--cache-file is for an s3://<bucket>/<key> model (the last good copy of the object)');
  }
  const model = remote[0];
  if (flags.mesh !== undefined && model !== undefined) {
    problems.push(`--mesh is for model files (App Mesh controller objects without meshRef), not ${model}`);
  }
  if (model?.startsWith('s3://')) {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(model);
    if (!match) {
      problems.push(`${model} must be s3://<bucket>/<key>`);
      return undefined;
    }
    if (!region && !flags.s3Endpoint && !flags.profile)
      problems.push(`${model} needs --region (or AWS_REGION, or a --profile with a region)`);
    return s3Source({
      bucket: match[1]!,
      key: match[2]!,
      s3: {
        clientConfig: {
          ...regionConfig,
          ...(flags.profile ? { profile: flags.profile } : {}),
          ...(flags.s3Endpoint ? { endpoint: flags.s3Endpoint, forcePathStyle: true } : {}),
          ...placeholder(flags.s3Endpoint),
        },
      },
      ...(flags.cacheFile ? { cacheFile: flags.cacheFile } : {}),
    });
  }
  if (model?.startsWith('appmesh://')) {
    const mesh = model.slice('appmesh://'.length);
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(mesh)) {
      problems.push(`${model} must be appmesh://<mesh name>`);
      return undefined;
    }
    if (!region && !flags.endpoint && !flags.profile)
      problems.push(`${model} needs --region (or AWS_REGION, or a --profile with a region) or --endpoint`);
    return appMeshSource({
      meshName: mesh,
      appMesh: {
        clientConfig: {
          ...regionConfig,
          ...(flags.profile ? { profile: flags.profile } : {}),
          ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
          ...placeholder(flags.endpoint),
        },
      },
    });
  }
  const meshName = flags.mesh;
  return fileSource(models, { load: (p) => loadModel(p, meshName ? { meshName } : {}) });
}
