import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** The two task metadata v4 documents of the test task, shaped like AWS's documented examples. */
export const taskDocument = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(fixtures, 'task-metadata-v4-task.json'), 'utf8'));
export const containerDocument = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(fixtures, 'task-metadata-v4-container.json'), 'utf8'));

/** A loopback server playing the ECS task metadata endpoint v4 at `${uri}` and `${uri}/task`. */
export async function startMetadataServer(
  documents: { task?: unknown; container?: unknown; held?: boolean } = {},
): Promise<{ uri: string; requests(): number; release(): void; close(): Promise<void> }> {
  const task = documents.task ?? taskDocument();
  const container = documents.container ?? containerDocument();
  const base = '/v4/e9028f8d5d8e4f258373e7b93ce9a3c3-1728307645';
  // With `held`, answers wait until release(): lets a test act while the agent is starting.
  let release: () => void = () => {};
  const released = documents.held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    void released.then(() => {
      const body = req.url === `${base}/task` ? task : req.url === base ? container : undefined;
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(body === undefined ? '{}' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}${base}`,
    requests: () => count,
    release: () => release(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback health endpoint whose answer the test switches. */
export async function startHealthServer(): Promise<{
  url: string;
  setHealthy(healthy: boolean): void;
  close(): Promise<void>;
}> {
  let healthy = true;
  const server = createServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ping`,
    setHealthy: (value) => {
      healthy = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
