import { InvalidRequestError } from './errors.js';
import type { LatticeCredentials, LatticeCredentialsProvider } from './lattice-options.js';
import type { LatticeTarget } from './lattice-target.js';
import { NativeSha256 } from './native-sha256.js';
import type { TransportRequest } from './transport.js';

/** The SigV4 service name of requests to Lattice services ("SIGv4 authenticated requests"). */
export const LATTICE_SIGNING_SERVICE = 'vpc-lattice-svcs';

/**
 * "VPC Lattice does not support payload signing. You must send an x-amz-content-sha256 header
 * with the value set to UNSIGNED-PAYLOAD" (VPC Lattice User Guide, SIGv4 authenticated requests):
 * for every request, so a stream body needs no buffering and a retry no second hash.
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

// Hop-by-hop headers (RFC 9110 section 7.6.1) describe one connection, not the request: a proxy
// may drop or change them, so they are never signed. content-length is left unsigned like
// AWS's own Lattice examples do (the framing is the connection's; Lattice may re-frame).
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
];

// Headers the signature itself writes; a caller's would be overwritten or break the signature.
const SIGNING_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

interface SmithySigner {
  sign(
    request: unknown,
    options: { signingDate: Date; unsignableHeaders: Set<string> },
  ): Promise<{ headers: Record<string, string> }>;
}

/**
 * Signs requests to Lattice services with SigV4, one signature per attempt (a retry is signed
 * again, with the date it is sent at).
 *
 * @example
 * ```ts
 * const signer = createLatticeSigner(latticeCredentials(undefined));
 * await signer.ready(); // credentials and the signer module, at init
 * const signed = await signer.sign(request, target);
 * ```
 */
export interface LatticeSigner {
  /** Resolves the credentials and loads the signer; rejects with what the first request would. */
  ready(): Promise<void>;
  /** The request to send: canonical query, the Lattice host, `authorization`, `x-amz-*`. */
  sign(request: TransportRequest, target: LatticeTarget): Promise<TransportRequest>;
  /** The access key id of the credentials in use (for messages), once resolved. */
  accessKeyId(): string | undefined;
}

/**
 * Creates the signer of the Lattice transport. The signature is the AWS SDK's `SignatureV4` of
 * `@smithy/signature-v4`, reached through `@aws-sdk/signature-v4-multi-region` (whose
 * `SignatureV4MultiRegion` delegates every region but `*` to it): an `@aws-sdk/*` package, which
 * the Lambda Node.js runtimes provide and Lambda bundles leave external, where `@smithy/*`
 * would be bundled (~160 KB with `@smithy/core`). It is imported once, when the router is
 * created; hashing is Node's native SHA-256. SigV4A (region set `*`) is not used: each Lattice
 * service is signed for its own region.
 *
 * @example
 * ```ts
 * import { createLatticeSigner } from './sigv4-signer.js';
 * import { latticeCredentials } from './lattice-credentials.js';
 * const signer = createLatticeSigner(latticeCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }));
 * await signer.ready();
 * ```
 */
export function createLatticeSigner(
  credentials: LatticeCredentialsProvider,
  clock: () => Date = () => new Date(),
): LatticeSigner {
  let module: Promise<typeof import('@aws-sdk/signature-v4-multi-region')> | undefined;
  const signers = new Map<string, Promise<SmithySigner>>();
  let lastKey: string | undefined;
  const tracked: LatticeCredentialsProvider = () =>
    credentials().then((c: LatticeCredentials) => {
      lastKey = c.accessKeyId;
      return c;
    });
  const signerFor = (region: string): Promise<SmithySigner> => {
    let signer = signers.get(region);
    if (signer === undefined) {
      module ??= import('@aws-sdk/signature-v4-multi-region');
      signer = module.then(
        ({ SignatureV4MultiRegion }) =>
          new SignatureV4MultiRegion({
            service: LATTICE_SIGNING_SERVICE,
            region,
            credentials: tracked,
            sha256: NativeSha256,
            // Not S3: each path segment is URI-encoded once more (SigV4's rule for other services).
            uriEscapePath: true,
            applyChecksum: false,
          }) as unknown as SmithySigner,
      );
      signers.set(region, signer);
    }
    return signer;
  };
  return {
    async ready() {
      module ??= import('@aws-sdk/signature-v4-multi-region');
      await Promise.all([module, tracked()]);
    },
    async sign(request, target) {
      const { headers, unsignable } = signableHeaders(request.headers, target);
      const { path, query, wire } = canonicalTarget(request.path);
      const signed = await (await signerFor(target.region)).sign(
        {
          method: request.method,
          protocol: target.url.protocol,
          hostname: target.url.hostname,
          path,
          query,
          headers,
        },
        { signingDate: clock(), unsignableHeaders: unsignable },
      );
      const list: string[] = [];
      for (const name in signed.headers) list.push(name, signed.headers[name]!);
      return { ...request, path: wire, headers: list };
    },
    accessKeyId: () => lastKey,
  };
}

/**
 * The request's headers as SigV4 signs them: lower-case names, repeated ones joined (`, `; `; `
 * for cookie), `host` the Lattice service's, `x-amz-content-sha256: UNSIGNED-PAYLOAD`; and the
 * names never to sign: hop-by-hop ones and those the `connection` header lists.
 */
function signableHeaders(
  input: TransportRequest['headers'],
  target: LatticeTarget,
): { headers: Record<string, string>; unsignable: Set<string> } {
  const headers: Record<string, string> = {};
  const add = (rawName: string, value: string) => {
    const name = rawName.toLowerCase();
    if (name === 'host') return;
    if (SIGNING_HEADERS.includes(name)) {
      throw new InvalidRequestError(
        `headers.${name}`,
        value,
        `cannot be sent to a VPC Lattice service with IAM auth: the router's SigV4 signature (service ${LATTICE_SIGNING_SERVICE}) sets it`,
      );
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}${name === 'cookie' ? '; ' : ', '}${value}`;
  };
  if (Array.isArray(input)) for (let i = 0; i < input.length; i += 2) add(input[i]!, input[i + 1]!);
  else for (const name in input) add(name, input[name]!);
  headers.host = target.url.host;
  headers['x-amz-content-sha256'] = UNSIGNED_PAYLOAD;
  const unsignable = new Set(HOP_BY_HOP);
  for (const token of (headers.connection ?? '').split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '') unsignable.add(name);
  }
  return { headers, unsignable };
}

/** RFC 3986 percent-encoding of everything but the unreserved characters, SigV4's `UriEncode`. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The path and query as signed and as sent. The query is sent in SigV4's canonical encoding
 * (RFC 3986, `%20` for a space, `name=` for a bare name), in the caller's order, so that the
 * service reads the same parameters the signature covers however it re-canonicalizes them; it is
 * decoded as a URL's query is (`+` is a space). The path is sent as it is: the signer encodes
 * it once more for the canonical request.
 */
function canonicalTarget(target: string): {
  path: string;
  query: Record<string, string | string[]>;
  wire: string;
} {
  const at = target.indexOf('?');
  if (at === -1) return { path: target, query: {}, wire: target };
  const path = target.slice(0, at);
  const query: Record<string, string | string[]> = {};
  const parts: string[] = [];
  for (const [name, value] of new URLSearchParams(target.slice(at + 1))) {
    parts.push(`${uriEncode(name)}=${uriEncode(value)}`);
    const previous = query[name];
    query[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { path, query, wire: parts.length === 0 ? path : `${path}?${parts.join('&')}` };
}
