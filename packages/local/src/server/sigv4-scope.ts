/** What a SigV4 credential scope tells about the caller. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * Reads the credential scope of a SigV4-signed request from its `Authorization` header (or
 * the `X-Amz-Credential` query parameter of a presigned URL). Signatures are not checked: the
 * local endpoint accepts any credentials.
 *
 * @example
 * ```ts
 * import { parseCredentialScope } from '@meshplane/local/internals';
 * const scope = parseCredentialScope(
 *   'AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/appmesh/aws4_request, SignedHeaders=host, Signature=abc',
 * );
 * console.log(scope?.region); // 'eu-west-1'
 * ```
 */
export function parseCredentialScope(
  authorization: string | undefined,
  query?: URLSearchParams,
): CredentialScope | undefined {
  const fromHeader = authorization ? SCOPE.exec(authorization) : null;
  if (fromHeader) return { accessKeyId: fromHeader[1]!, region: fromHeader[2]!, service: fromHeader[3]! };
  const credential = query?.get('X-Amz-Credential');
  if (credential) {
    const parts = credential.split('/');
    if (parts.length === 5 && parts[4] === 'aws4_request')
      return { accessKeyId: parts[0]!, region: parts[2]!, service: parts[3]! };
  }
  return undefined;
}

/**
 * The account a caller acts as: an access key id of exactly 12 digits is taken as the account
 * (so tests can act as several accounts), anything else uses the configured account.
 */
export function accountFor(scope: CredentialScope | undefined, configured: string): string {
  return scope && /^\d{12}$/.test(scope.accessKeyId) ? scope.accessKeyId : configured;
}
