import { join } from 'node:path';
import {
  addAdminServicesToServer,
  credentials,
  loadPackageDefinition,
  Server,
  ServerCredentials,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { GRPC_XDS_ROOT } from './xds-client.js';

/** One resource as the client reports it (`envoy.service.status.v3.ClientConfig.GenericXdsConfig`). */
export interface ClientResourceStatus {
  typeUrl: string;
  name: string;
  /** `ACKED`, `NACKED`, `REQUESTED`, `DOES_NOT_EXIST`, … (`ClientResourceStatus`). */
  status: string;
  version: string;
}

/**
 * Serves this process's gRPC admin services (grpc-js-xds registers CSDS,
 * `envoy.service.status.v3.ClientStatusDiscoveryService`) on 127.0.0.1, port 0.
 *
 * @example
 * ```ts
 * import { startAdminServer } from './csds.js';
 * const admin = await startAdminServer();
 * console.log(admin.port > 0); // true
 * admin.close();
 * ```
 */
export async function startAdminServer(): Promise<{ port: number; close(): void }> {
  const server = new Server();
  addAdminServicesToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return { port, close: () => server.forceShutdown() };
}

/**
 * Asks a gRPC process's CSDS (`FetchClientStatus`) what its xDS client holds: every resource
 * with its status (per type URL and name), as Envoy's `/config_dump` would for an Envoy.
 *
 * @example
 * ```ts
 * import { fetchClientStatus } from './csds.js';
 * const resources = await fetchClientStatus(`127.0.0.1:${admin.port}`);
 * console.log(resources.every((r) => r.status === 'ACKED'));
 * ```
 */
export async function fetchClientStatus(address: string): Promise<ClientResourceStatus[]> {
  const deps = ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) =>
    join(GRPC_XDS_ROOT, 'deps', d),
  );
  const definition = loadSync('envoy/service/status/v3/csds.proto', {
    includeDirs: deps,
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const api = loadPackageDefinition(definition) as unknown as {
    envoy: {
      service: {
        status: { v3: { ClientStatusDiscoveryService: new (a: string, c: unknown) => CsdsClient } };
      };
    };
  };
  const client = new api.envoy.service.status.v3.ClientStatusDiscoveryService(
    address,
    credentials.createInsecure(),
  );
  try {
    const response = await new Promise<CsdsResponse>((resolve, reject) =>
      client.FetchClientStatus({}, (e, r) => (e ? reject(e) : resolve(r))),
    );
    return response.config.flatMap((c) =>
      c.generic_xds_configs.map((g) => ({
        typeUrl: g.type_url,
        name: g.name,
        status: g.client_status,
        version: g.version_info,
      })),
    );
  } finally {
    client.close();
  }
}

interface CsdsResponse {
  config: {
    generic_xds_configs: { type_url: string; name: string; client_status: string; version_info: string }[];
  }[];
}
interface CsdsClient {
  FetchClientStatus(request: object, cb: (e: Error | null, r: CsdsResponse) => void): void;
  close(): void;
}
