import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** What SigV4 signers hash: text or bytes (the `SourceData` of `@smithy/types`). */
export type HashInput = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: HashInput): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/**
 * SHA-256, or HMAC-SHA256 when constructed with a secret, on `node:crypto`, in the shape the AWS
 * SDK's signers take as their `sha256` option (a `HashConstructor`: `new (secret?)`, `update`,
 * `digest(): Promise<Uint8Array>`).
 *
 * Why not a library: the SDK's own adapter (`Hash` of `@smithy/core/serde`, the former
 * `@smithy/hash-node`) is only reachable through `@smithy/core`, which a build with `@aws-sdk/*`
 * external would bundle whole (~150 KB); `@aws-crypto/sha256-js` is a pure-JavaScript SHA-256
 * plus tslib, slower than the native one. This is not a SigV4 implementation (that stays the SDK's
 * `SignatureV4`); it only hands the signer Node's native hash.
 *
 * @example
 * ```ts
 * import { NodeSha256 } from './node-sha256.js';
 * const hash = new NodeSha256();
 * hash.update('abc');
 * console.log(Buffer.from(await hash.digest()).toString('hex').slice(0, 16)); // ba7816bf8f01cfea
 * ```
 */
export class NodeSha256 {
  readonly #hash: Hash | Hmac;

  constructor(secret?: HashInput) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }

  update(data: HashInput): void {
    this.#hash.update(bytesOf(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}
