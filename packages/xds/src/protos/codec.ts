import type { XdsResource } from '../contract.js';
import { MeshplaneXdsError } from '../errors.js';
import { type JsonProblem, messageFromJson } from './json-to-proto.js';
import { lookupMessageType } from './load.js';
import { messageToJson } from './proto-to-json.js';

/**
 * A resource that is not valid proto3 JSON for its Envoy type: every problem, each with its JSON
 * path (`$.filter_chains[0].filters[0].typed_config.stat_prefix`).
 */
export class XdsResourceError extends MeshplaneXdsError {
  override name = 'XdsResourceError';
  constructor(
    readonly resourceName: string,
    readonly typeUrl: string,
    readonly problems: readonly JsonProblem[],
  ) {
    super(
      'XDS_INVALID_RESOURCE',
      `resource "${resourceName}" (${typeUrl}) is not a valid Envoy resource: ${problems
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}`,
    );
  }
}

function messageTypeOf(typeUrl: string, resourceName: string) {
  const type = lookupMessageType(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (!type)
    throw new XdsResourceError(resourceName, typeUrl, [
      { path: '$', message: `unknown type URL ${typeUrl}` },
    ]);
  return type;
}

/**
 * Encodes one resource's proto3 JSON into the bytes of its message (the `value` of the
 * `google.protobuf.Any` a DiscoveryResponse carries). Throws {@link XdsResourceError} listing
 * every unknown field, wrongly typed value, unknown enum name or unresolvable `@type`.
 *
 * @example
 * ```ts
 * import { decodeResource, encodeResource } from '@meshplane/xds/internals';
 * const bytes = encodeResource({
 *   name: 'c',
 *   typeUrl: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
 *   resource: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'c', connectTimeout: '1s', type: 'EDS' },
 * });
 * const decoded = decodeResource('type.googleapis.com/envoy.config.cluster.v3.Cluster', bytes);
 * console.log(decoded.name, decoded.type, decoded.connect_timeout); // 'c' 'EDS' '1s'
 * ```
 */
export function encodeResource(resource: XdsResource): Uint8Array {
  const type = messageTypeOf(resource.typeUrl, resource.name);
  const { '@type': declared, ...body } = resource.resource;
  const problems: JsonProblem[] = [];
  if (declared !== resource.typeUrl) {
    problems.push({
      path: '$.@type',
      message: `"@type" must be ${resource.typeUrl}, got ${JSON.stringify(declared)}`,
    });
  }
  const message = messageFromJson(type, body, '$', problems);
  const name = message?.name;
  if (message && typeof name === 'string' && name !== resource.name) {
    problems.push({
      path: '$.name',
      message: `the resource's name is "${resource.name}" but its message says "${name}"`,
    });
  }
  if (!message || problems.length > 0) throw new XdsResourceError(resource.name, resource.typeUrl, problems);
  return type.encode(message).finish();
}

/**
 * Decodes a resource's bytes back into proto3 JSON with `@type` and the .proto field names, as
 * Envoy's `/config_dump` shows it (see {@link encodeResource} for an example).
 */
export function decodeResource(typeUrl: string, bytes: Uint8Array): Record<string, unknown> {
  const type = messageTypeOf(typeUrl, '(decoded)');
  const json = messageToJson(type, type.decode(bytes) as unknown as Record<string, unknown>) as Record<
    string,
    unknown
  >;
  return { '@type': typeUrl, ...json };
}
