import { createHash, createHmac } from 'node:crypto';

type Data = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: Data): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * The `sha256` the AWS SDK's `SignatureV4` hashes and signs with (its `HashConstructor`: `new
 * (secret?)`, `update`, `digest()`), on Node's native `node:crypto`: SHA-256, or HMAC-SHA256 with a
 * secret. Native rather than `@aws-crypto/sha256-js`, which would add a pure-JavaScript SHA-256
 * and tslib (~19 KB) to every Lambda bundle and hash more slowly on every signed request.
 *
 * @example
 * ```ts
 * import { NativeSha256 } from './native-sha256.js';
 * const h = new NativeSha256();
 * h.update('abc');
 * console.log(Buffer.from(await h.digest()).toString('hex').slice(0, 8)); // ba7816bf
 * ```
 */
export class NativeSha256 {
  private readonly state;

  constructor(secret?: Data) {
    this.state = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }

  update(data: Data): void {
    this.state.update(toBytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.state.digest()));
  }
}
