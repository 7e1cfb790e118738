import type { IncomingMessage } from 'node:http';
import type { HostedService } from '../server/hosted-service.js';
import type { ProtocolAdapter, RequestHead, Resolution } from './adapter.js';
import { messageMember } from './error-shapes.js';
import { parseJsonObject, toWireJson } from './json-body.js';
import type { WireResponse } from './wire-response.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * awsJson1_1 (Cloud Map): every call is `POST /` naming its operation in
 * `X-Amz-Target: <service>.<Operation>`; errors carry `__type` in the body (and
 * `x-amzn-errortype`), with the shape's message member (`Message` for Cloud Map).
 */
export function createAwsJsonAdapter(hosted: HostedService, restPathPrefix: string): ProtocolAdapter {
  const model = hosted.model;
  const targetPrefix = `${model.service.name}.`;

  function error(
    type: string,
    status: number,
    message: string,
    fields: Record<string, unknown> = {},
  ): WireResponse {
    return {
      status,
      headers: { 'content-type': CONTENT_TYPE, 'x-amzn-errortype': type },
      body: toWireJson({ __type: type, ...fields, [messageMember(model, type)]: message }),
      errorType: type,
    };
  }

  function resolve(request: IncomingMessage, url: URL, body: Buffer): Resolution {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || url.pathname !== '/')
      return {
        reject: error(
          'UnknownOperationException',
          404,
          `awsJson1_1 calls are POST /, got ${request.method} ${url.pathname}`,
        ),
      };
    if (typeof target !== 'string' || !target.startsWith(targetPrefix))
      return {
        reject: error(
          'UnknownOperationException',
          400,
          `X-Amz-Target must be ${targetPrefix}<Operation>, got ${JSON.stringify(target ?? null)}`,
        ),
      };
    const operation = target.slice(targetPrefix.length);
    if (!(operation in model.operations) || !hosted.service.operations.includes(operation))
      return {
        reject: error(
          'UnknownOperationException',
          400,
          `unknown Cloud Map operation ${JSON.stringify(operation)}`,
        ),
      };
    return {
      call: {
        operation,
        decode: () => parseJsonObject(body),
        encode: (output) => ({
          status: 200,
          headers: { 'content-type': CONTENT_TYPE },
          body: toWireJson(output ?? {}),
        }),
      },
    };
  }

  return {
    protocol: 'awsJson1_1',
    hosted,
    // X-Amz-Target names an awsJson call; so does an x-amz-json content type outside the REST paths.
    claims: (head: RequestHead) =>
      head.headers['x-amz-target'] !== undefined ||
      (!head.pathname.startsWith(restPathPrefix) &&
        String(head.headers['content-type']).includes('x-amz-json')),
    resolve,
    error,
    operations: () =>
      Object.keys(model.operations)
        .filter((op) => hosted.service.operations.includes(op))
        .sort(),
  };
}
