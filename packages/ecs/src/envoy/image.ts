import { defineOptions } from '@meshplane/core/options';
import { InputIssues, show } from '../input-issues.js';
import { addMemberIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';

/**
 * The Envoy image tag that meshplane uses by default: the newest App Mesh Envoy image AWS has
 * published (aws/aws-app-mesh-roadmap#513, released 2026-09-09 in the regional repositories, and,
 * like every release, under the same tag on the public gallery), after `v1.34.13.3-prod` (#512,
 * 2026-07-14); the user guide's examples still show `v1.34.13.0-prod`. App Mesh Envoy images are
 * tagged `vX.Y.Z.N-prod`.
 *
 * @example
 * ```ts
 * import { DEFAULT_ENVOY_TAG } from '@meshplane/ecs';
 * console.log(DEFAULT_ENVOY_TAG); // 'v1.39.1.0-prod'
 * ```
 */
export const DEFAULT_ENVOY_TAG = 'v1.39.1.0-prod';

/**
 * The public ECR repository of the App Mesh Envoy image (no credentials needed to pull).
 *
 * @example
 * ```ts
 * import { PUBLIC_ENVOY_REPOSITORY } from '@meshplane/ecs';
 * console.log(PUBLIC_ENVOY_REPOSITORY); // 'public.ecr.aws/appmesh/aws-appmesh-envoy'
 * ```
 */
export const PUBLIC_ENVOY_REPOSITORY = 'public.ecr.aws/appmesh/aws-appmesh-envoy';

/**
 * The AWS account that hosts the regional Envoy repositories in most regions.
 *
 * @example
 * ```ts
 * import { DEFAULT_ENVOY_ACCOUNT } from './image.js'; // inside packages/ecs/src/envoy
 * console.log(DEFAULT_ENVOY_ACCOUNT); // '840364872350'
 * ```
 */
export const DEFAULT_ENVOY_ACCOUNT = '840364872350';

// Regions whose Envoy repository lives in a different account (opt-in regions and China), as
// AWS lists them in each Envoy release announcement (aws/aws-app-mesh-roadmap "Release Envoy").
const ENVOY_ACCOUNT_EXCEPTIONS: Readonly<Record<string, string>> = {
  'af-south-1': '924023996002',
  'ap-east-1': '856666278305',
  'ap-southeast-3': '909464085924',
  'cn-north-1': '919366029133',
  'cn-northwest-1': '919830735681',
  'eu-central-2': '704106688930',
  'eu-south-1': '422531588944',
  'eu-south-2': '992897592190',
  'il-central-1': '564877687649',
  'me-south-1': '772975370895',
};

/**
 * The regions where App Mesh (and so a regional Envoy repository) is available. A region outside
 * this list cannot use the regional ECR image; use the public image or pass `envoy.image`.
 *
 * @example
 * ```ts
 * import { APP_MESH_REGIONS } from '@meshplane/ecs';
 * console.log(APP_MESH_REGIONS.includes('eu-west-1')); // true
 * ```
 */
export const APP_MESH_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ca-central-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/**
 * True when `region` looks like an AWS region name (`us-east-1`, `cn-north-1`, `us-gov-west-1`).
 *
 * @example
 * ```ts
 * import { isRegionName } from './image.js'; // inside packages/ecs/src/envoy
 * console.log(isRegionName('eu-west-1'), isRegionName('moon-1')); // true false
 * ```
 */
export const isRegionName = (region: unknown): region is string =>
  typeof region === 'string' && REGION_PATTERN.test(region);

/**
 * The AWS partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, `aws` otherwise.
 *
 * @example
 * ```ts
 * import { partitionOf } from '@meshplane/ecs';
 * console.log(partitionOf('cn-north-1')); // 'aws-cn'
 * ```
 */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (typeof region !== 'string') {
    const issues = new InputIssues();
    issues.add('REGION', 'region', `region must be an AWS region name like "us-east-1", got ${show(region)}`);
    issues.throwIfAny();
  }
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Where the Envoy image comes from: the public ECR gallery or the App Mesh account's regional ECR. */
export type EnvoyRegistry = 'public' | 'regional';

/** A resolved Envoy image, with the ECR repository ARN when it is a private regional repository. */
export interface EnvoyImage {
  image: string;
  /** ARN of the regional repository (needs ECR pull permissions in the execution role). */
  repositoryArn?: string;
}

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The declared schema of the image options: a Docker tag and one of the two registries. */
const ENVOY_IMAGE_OPTIONS = defineOptions<{ tag?: string; registry?: EnvoyRegistry }>({
  tag: ecsRule(
    'ENVOY_TAG',
    `must be a Docker tag like "${DEFAULT_ENVOY_TAG}"`,
    (v) => typeof v === 'string' && TAG_PATTERN.test(v),
  ),
  registry: ecsRule('ENUM', 'must be "public" or "regional"', (v) => v === 'public' || v === 'regional'),
});

/**
 * The Envoy image for a region. `regional` uses the App Mesh ECR account of the region
 * (`840364872350` or the region's exception) and fails for a region without App Mesh.
 *
 * @example
 * ```ts
 * import { envoyImage } from '@meshplane/ecs';
 * console.log(envoyImage({ region: 'me-south-1', registry: 'regional' }).image);
 * // '772975370895.dkr.ecr.me-south-1.amazonaws.com/aws-appmesh-envoy:v1.39.1.0-prod'
 * ```
 */
export function envoyImage(input: { region: string; registry?: EnvoyRegistry; tag?: string }): EnvoyImage {
  const options = plainInput(input, 'options');
  const issues = new InputIssues();
  if (options === null || typeof options !== 'object') {
    issues.add('REQUIRED', '', `the options must be { region, registry?, tag? }, got ${show(options)}`);
    issues.throwIfAny();
  }
  const image = resolveEnvoyImage(issues, 'envoy', options);
  issues.throwIfAny();
  return image as EnvoyImage;
}

/**
 * {@link envoyImage} that records problems in `issues` instead of throwing.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/envoy
 * import { resolveEnvoyImage } from './image.js'; // inside packages/ecs/src/envoy
 * const issues = new InputIssues();
 * console.log(resolveEnvoyImage(issues, 'envoy', { region: 'ap-south-2', registry: 'regional' }), issues.count); // undefined 1
 * ```
 */
export function resolveEnvoyImage(
  issues: InputIssues,
  path: string,
  {
    region,
    registry = 'public',
    tag = DEFAULT_ENVOY_TAG,
  }: { region: string; registry?: EnvoyRegistry; tag?: string },
): EnvoyImage | undefined {
  const before = issues.count;
  addMemberIssues(issues, ENVOY_IMAGE_OPTIONS, { tag, registry }, path);
  const ok = issues.count === before;
  if (registry !== 'public' && registry !== 'regional') return undefined;
  if (registry === 'public') return ok ? { image: `${PUBLIC_ENVOY_REPOSITORY}:${tag}` } : undefined;
  if (!APP_MESH_REGIONS.includes(region)) {
    issues.add(
      'ENVOY_REGION',
      'region',
      `there is no regional App Mesh Envoy repository in region ${show(region)} (App Mesh regions: ${APP_MESH_REGIONS.join(', ')}); use envoy.registry "public" or envoy.image`,
    );
    return undefined;
  }
  if (!ok) return undefined;
  const account = ENVOY_ACCOUNT_EXCEPTIONS[region] ?? DEFAULT_ENVOY_ACCOUNT;
  const suffix = partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    image: `${account}.dkr.ecr.${region}.${suffix}/aws-appmesh-envoy:${tag}`,
    repositoryArn: `arn:${partitionOf(region)}:ecr:${region}:${account}:repository/aws-appmesh-envoy`,
  };
}
