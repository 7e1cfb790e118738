import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { MeshplaneLambdaError } from '../errors.js';

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
 * import { functionUrlRegion } from '@meshplane/lambda';
 * functionUrlRegion('https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/'); // 'eu-west-1'
 * ```
 */
export function functionUrlRegion(url: string | URL): string | undefined {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname.toLowerCase();
  return FUNCTION_URL_HOST.exec(host)?.[1];
}

/**
 * Creates a SigV4 signer (service `lambda`) for calls to function URLs with `AWS_IAM` auth.
 * `@smithy/signature-v4`, `@aws-crypto/sha256-js` and the default credential chain are imported
 * on the first `sign`, so an unsigned function pays nothing for them.
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
  let credentials: Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> | undefined;
  let signerParts:
    | Promise<[typeof import('@smithy/signature-v4'), typeof import('@aws-crypto/sha256-js')]>
    | undefined;
  const signers = new Map<string, Promise<InstanceType<typeof import('@smithy/signature-v4').SignatureV4>>>();

  const loadCredentials = () => {
    credentials ??= options.credentials
      ? Promise.resolve(options.credentials)
      : import('@aws-sdk/credential-provider-node').then((m) => m.defaultProvider());
    return credentials;
  };

  const signerFor = (region: string) => {
    let signer = signers.get(region);
    if (!signer) {
      signerParts ??= Promise.all([import('@smithy/signature-v4'), import('@aws-crypto/sha256-js')]);
      signer = Promise.all([signerParts, loadCredentials()]).then(
        ([[{ SignatureV4 }, { Sha256 }], creds]) =>
          new SignatureV4({ service: 'lambda', region, credentials: creds, sha256: Sha256 }),
      );
      signers.set(region, signer);
    }
    return signer;
  };

  return {
    async sign(request) {
      const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
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
