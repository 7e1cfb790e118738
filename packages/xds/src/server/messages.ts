import type protobuf from 'protobufjs';
import { envoyProtoRoot } from '../protos/index.js';

// The four ADS messages, decoded and encoded with the Envoy protos (envoy.service.discovery.v3),
// as plain objects: the server never goes through proto-loader, so the protos load once and the
// resources' bytes (encoded once by the cache) are sent as they are.

/** The parts of a DiscoveryRequest / DeltaDiscoveryRequest the server reads. */
export interface ClientNode {
  id: string;
  cluster: string;
  userAgent: string;
}

/** A State-of-the-World request (envoy.service.discovery.v3.DiscoveryRequest). */
export interface SotwRequest {
  versionInfo: string;
  node?: ClientNode;
  resourceNames: string[];
  typeUrl: string;
  responseNonce: string;
  errorDetail?: { code: number; message: string };
}

/** A delta request (envoy.service.discovery.v3.DeltaDiscoveryRequest). */
export interface DeltaRequest {
  node?: ClientNode;
  typeUrl: string;
  subscribe: string[];
  unsubscribe: string[];
  initialResourceVersions: Record<string, string>;
  responseNonce: string;
  errorDetail?: { code: number; message: string };
}

/** One resource on the wire: its name, version and encoded message. */
export interface WireResource {
  name: string;
  version: string;
  typeUrl: string;
  bytes: Uint8Array;
}

interface Types {
  request: protobuf.Type;
  response: protobuf.Type;
  deltaRequest: protobuf.Type;
  deltaResponse: protobuf.Type;
}
let types: Types | undefined;

/** Loads the message types (the protos load once, on the first call). */
export function adsMessageTypes(): Types {
  if (!types) {
    const root = envoyProtoRoot();
    types = {
      request: root.lookupType('envoy.service.discovery.v3.DiscoveryRequest'),
      response: root.lookupType('envoy.service.discovery.v3.DiscoveryResponse'),
      deltaRequest: root.lookupType('envoy.service.discovery.v3.DeltaDiscoveryRequest'),
      deltaResponse: root.lookupType('envoy.service.discovery.v3.DeltaDiscoveryResponse'),
    };
  }
  return types;
}

type Raw = Record<string, unknown>;

function nodeOf(raw: unknown): ClientNode | undefined {
  if (!raw) return undefined;
  const node = raw as Raw;
  const version = node.user_agent_version ?? (node.user_agent_build_version ? 'build' : '');
  return {
    id: String(node.id ?? ''),
    cluster: String(node.cluster ?? ''),
    userAgent: `${String(node.user_agent_name ?? '')} ${String(version)}`.trim(),
  };
}

function errorOf(raw: unknown): { code: number; message: string } | undefined {
  if (!raw) return undefined;
  const status = raw as Raw;
  return { code: Number(status.code ?? 0), message: String(status.message ?? '') };
}

/** Decodes a DiscoveryRequest (throws on malformed bytes: grpc-js answers INTERNAL with the reason). */
export function decodeSotwRequest(bytes: Buffer): SotwRequest {
  const m = adsMessageTypes().request.decode(bytes) as unknown as Raw;
  return {
    versionInfo: String(m.version_info ?? ''),
    node: nodeOf(m.node),
    resourceNames: (m.resource_names as string[] | undefined) ?? [],
    typeUrl: String(m.type_url ?? ''),
    responseNonce: String(m.response_nonce ?? ''),
    errorDetail: errorOf(m.error_detail),
  };
}

/** Decodes a DeltaDiscoveryRequest. */
export function decodeDeltaRequest(bytes: Buffer): DeltaRequest {
  const m = adsMessageTypes().deltaRequest.decode(bytes) as unknown as Raw;
  return {
    node: nodeOf(m.node),
    typeUrl: String(m.type_url ?? ''),
    subscribe: (m.resource_names_subscribe as string[] | undefined) ?? [],
    unsubscribe: (m.resource_names_unsubscribe as string[] | undefined) ?? [],
    initialResourceVersions: {
      ...((m.initial_resource_versions as Record<string, string> | undefined) ?? {}),
    },
    responseNonce: String(m.response_nonce ?? ''),
    errorDetail: errorOf(m.error_detail),
  };
}

const CONTROL_PLANE = { identifier: 'meshplane' };

/** Encodes a DiscoveryResponse. */
export function encodeSotwResponse(r: {
  versionInfo: string;
  typeUrl: string;
  nonce: string;
  resources: readonly WireResource[];
}): Buffer {
  const message = {
    version_info: r.versionInfo,
    resources: r.resources.map((x) => ({ type_url: x.typeUrl, value: x.bytes })),
    type_url: r.typeUrl,
    nonce: r.nonce,
    control_plane: CONTROL_PLANE,
  };
  return Buffer.from(adsMessageTypes().response.encode(message).finish());
}

/**
 * A DiscoveryResponse without its nonce: the same for every stream that subscribes to the same
 * names of the same snapshot, so it is encoded once and shared ({@link withNonce} completes it).
 */
export function encodeSotwBody(r: {
  versionInfo: string;
  typeUrl: string;
  resources: readonly WireResource[];
}): Buffer {
  return encodeSotwResponse({ ...r, nonce: '' });
}

/**
 * Appends the nonce to a shared body. Protobuf messages concatenate (a parser merges the fields),
 * so body + `{ nonce }` is the whole response, byte for byte what a single encode would parse to.
 */
export function withNonce(body: Buffer, nonce: string): Buffer {
  return Buffer.concat([body, adsMessageTypes().response.encode({ nonce }).finish()]);
}

/** Encodes a DeltaDiscoveryResponse. */
export function encodeDeltaResponse(r: {
  systemVersionInfo: string;
  typeUrl: string;
  nonce: string;
  resources: readonly WireResource[];
  removed: readonly string[];
}): Buffer {
  const message = {
    system_version_info: r.systemVersionInfo,
    resources: r.resources.map((x) => ({
      name: x.name,
      version: x.version,
      resource: { type_url: x.typeUrl, value: x.bytes },
    })),
    type_url: r.typeUrl,
    removed_resources: r.removed,
    nonce: r.nonce,
    control_plane: CONTROL_PLANE,
  };
  return Buffer.from(adsMessageTypes().deltaResponse.encode(message).finish());
}

/** Encodes a request (for clients: tests, the benchmark's simulated Envoys). */
export function encodeSotwRequest(r: Partial<SotwRequest>): Buffer {
  return Buffer.from(
    adsMessageTypes()
      .request.encode({
        version_info: r.versionInfo ?? '',
        node: r.node ? { id: r.node.id, cluster: r.node.cluster } : undefined,
        resource_names: r.resourceNames ?? [],
        type_url: r.typeUrl ?? '',
        response_nonce: r.responseNonce ?? '',
        error_detail: r.errorDetail,
      })
      .finish(),
  );
}

/** Encodes a delta request (for clients). */
export function encodeDeltaRequest(r: Partial<DeltaRequest>): Buffer {
  return Buffer.from(
    adsMessageTypes()
      .deltaRequest.encode({
        node: r.node ? { id: r.node.id, cluster: r.node.cluster } : undefined,
        type_url: r.typeUrl ?? '',
        resource_names_subscribe: r.subscribe ?? [],
        resource_names_unsubscribe: r.unsubscribe ?? [],
        initial_resource_versions: r.initialResourceVersions ?? {},
        response_nonce: r.responseNonce ?? '',
        error_detail: r.errorDetail,
      })
      .finish(),
  );
}

/** Decoded responses (for clients). */
export function decodeSotwResponse(bytes: Buffer) {
  const m = adsMessageTypes().response.decode(bytes) as unknown as Raw;
  const resources = ((m.resources as Raw[] | undefined) ?? []).map((a) => ({
    typeUrl: String(a.type_url),
    bytes: a.value as Uint8Array,
  }));
  return {
    versionInfo: String(m.version_info ?? ''),
    typeUrl: String(m.type_url ?? ''),
    nonce: String(m.nonce ?? ''),
    resources,
  };
}

/** Decoded delta responses (for clients). */
export function decodeDeltaResponse(bytes: Buffer) {
  const m = adsMessageTypes().deltaResponse.decode(bytes) as unknown as Raw;
  const resources = ((m.resources as Raw[] | undefined) ?? []).map((r) => ({
    name: String(r.name),
    version: String(r.version ?? ''),
    bytes: ((r.resource as Raw | undefined)?.value as Uint8Array | undefined) ?? new Uint8Array(),
  }));
  return {
    systemVersionInfo: String(m.system_version_info ?? ''),
    typeUrl: String(m.type_url ?? ''),
    nonce: String(m.nonce ?? ''),
    resources,
    removed: (m.removed_resources as string[] | undefined) ?? [],
  };
}
