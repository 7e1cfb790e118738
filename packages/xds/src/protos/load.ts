import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import protobuf from 'protobufjs';

// The Envoy v3 protos: the only npm copy ships inside @grpc/grpc-js-xds (deps/envoy-api, deps/xds,
// deps/googleapis, deps/protoc-gen-validate). protobufjs's own folder holds descriptor.proto; its
// `common` table holds the other well-known types.
const require = createRequire(import.meta.url);

function includeDirs(): string[] {
  const xds = dirname(require.resolve('@grpc/grpc-js-xds/package.json'));
  const pbjs = dirname(require.resolve('protobufjs/package.json'));
  return [
    pbjs,
    ...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(xds, 'deps', d)),
  ];
}

/** The files every server needs: the ADS service and the five resource types it serves. */
const ENTRY_FILES = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/transport_sockets/tls/v3/secret.proto',
];

interface Loaded {
  root: protobuf.Root;
  dirs: string[];
  loadedPackages: Set<string>;
  loadMs: number;
}
let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const start = performance.now();
  const dirs = includeDirs();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (Object.hasOwn(protobuf.common, target)) return target;
    for (const dir of dirs) {
      const path = join(dir, target);
      if (existsSync(path)) return path;
    }
    return target;
  };
  root.loadSync(ENTRY_FILES, { keepCase: true });
  root.resolveAll();
  loaded = { root, dirs, loadedPackages: new Set(), loadMs: performance.now() - start };
  return loaded;
}

/**
 * The protobufjs root holding the Envoy v3 protos, loaded once on first use (about 200 ms; never
 * on a per-request path: the server loads it when it starts). Field names are kept as in the
 * .proto files (snake_case).
 */
export function envoyProtoRoot(): protobuf.Root {
  return load().root;
}

/** How long loading the protos took, in milliseconds (0 before the first load). */
export function protoLoadMs(): number {
  return loaded?.loadMs ?? 0;
}

/**
 * The message type of a fully qualified name (`envoy.config.cluster.v3.Cluster`), or undefined
 * when no proto defines it. Types outside the entry files (an extension packed in an Any, such as
 * `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`) are loaded
 * on first use from their package's folder, so any extension the translation emits resolves.
 */
export function lookupMessageType(fullName: string): protobuf.Type | undefined {
  const known = byName.get(fullName);
  if (known) return known;
  const state = load();
  const found = state.root.lookup(fullName);
  if (found instanceof protobuf.Type) {
    byName.set(fullName, found);
    return found;
  }
  const pkg = fullName.slice(0, fullName.lastIndexOf('.'));
  if (state.loadedPackages.has(pkg)) return undefined;
  state.loadedPackages.add(pkg);
  const rel = pkg.replaceAll('.', '/');
  for (const dir of state.dirs) {
    const folder = join(dir, rel);
    if (!existsSync(folder)) continue;
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.proto'))
      .map((f) => `${rel}/${f}`);
    state.root.loadSync(files, { keepCase: true });
    state.root.resolveAll();
  }
  const again = state.root.lookup(fullName);
  if (!(again instanceof protobuf.Type)) return undefined;
  byName.set(fullName, again);
  return again;
}

// Root.lookup walks the namespace tree; the codec looks types up per Any, so names are memoized.
const byName = new Map<string, protobuf.Type>();

/** A type's name without the leading dot (`envoy.config.cluster.v3.Cluster`), memoized: protobufjs computes fullName on every read. */
export function typeName(type: protobuf.ReflectionObject): string {
  let name = names.get(type);
  if (name === undefined) {
    name = type.fullName.slice(1);
    names.set(type, name);
  }
  return name;
}
const names = new WeakMap<protobuf.ReflectionObject, string>();
