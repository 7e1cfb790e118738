import { readFileSync } from 'node:fs';
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import type { MeshModel } from '@meshplane/core';
import { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from '@meshplane/local';
import type { CustomResourceLogger } from '../../src/custom-resource/index.js';

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
export const region = 'us-east-1';

/** The DJ app model (examples/dj-app `djAppMesh()`), copied as JSON so the tests stand alone. */
export function djAppModel(): MeshModel {
  return JSON.parse(
    readFileSync(new URL('../fixtures/dj-app-model.json', import.meta.url), 'utf8'),
  ) as MeshModel;
}

export interface LocalMesh {
  endpoint: LocalEndpoint;
  appMesh: AppMeshClient;
  cloudMap: ServiceDiscoveryClient;
  /** Client configs for code under test (its own clients, few retries). */
  appMeshConfig: { endpoint: string; region: string; credentials: typeof credentials; maxAttempts: number };
  cloudMapConfig: {
    endpoint: string;
    region: string;
    credentials: typeof credentials;
    disableHostPrefix: true;
    maxAttempts: number;
  };
  close(): Promise<void>;
}

export async function startLocalMesh(options: LocalEndpointOptions = {}): Promise<LocalMesh> {
  const endpoint = await startLocalEndpoint({ port: 0, ...options });
  const appMeshConfig = { endpoint: endpoint.url, region, credentials, maxAttempts: 2 };
  const cloudMapConfig = { ...appMeshConfig, disableHostPrefix: true as const };
  const appMesh = new AppMeshClient({ ...appMeshConfig, maxAttempts: 1 });
  const cloudMap = new ServiceDiscoveryClient({ ...cloudMapConfig, maxAttempts: 1 });
  return {
    endpoint,
    appMesh,
    cloudMap,
    appMeshConfig,
    cloudMapConfig,
    async close() {
      appMesh.destroy();
      cloudMap.destroy();
      await endpoint.close();
    },
  };
}

export function memoryLogger() {
  const lines: string[] = [];
  const logger: CustomResourceLogger = {
    log: (level, message, fields) => lines.push(JSON.stringify({ level, message, ...fields })),
  };
  return { lines, logger, text: () => lines.join('\n') };
}
