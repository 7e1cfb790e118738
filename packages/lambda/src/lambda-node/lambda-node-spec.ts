import type { Backend, TagRef, VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import { checkOptions, defineOptions, optionRule } from '@meshplane/core/options';
import { MeshplaneLambdaError } from '../errors.js';
import { redactUrlCredentials } from '../redact-credentials.js';
import { shown } from '../value-text.js';

/** The auth types of a Lambda function URL (Lambda API `FunctionUrlAuthType`). */
export type FunctionUrlAuthType = 'AWS_IAM' | 'NONE';

/**
 * Tag on the virtual node: how callers authenticate to the function URL.
 *
 * @example
 * ```ts
 * import { AUTH_TYPE_TAG, lambdaNodeTags } from '@meshplane/lambda';
 * lambdaNodeTags('NONE', 'arn:aws:lambda:us-east-1:123456789012:function:f').find((t) => t.key === AUTH_TYPE_TAG)?.value; // 'NONE'
 * ```
 */
export const AUTH_TYPE_TAG = 'meshplane:function-url-auth-type';
/**
 * Tag on the virtual node: the function's ARN.
 *
 * @example
 * ```ts
 * import { FUNCTION_ARN_TAG, lambdaNodeTags } from '@meshplane/lambda';
 * lambdaNodeTags('AWS_IAM', 'arn:aws:lambda:us-east-1:123456789012:function:f').find((t) => t.key === FUNCTION_ARN_TAG)?.value;
 * // 'arn:aws:lambda:us-east-1:123456789012:function:f'
 * ```
 */
export const FUNCTION_ARN_TAG = 'meshplane:function-arn';

const FUNCTION_URL_HOST = /^[a-z0-9]+\.lambda-url\.[a-z0-9-]+\.on\.aws$/;
const FUNCTION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9-_]{1,64}(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/**
 * True when a host name is a Lambda function URL host (`<id>.lambda-url.<region>.on.aws`).
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * isFunctionUrlHost('abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws'); // true
 * ```
 */
export function isFunctionUrlHost(host: string): boolean {
  return typeof host === 'string' && FUNCTION_URL_HOST.test(host.toLowerCase());
}

/** A function URL, checked: https, a function URL host, no path beyond `/`. */
export interface CheckedFunctionUrl {
  url: string;
  host: string;
}

/**
 * Checks a function URL and a function ARN, collecting every problem.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const problems: string[] = [];
 * checkFunctionUrl('http://example.com', problems);
 * console.log(problems.length); // 2
 * ```
 */
export function checkFunctionUrl(
  functionUrl: unknown,
  problems: string[],
  field = 'functionUrl',
): CheckedFunctionUrl | undefined {
  if (typeof functionUrl !== 'string' || functionUrl.length === 0) {
    problems.push(
      `${field} is required (https://<url-id>.lambda-url.<region>.on.aws/), got ${redactUrlCredentials(shown(functionUrl))}`,
    );
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(functionUrl);
  } catch {
    problems.push(`${field} ${redactUrlCredentials(shown(functionUrl))} is not an absolute URL`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== 'https:')
    problems.push(
      `${field} must use https (function URLs are TLS only), got ${url.protocol.replace(':', '')}`,
    );
  if (!isFunctionUrlHost(url.hostname)) {
    problems.push(
      `${field} host "${url.hostname}" is not a function URL host (<url-id>.lambda-url.<region>.on.aws)`,
    );
  }
  if (url.port && url.port !== '443') problems.push(`${field} must use port 443, got ${url.port}`);
  // The URL names the function, nothing more: a path, query or credentials would be dropped
  // silently from the node's DNS name and the Cloud Map `url` attribute.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    problems.push(
      // The URL is shown without its credentials: failure reasons end up in stack events and logs.
      `${field} must be the function URL itself (https://${url.hostname}/), without a path, query, fragment or credentials, got ${redactUrlCredentials(shown(functionUrl))}`,
    );
  }
  if (problems.length > before) return undefined;
  return { url: `https://${url.hostname}/`, host: url.hostname };
}

/**
 * Checks a Lambda function ARN (unqualified, version or alias), adding a problem when it is not one.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const problems: string[] = [];
 * checkFunctionArn('arn:aws:lambda:us-east-1:123456789012:function:recommender:live', problems);
 * console.log(problems); // []
 * ```
 */
export function checkFunctionArn(
  functionArn: unknown,
  problems: string[],
  field = 'functionArn',
): string | undefined {
  if (typeof functionArn !== 'string' || !FUNCTION_ARN.test(functionArn)) {
    problems.push(
      `${field} must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]), got ${shown(functionArn)}`,
    );
    return undefined;
  }
  return functionArn;
}

/**
 * The virtual node spec of a Lambda function behind its function URL: one HTTP listener on 443
 * and DNS service discovery of the URL host with `LOADBALANCER` responses (the URL host is a
 * load-balanced name, not a set of instance IPs). The TLS is the function URL's own; no Envoy
 * terminates it, so the node has no listener TLS. Callers originate TLS to port 443: see
 * {@link lambdaBackend}.
 *
 * @example
 * ```ts
 * import { lambdaNodeSpec } from '@meshplane/lambda';
 * const spec = lambdaNodeSpec('abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws');
 * console.log(spec.listeners?.[0]?.portMapping?.port); // 443
 * ```
 */
export function lambdaNodeSpec(host: string, backends?: Backend[]): VirtualNodeSpec {
  const problems: string[] = [];
  if (typeof host !== 'string' || !isFunctionUrlHost(host)) {
    problems.push(
      `host must be a function URL host (<url-id>.lambda-url.<region>.on.aws), got ${shown(host)}`,
    );
  }
  if (backends !== undefined && !Array.isArray(backends)) {
    problems.push(`backends must be a list of App Mesh Backend objects, got ${shown(backends)}`);
  }
  failIfProblems(problems, 'Lambda node spec');
  return {
    listeners: [{ portMapping: { port: 443, protocol: 'http' } }],
    serviceDiscovery: { dns: { hostname: host, responseType: 'LOADBALANCER' } },
    ...(backends && backends.length > 0 ? { backends } : {}),
  };
}

/** The declared schema of {@link lambdaBackend}'s arguments. */
const BACKEND_ARGUMENTS = defineOptions<{
  virtualServiceName: string;
  options: { certificateChain?: string };
}>({
  virtualServiceName: optionRule(
    'must be a virtual service name of 1-255 characters',
    (v) => typeof v === 'string' && v.length > 0 && v.length <= 255,
    true,
  ),
  options: {
    ...optionRule('must be { certificateChain? }', (v) => typeof v === 'object' && v !== null),
    members: defineOptions<{ certificateChain?: string }>({
      // A file inside the Envoy container (App Mesh TlsValidationContextFileTrust.certificateChain).
      certificateChain: optionRule(
        'must be an absolute file path',
        (v) => typeof v === 'string' && v.startsWith('/'),
      ),
    }),
  },
});

/**
 * A backend for a caller's virtual node that reaches a Lambda virtual service: the client
 * policy originates TLS on port 443 and trusts the public CAs of the Envoy image's bundle
 * (function URLs present public Amazon certificates).
 *
 * @example
 * ```ts
 * import { lambdaBackend } from '@meshplane/lambda';
 * const backend = lambdaBackend('orders.lambda.local');
 * console.log(backend.virtualService?.clientPolicy?.tls?.ports); // [443]
 * ```
 */
export function lambdaBackend(
  virtualServiceName: string,
  options: { certificateChain?: string } = {},
): Backend {
  const problems = checkOptions(BACKEND_ARGUMENTS, { virtualServiceName, options }).map(
    (p) => `${p.field} ${p.rule}, got ${p.shown}`,
  );
  failIfProblems(problems, 'Lambda backend');
  return {
    virtualService: {
      virtualServiceName,
      clientPolicy: {
        tls: {
          enforce: true,
          ports: [443],
          validation: {
            trust: {
              file: { certificateChain: options.certificateChain ?? '/etc/pki/tls/certs/ca-bundle.crt' },
            },
          },
        },
      },
    },
  };
}

/**
 * The tags that tell proxyless callers how to call the node.
 *
 * @example
 * ```ts
 * import { lambdaNodeTags } from '@meshplane/lambda';
 * lambdaNodeTags('AWS_IAM', 'arn:aws:lambda:us-east-1:123456789012:function:recommender');
 * // [{ key: 'meshplane:function-url-auth-type', value: 'AWS_IAM' }, { key: 'meshplane:function-arn', value: 'arn:aws:lambda:us-east-1:123456789012:function:recommender' }]
 * ```
 */
export function lambdaNodeTags(
  authType: FunctionUrlAuthType,
  functionArn: string,
  extra: TagRef[] = [],
): TagRef[] {
  const problems: string[] = [];
  assertAuthType(authType, problems);
  checkFunctionArn(functionArn, problems);
  if (!Array.isArray(extra))
    problems.push(`extra tags must be a list of { key, value }, got ${shown(extra)}`);
  failIfProblems(problems, 'Lambda node tags');
  return [{ key: AUTH_TYPE_TAG, value: authType }, { key: FUNCTION_ARN_TAG, value: functionArn }, ...extra];
}

/**
 * The auth type, `AWS_IAM` when absent; adds a problem for anything else.
 *
 * @example
 * ```ts
 * const problems: string[] = [];
 * assertAuthType(undefined, problems); // 'AWS_IAM'
 * assertAuthType('PUBLIC', problems, 'AuthType'); // undefined; problems: ['AuthType must be AWS_IAM or NONE, got "PUBLIC"']
 * ```
 */
export function assertAuthType(
  value: unknown,
  problems: string[],
  field = 'authType',
): FunctionUrlAuthType | undefined {
  if (value === undefined) return 'AWS_IAM';
  if (value === 'AWS_IAM' || value === 'NONE') return value;
  problems.push(`${field} must be AWS_IAM or NONE, got ${shown(value)}`);
  return undefined;
}

/**
 * Throws one `MeshplaneLambdaError` (`INVALID_LAMBDA_NODE`) listing every problem, if any.
 *
 * @example
 * ```ts
 * failIfProblems([], 'Lambda node'); // returns
 * failIfProblems(['meshName is required'], 'Lambda node'); // throws 'invalid Lambda node: meshName is required'
 * ```
 */
export function failIfProblems(problems: string[], what: string): void {
  if (problems.length > 0) {
    throw new MeshplaneLambdaError('INVALID_LAMBDA_NODE', `invalid ${what}: ${problems.join('; ')}`);
  }
}
