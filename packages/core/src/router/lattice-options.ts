import { checkOptions, defineOptions, optionRule } from '../options/option-schema.js';
import { showValue } from '../options/show-value.js';

/**
 * AWS credentials as SigV4 needs them: the shape of the AWS SDK's `AwsCredentialIdentity`, so the
 * SDK's providers and their results fit as they are.
 *
 * @example
 * ```ts
 * const credentials: LatticeCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
 * ```
 */
export interface LatticeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials expire; the router asks its provider again 5 minutes before. */
  expiration?: Date;
}

/**
 * A credential provider: `fromNodeProviderChain()`, `fromTemporaryCredentials(…)`, … of the AWS SDK.
 *
 * @example
 * ```ts
 * const provider: LatticeCredentialsProvider = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
 * ```
 */
export type LatticeCredentialsProvider = () => Promise<LatticeCredentials>;

/**
 * Where a virtual service is reached after the migration to Amazon VPC Lattice: the URL of its
 * Lattice service (`https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws`, or the service's
 * custom domain name), origin only. `undefined` keeps the service on Cloud Map / DNS endpoints.
 *
 * @example
 * ```ts
 * const services: LatticeServiceMap = { 'jazz.prod.svc.cluster.local': 'https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws' };
 * const byDomain: LatticeServiceMap = (name) => `https://${name}`; // custom domain = the service name
 * ```
 */
export type LatticeServiceMap = Record<string, string> | ((virtualServiceName: string) => string | undefined);

/**
 * The `lattice` option of `createRouter`: which virtual services are Lattice services now, and how
 * requests to them are signed (SigV4, service `vpc-lattice-svcs`). Routes, retries and timeouts
 * stay the model's, applied by the router (Lattice has no retries or per-route timeouts); the
 * weighted choice of a target is Lattice's (its rules forward to weighted target groups).
 *
 * @example
 * ```ts
 * const lattice: LatticeOptions = {
 *   services: { 'jazz.prod.svc.cluster.local': 'https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws' },
 * };
 * ```
 */
export interface LatticeOptions {
  /** Virtual service name → Lattice service URL, or a function of the name. */
  services: LatticeServiceMap;
  /**
   * The signing region. Default: the region in the Lattice DNS name
   * (`….vpc-lattice-svcs.<region>.on.aws`), else `AWS_REGION`, else `AWS_DEFAULT_REGION`.
   */
  region?: string;
  /**
   * Credentials or a provider. Default: the AWS SDK's default Node.js chain (environment, SSO,
   * shared files, web identity, ECS/EC2 metadata), the chain `fromNodeProviderChain()` returns.
   * Resolved when the router is created and refreshed 5 minutes before they expire.
   */
  credentials?: LatticeCredentials | LatticeCredentialsProvider;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** True for an AWS region name. */
export const isRegionName = (v: unknown): v is string => typeof v === 'string' && REGION.test(v);

const LATTICE = defineOptions<LatticeOptions>({
  services: optionRule(
    'must be an object of virtual service name → Lattice service URL, or a function (name) => URL | undefined',
    (v) => typeof v === 'function' || isRecord(v),
    true,
  ),
  region: optionRule('must be an AWS region name (e.g. us-east-1)', isRegionName),
  credentials: optionRule(
    'must be { accessKeyId, secretAccessKey, sessionToken? } or a credential provider function',
    (v) =>
      typeof v === 'function' ||
      (isRecord(v) &&
        typeof v.accessKeyId === 'string' &&
        v.accessKeyId !== '' &&
        typeof v.secretAccessKey === 'string' &&
        v.secretAccessKey !== '' &&
        (v.sessionToken === undefined || typeof v.sessionToken === 'string')),
  ),
});

/** `{ accessKeyId: string, secretAccessKey: number }`: the members' types, never their values. */
function shapeOf(value: unknown): string {
  if (!isRecord(value))
    return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const members = Object.entries(value).map(([k, v]) => `${k}: ${v === null ? 'null' : typeof v}`);
  return `{ ${members.join(', ')} }`;
}

/**
 * Why `value` is not the URL of a Lattice service, or undefined when it is one: an absolute
 * `http:` or `https:` URL, origin only (a Lattice service is addressed by its domain name; the
 * request's path and query are the caller's).
 *
 * @example
 * ```ts
 * import { latticeUrlProblem } from './lattice-options.js';
 * console.log(latticeUrlProblem('https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws')); // undefined
 * console.log(latticeUrlProblem('https://jazz.example/v1')); // must be an http(s) URL of a Lattice service, origin only (no path, query or fragment)
 * ```
 */
export function latticeUrlProblem(value: unknown): string | undefined {
  const rule = 'must be an http(s) URL of a Lattice service, origin only (no path, query or fragment)';
  if (typeof value !== 'string' || !URL.canParse(value)) return rule;
  const url = new URL(value);
  const originOnly =
    (url.pathname === '/' || url.pathname === '') &&
    url.search === '' &&
    url.hash === '' &&
    !value.includes('#');
  const credentialsFree = url.username === '' && url.password === '';
  return (url.protocol === 'http:' || url.protocol === 'https:') && originOnly && credentialsFree
    ? undefined
    : rule;
}

/**
 * The problems of the `lattice` option and of its members, each `lattice.<member>: <value> <rule>`;
 * the URLs of a `services` object are checked here too (a function's answers are checked when
 * the router compiles the model).
 *
 * @example
 * ```ts
 * import { latticeOptionProblems } from './lattice-options.js';
 * console.log(latticeOptionProblems({ services: { 'jazz.local': 'ftp://x' }, region: 'mars' }));
 * ```
 */
export function latticeOptionProblems(value: unknown): string[] {
  if (!isRecord(value)) return [];
  // A credentials object is never printed (its secret would reach logs): only its shape is.
  const problems = checkOptions(LATTICE, value).map((p) =>
    p.field === 'credentials' ? `lattice.credentials: ${shapeOf(p.value)} ${p.rule}` : `lattice.${p.message}`,
  );
  const known = Object.keys(LATTICE);
  for (const name of Object.keys(value)) {
    if (!known.includes(name))
      problems.push(`lattice.${name}: unknown option (options: ${known.join(', ')})`);
  }
  if (isRecord(value.services)) {
    for (const [name, url] of Object.entries(value.services)) {
      const problem = latticeUrlProblem(url);
      if (problem) problems.push(`lattice.services.${name}: ${showValue(url)} ${problem}`);
    }
  }
  return problems;
}
