import { defineOptions, optionRule } from '@meshplane/core/options';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { MeshplaneLambdaError } from '../errors.js';
import { assertOptions } from '../option-problems.js';
import { isPlainRecord, shown } from '../value-text.js';
import { NodeSha256 } from './node-sha256.js';

/** A request to sign: what an HTTP client is about to send. */
export interface SignableRequest {
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  /** The body must be in memory to be hashed: a string or bytes. */
  body?: string | Uint8Array;
}

/** Options of {@link createFunctionUrlSigner}. */
export interface FunctionUrlSignerOptions {
  /** Credentials or a provider; default: the AWS SDK's default chain, loaded on first use. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Region; default: read from the function URL host (`<id>.lambda-url.<region>.on.aws`). */
  region?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Signs requests to Lambda function URLs whose auth type is `AWS_IAM`. */
export interface FunctionUrlSigner {
  /** Returns the headers to send: the given ones plus `authorization`, `x-amz-date`, … */
  sign(request: SignableRequest): Promise<Record<string, string>>;
}

const FUNCTION_URL_HOST = /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/;

/**
 * The region of a Lambda function URL, from its host name, or undefined when the host is not a
 * function URL host.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * functionUrlRegion('https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/'); // 'eu-west-1'
 * ```
 */
export function functionUrlRegion(url: string | URL): string | undefined {
  if (url instanceof URL) return FUNCTION_URL_HOST.exec(url.hostname.toLowerCase())?.[1];
  // Not a URL at all (or not a string): certainly not a function URL.
  if (typeof url !== 'string' || !URL.canParse(url)) return undefined;
  return FUNCTION_URL_HOST.exec(new URL(url).hostname.toLowerCase())?.[1];
}

/** The declared schema of the signer's options. */
const SIGNER_OPTIONS = defineOptions<FunctionUrlSignerOptions>({
  // Credentials are secrets: a bad value is named, never printed.
  credentials: {
    ...optionRule(
      'must be { accessKeyId, secretAccessKey } (strings) or a provider function',
      (v) =>
        typeof v === 'function' ||
        (isPlainRecord(v) && typeof v.accessKeyId === 'string' && typeof v.secretAccessKey === 'string'),
    ),
    sensitive: true,
  },
  region: optionRule('must be a region name', (v) => typeof v === 'string' && v.length > 0),
  now: optionRule('must be a function returning a Date', (v) => typeof v === 'function'),
});

/** Refuses options the signer would only trip over at the first call, naming each. */
function checkSignerOptions(options: FunctionUrlSignerOptions): void {
  assertOptions('function URL signer options', SIGNER_OPTIONS, options);
}

/** The request's URL, parsed, after checking the parts SigV4 reads: its method and headers. */
function checkedRequestUrl(request: SignableRequest): URL {
  const problems: string[] = [];
  let url: URL | undefined;
  if (!isPlainRecord(request))
    problems.push(`the request must be { url, method?, headers?, body? }, got ${shown(request)}`);
  else {
    if (request.url instanceof URL) url = request.url;
    else if (typeof request.url === 'string' && URL.canParse(request.url)) url = new URL(request.url);
    else problems.push(`url must be an absolute URL, got ${shown(request.url)}`);
    if (request.method !== undefined && typeof request.method !== 'string') {
      problems.push(`method must be a string, got ${shown(request.method)}`);
    }
    const headers = request.headers as unknown;
    if (
      headers !== undefined &&
      (!isPlainRecord(headers) || Object.values(headers).some((v) => typeof v !== 'string'))
    ) {
      problems.push(`headers must be an object of string values, got ${shown(headers)}`);
    }
  }
  if (problems.length > 0 || !url) {
    throw new MeshplaneLambdaError(
      'SIGNING_INVALID_REQUEST',
      `cannot sign the request: ${problems.join('; ')}`,
    );
  }
  return url;
}

/**
 * Creates a SigV4 signer (service `lambda`) for calls to function URLs with `AWS_IAM` auth.
 * The signer is the AWS SDK's (`@aws-sdk/signature-v4-multi-region`, whose `SignatureV4MultiRegion`
 * signs with `@smithy/signature-v4`'s `SignatureV4` for any region but `*`), hashing with
 * `node:crypto`. It and the default credential chain are imported on the first `sign` from
 * `@aws-sdk/*` packages, which the Lambda Node.js runtimes provide and builds leave external
 * (CDK `NodejsFunction`'s default `externalModules`), so they add nothing to a function's bundle
 * and an unsigned function never loads them.
 *
 * @example
 * ```ts
 * import { createFunctionUrlSigner } from '@meshplane/lambda';
 * const signer = createFunctionUrlSigner({
 *   credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
 * });
 * const headers = await signer.sign({
 *   url: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/orders',
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: '{"id":1}',
 * });
 * console.log(headers.authorization.startsWith('AWS4-HMAC-SHA256')); // true
 * ```
 */
export function createFunctionUrlSigner(options: FunctionUrlSignerOptions = {}): FunctionUrlSigner {
  checkSignerOptions(options);
  let credentials: Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> | undefined;
  let signerModule: Promise<typeof import('@aws-sdk/signature-v4-multi-region')> | undefined;
  const signers = new Map<
    string,
    Promise<InstanceType<typeof import('@aws-sdk/signature-v4-multi-region').SignatureV4MultiRegion>>
  >();

  const loadCredentials = () => {
    credentials ??= options.credentials
      ? Promise.resolve(options.credentials)
      : import('@aws-sdk/credential-provider-node').then((m) => m.defaultProvider());
    return credentials;
  };

  const signerFor = (region: string) => {
    let signer = signers.get(region);
    if (!signer) {
      signerModule ??= import('@aws-sdk/signature-v4-multi-region');
      signer = Promise.all([signerModule, loadCredentials()]).then(
        ([{ SignatureV4MultiRegion }, creds]) =>
          new SignatureV4MultiRegion({ service: 'lambda', region, credentials: creds, sha256: NodeSha256 }),
      );
      signers.set(region, signer);
    }
    return signer;
  };

  return {
    async sign(request) {
      const url = checkedRequestUrl(request);
      const region = options.region ?? functionUrlRegion(url);
      if (!region) {
        throw new MeshplaneLambdaError(
          'SIGNING_REGION_UNKNOWN',
          `cannot tell the region of ${url.host}: not a function URL host (<id>.lambda-url.<region>.on.aws); pass region`,
        );
      }
      const body = request.body;
      if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
        throw new MeshplaneLambdaError(
          'SIGNING_BODY_UNSUPPORTED',
          'an AWS_IAM function URL call needs its body in memory (string or Uint8Array) to hash it for SigV4',
        );
      }
      const query: Record<string, string | string[]> = {};
      for (const [key, value] of url.searchParams) {
        const existing = query[key];
        query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers ?? {})) headers[key.toLowerCase()] = value;
      headers.host = url.host;
      const httpRequest: HttpRequest = {
        method: (request.method ?? 'GET').toUpperCase(),
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query,
        headers,
        ...(body !== undefined ? { body } : {}),
      };
      const signer = await signerFor(region);
      const signed = await signer.sign(httpRequest, options.now ? { signingDate: options.now() } : {});
      return signed.headers as Record<string, string>;
    },
  };
}
