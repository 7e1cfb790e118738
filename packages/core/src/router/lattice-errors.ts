import { MeshRouterError } from './errors.js';

/**
 * Amazon VPC Lattice refused the call: HTTP 403 with an `AccessDeniedException` body, which it
 * answers when the auth policy of the service (or of its service network) allows no
 * `vpc-lattice-svcs:Invoke` for the caller, or when the signature does not authenticate (expired
 * or revoked credentials). Never retried: another attempt with the same identity is refused alike.
 *
 * @example
 * ```ts
 * import { LatticeAccessDeniedError } from '@meshplane/core/router';
 * const error = new LatticeAccessDeniedError({ virtualServiceName: 'jazz.prod.svc.cluster.local', latticeUrl: 'https://jazz-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', reason: 'AccessDeniedException: …' });
 * console.log(error.code); // 'LATTICE_ACCESS_DENIED'
 * ```
 */
export class LatticeAccessDeniedError extends MeshRouterError {
  override name = 'LatticeAccessDeniedError';
  readonly virtualServiceName: string;
  readonly latticeUrl: string;
  /** Lattice's own words (the response body, cut at 500 characters). */
  readonly reason: string;

  constructor(details: {
    virtualServiceName: string;
    latticeUrl: string;
    region: string;
    accessKeyId: string;
    reason: string;
  }) {
    super(
      'LATTICE_ACCESS_DENIED',
      `VPC Lattice denied ${details.virtualServiceName} at ${details.latticeUrl} (SigV4 vpc-lattice-svcs/${details.region}, access key ${details.accessKeyId}): ${details.reason}; check that the service's auth policy allows vpc-lattice-svcs:Invoke for this identity and that the credentials have not expired`,
    );
    this.virtualServiceName = details.virtualServiceName;
    this.latticeUrl = details.latticeUrl;
    this.reason = details.reason;
  }
}

/**
 * No credentials to sign a call to a Lattice service with: the provider (by default the AWS SDK's
 * Node.js chain) failed or gave something that is not credentials. `cause` is the provider's error.
 *
 * @example
 * ```ts
 * import { LatticeCredentialsError } from '@meshplane/core/router';
 * console.log(new LatticeCredentialsError('the credential provider failed: no credentials in the chain').code); // 'LATTICE_CREDENTIALS'
 * ```
 */
export class LatticeCredentialsError extends MeshRouterError {
  override name = 'LatticeCredentialsError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('LATTICE_CREDENTIALS', `cannot sign requests to VPC Lattice: ${reason}`, options);
  }
}
