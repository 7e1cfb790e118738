import { randomBytes } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(length: number, alphabet = LOWER_ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** A namespace id shaped like AWS's: `ns-` and 16 lowercase letters and digits. */
export const newNamespaceId = (): string => `ns-${randomChars(16)}`;

/** A service id shaped like AWS's: `srv-` and 16 lowercase letters and digits. */
export const newServiceId = (): string => `srv-${randomChars(16)}`;

/** An operation id shaped like AWS's: 32 characters, a dash, 8 characters. */
export const newOperationId = (): string => `${randomChars(32)}-${randomChars(8)}`;

/** A Route 53 hosted zone id shaped like AWS's (`Z` and 20 upper-case letters and digits). */
export const newHostedZoneId = (): string => `Z${randomChars(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;

/** `arn:aws:servicediscovery:<region>:<account>:namespace/<id>` */
export const namespaceArn = (region: string, accountId: string, id: string): string =>
  `arn:aws:servicediscovery:${region}:${accountId}:namespace/${id}`;

/** `arn:aws:servicediscovery:<region>:<account>:service/<id>` */
export const serviceArn = (region: string, accountId: string, id: string): string =>
  `arn:aws:servicediscovery:${region}:${accountId}:service/${id}`;

/**
 * The id part of an id-or-ARN argument (Cloud Map accepts either for namespaces and services).
 * Returns the input unchanged when it is not an ARN of the expected resource type.
 */
export function idFromIdOrArn(value: string, resource: 'namespace' | 'service'): string {
  const match = /^arn:[^:]+:servicediscovery:[^:]*:[^:]*:([a-z]+)\/(.+)$/.exec(value);
  if (match && match[1] === resource) return match[2]!;
  return value;
}
