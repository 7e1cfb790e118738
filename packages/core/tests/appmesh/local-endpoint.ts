import { Readable } from 'node:stream';
import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from '@meshplane/local';
import { createAppMeshClient } from '../../src/appmesh/index.js';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A local endpoint on 127.0.0.1:0 and a reconciler client (adaptive retry) pointed at it. */
export async function startEndpoint(options: LocalEndpointOptions = {}): Promise<{
  endpoint: LocalEndpoint;
  client: () => AppMeshClient;
  close(): Promise<void>;
}> {
  const endpoint = await startLocalEndpoint({ port: 0, ...options });
  const clients: AppMeshClient[] = [];
  return {
    endpoint,
    client: () => {
      const client = createAppMeshClient({
        clientConfig: { endpoint: endpoint.url, region: 'us-east-1', credentials },
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      for (const c of clients) c.destroy();
      await endpoint.close();
    },
  };
}

/**
 * Simulates a process killed after `k` API calls: call number `k` reaches the endpoint and is
 * processed, but its answer is lost; every later call fails before leaving the process.
 */
export function killAfter(client: AppMeshClient, k: number): { killed: () => boolean } {
  let calls = 0;
  let dead = false;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (dead) throw new Error('process killed');
      calls++;
      const output = await next(args);
      if (calls >= k) {
        dead = true;
        throw new Error('process killed');
      }
      return output;
    },
    { step: 'initialize', name: 'killAfterK' },
  );
  return { killed: () => dead };
}

/**
 * Answers a seeded share of the client's requests with App Mesh's throttling error
 * (`TooManyRequestsException`, HTTP 429) before they leave the process: a fixed throttling rate
 * that a token bucket on the server cannot give once the SDK's adaptive mode slows down.
 */
export function injectThrottling(
  client: AppMeshClient,
  rate: number,
  seed: number,
): { throttled: () => number } {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32: small, seedable, good enough for fault injection.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let throttled = 0;
  const handler = client.config.requestHandler as { handle: (...args: unknown[]) => Promise<unknown> };
  const original = handler.handle.bind(handler);
  handler.handle = async (...args: unknown[]) => {
    if (random() < rate) {
      throttled++;
      return {
        response: {
          statusCode: 429,
          reason: 'Too Many Requests',
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
          body: Readable.from([Buffer.from('{"message":"Rate exceeded"}')]),
        },
      };
    }
    return original(...args);
  };
  return { throttled: () => throttled };
}
