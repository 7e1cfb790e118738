import { MeshplaneLambdaError } from '../errors.js';
import { isPlainRecord, shown } from '../value-text.js';

/**
 * The CloudFormation response body limit, in bytes (AWS documentation).
 *
 * @example
 * ```ts
 * import { RESPONSE_BODY_LIMIT } from '@meshplane/lambda/custom-resource';
 * console.log(Buffer.byteLength(JSON.stringify({ Status: 'SUCCESS' })) <= RESPONSE_BODY_LIMIT); // true
 * ```
 */
export const RESPONSE_BODY_LIMIT = 4096;
/**
 * The PhysicalResourceId limit, in bytes (AWS documentation: "up to 1 KB").
 *
 * @example
 * ```ts
 * import { PHYSICAL_ID_LIMIT } from '@meshplane/lambda/custom-resource';
 * console.log(Buffer.byteLength('dj-app/recommender') <= PHYSICAL_ID_LIMIT); // true
 * ```
 */
export const PHYSICAL_ID_LIMIT = 1024;

/** What the handler PUTs to the ResponseURL: CloudFormation's response object. */
export interface CustomResourceResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho?: boolean;
  Data?: Record<string, string>;
}

/** What CloudFormation's response object needs: strings where it says String, a flat Data map. */
function responseProblems(response: CustomResourceResponse): string[] {
  if (typeof response !== 'object' || response === null)
    return [`the response must be an object, got ${shown(response)}`];
  const problems: string[] = [];
  if (response.Status !== 'SUCCESS' && response.Status !== 'FAILED') {
    problems.push(`Status must be SUCCESS or FAILED, got ${shown(response.Status)}`);
  }
  for (const field of ['PhysicalResourceId', 'StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (typeof response[field] !== 'string')
      problems.push(`${field} must be a string, got ${shown(response[field])}`);
  }
  if (response.Reason !== undefined && typeof response.Reason !== 'string') {
    problems.push(`Reason must be a string, got ${shown(response.Reason)}`);
  }
  if (response.NoEcho !== undefined && typeof response.NoEcho !== 'boolean') {
    problems.push(`NoEcho must be true or false, got ${shown(response.NoEcho)}`);
  }
  const data = response.Data as unknown;
  if (
    data !== undefined &&
    (!isPlainRecord(data) || Object.values(data).some((v) => typeof v !== 'string'))
  ) {
    problems.push(`Data must be an object of string values, got ${shown(data)}`);
  }
  return problems;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Shortens a string to at most `maxBytes` UTF-8 bytes once JSON-encoded, marking the cut. */
function fitString(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  const marker = ' […]';
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bytes(text.slice(0, mid) + marker) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return text.slice(0, low) + marker;
}

/**
 * Serializes a response so that it always fits CloudFormation's 4,096-byte limit.
 *
 * - A `Reason` that is too long is shortened (it is for humans; the full text is in the logs).
 * - A `Data` object that does not fit turns a SUCCESS into a FAILED naming the size and the
 *   largest keys: silently dropping attributes would only move the failure to a later
 *   `Fn::GetAtt` with a worse message. On Delete, `Data` is useless to CloudFormation and is dropped.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const { body } = encodeResponse(
 *   { Status: 'SUCCESS', PhysicalResourceId: 'dj-app', StackId: 's', RequestId: 'r', LogicalResourceId: 'Mesh' },
 *   'Create',
 * );
 * console.log(body.length <= 4096); // true
 * ```
 */
export function encodeResponse(
  response: CustomResourceResponse,
  requestType: 'Create' | 'Update' | 'Delete',
): { body: string; response: CustomResourceResponse; adjusted?: string } {
  const problems = responseProblems(response);
  if (problems.length > 0) {
    throw new MeshplaneLambdaError(
      'INVALID_RESPONSE',
      `invalid custom-resource response: ${problems.join('; ')}`,
    );
  }
  let out: CustomResourceResponse = { ...response };
  let adjusted: string | undefined;
  if (out.Data && bytes(out) > RESPONSE_BODY_LIMIT) {
    const size = bytes(out);
    const largest = Object.entries(out.Data)
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, 3)
      .map(([key, value]) => `${key} (${Buffer.byteLength(value)} bytes)`)
      .join(', ');
    const { Data: _dropped, ...rest } = out;
    if (requestType === 'Delete') {
      out = rest;
      adjusted = `Data dropped: the response was ${size} bytes, over the ${RESPONSE_BODY_LIMIT}-byte limit`;
    } else {
      out = {
        ...rest,
        Status: 'FAILED',
        Reason: `the response Data is too large: ${size} bytes, over CloudFormation's ${RESPONSE_BODY_LIMIT}-byte response limit; largest keys: ${largest}`,
      };
      adjusted = out.Reason;
    }
  }
  if (bytes(out) > RESPONSE_BODY_LIMIT && out.Reason) {
    const room = RESPONSE_BODY_LIMIT - bytes({ ...out, Reason: '' });
    out = { ...out, Reason: fitString(out.Reason, Math.max(16, room)) };
  }
  return { body: JSON.stringify(out), response: out, ...(adjusted ? { adjusted } : {}) };
}
