import type { IncomingMessage } from 'node:http';
import type { HostedService } from '../server/hosted-service.js';
import type { ProtocolAdapter, RequestHead, Resolution } from './adapter.js';
import { messageMember } from './error-shapes.js';
import { toWireJson } from './json-body.js';
import { compileRestJsonRoutes, decodeRestJsonInput, encodeRestJsonOutput } from './rest-json.js';
import type { WireResponse } from './wire-response.js';

/**
 * restJson1 (App Mesh): the operation comes from the method and the URI template of its `http`
 * trait; errors carry `x-amzn-errortype` and a JSON body with the shape's message member.
 */
export function createRestJsonAdapter(hosted: HostedService): ProtocolAdapter {
  const model = hosted.model;
  const routes = compileRestJsonRoutes(model);

  function error(
    type: string,
    status: number,
    message: string,
    fields: Record<string, unknown> = {},
  ): WireResponse {
    return {
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
      body: toWireJson({ ...fields, [messageMember(model, type)]: message }),
      errorType: type,
    };
  }

  function resolve(request: IncomingMessage, url: URL, body: Buffer): Resolution {
    const method = request.method ?? 'GET';
    let match: ReturnType<typeof routes.match>;
    try {
      match = routes.match(method, url.pathname, url.searchParams);
    } catch (failure) {
      return { reject: error(hosted.malformedError, 400, (failure as Error).message) };
    }
    if (match.kind === 'unknown-path')
      return {
        reject: error('UnknownOperationException', 404, `no App Mesh operation at ${method} ${url.pathname}`),
      };
    if (match.kind === 'wrong-method') {
      const wire = error(
        'MethodNotAllowedException',
        405,
        `${method} is not allowed on ${url.pathname}; allowed: ${match.allowed.join(', ')}`,
      );
      wire.headers.allow = match.allowed.join(', ');
      return { reject: wire };
    }
    const { route, labels } = match;
    return {
      call: {
        operation: route.operation,
        decode: () =>
          decodeRestJsonInput(model, route, {
            labels,
            query: url.searchParams,
            headers: request.headers,
            body,
          }),
        encode: (output) => encodeRestJsonOutput(model, route, output),
      },
    };
  }

  return {
    protocol: 'restJson1',
    hosted,
    // Everything that is not awsJson1_1 is answered as restJson1 (the endpoint asks awsJson first).
    claims: (_head: RequestHead) => true,
    resolve,
    error,
    operations: () =>
      routes.routes
        .map((r) => r.operation)
        .filter((op) => hosted.service.operations.includes(op))
        .sort(),
  };
}
