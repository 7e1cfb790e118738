import { invalidInput } from './errors.js';
import type { NamespaceRecord, ServiceRecord } from './state.js';

/**
 * The `AWS_` attribute names that RegisterInstance accepts (AWS API reference, RegisterInstance).
 *
 * @example
 * ```ts
 * import { SUPPORTED_AWS_ATTRIBUTES } from '@meshplane/local';
 * SUPPORTED_AWS_ATTRIBUTES.includes('AWS_INSTANCE_PORT'); // true
 * ```
 */
export const SUPPORTED_AWS_ATTRIBUTES = [
  'AWS_ALIAS_DNS_NAME',
  'AWS_EC2_INSTANCE_ID',
  'AWS_INIT_HEALTH_STATUS',
  'AWS_INSTANCE_CNAME',
  'AWS_INSTANCE_IPV4',
  'AWS_INSTANCE_IPV6',
  'AWS_INSTANCE_PORT',
] as const;

/**
 * Documented quotas: 30 custom attributes, 5,000 characters of keys and values in all.
 *
 * @example
 * ```ts
 * import { MAX_ATTRIBUTE_CHARACTERS, MAX_CUSTOM_ATTRIBUTES } from '@meshplane/local';
 * console.log(MAX_CUSTOM_ATTRIBUTES, MAX_ATTRIBUTE_CHARACTERS); // 30 5000
 * ```
 */
export const MAX_CUSTOM_ATTRIBUTES = 30;
export const MAX_ATTRIBUTE_CHARACTERS = 5000;

const SUPPORTED = new Set<string>(SUPPORTED_AWS_ATTRIBUTES);

/**
 * Checks a RegisterInstance attribute map against the documented rules and the service's
 * configuration, and throws one InvalidInput that lists every problem found.
 */
export function checkInstanceAttributes(
  attributes: Record<string, string>,
  service: ServiceRecord,
  namespace: NamespaceRecord,
): void {
  const problems: string[] = [];
  const keys = Object.keys(attributes);
  const has = (k: string) => attributes[k] !== undefined;

  const reserved = keys.filter((k) => k.startsWith('AWS_') && !SUPPORTED.has(k));
  for (const k of reserved) {
    problems.push(
      `attribute "${k}" is reserved: names starting with AWS_ are limited to ${SUPPORTED_AWS_ATTRIBUTES.join(', ')}`,
    );
  }
  const custom = keys.filter((k) => !k.startsWith('AWS_'));
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) {
    problems.push(`${custom.length} custom attributes is more than the limit of ${MAX_CUSTOM_ATTRIBUTES}`);
  }
  const total = keys.reduce((sum, k) => sum + k.length + (attributes[k]?.length ?? 0), 0);
  if (total > MAX_ATTRIBUTE_CHARACTERS) {
    problems.push(
      `the attributes' keys and values add up to ${total} characters, more than the limit of ${MAX_ATTRIBUTE_CHARACTERS}`,
    );
  }

  const init = attributes.AWS_INIT_HEALTH_STATUS;
  if (init !== undefined && init !== 'HEALTHY' && init !== 'UNHEALTHY') {
    problems.push(`AWS_INIT_HEALTH_STATUS "${init}" is invalid: it must be HEALTHY or UNHEALTHY`);
  }
  const port = attributes.AWS_INSTANCE_PORT;
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    problems.push(`AWS_INSTANCE_PORT "${port}" is invalid: it must be a port number from 1 to 65535`);
  }
  const ipv4 = attributes.AWS_INSTANCE_IPV4;
  if (ipv4 !== undefined && !isIpv4(ipv4)) {
    problems.push(`AWS_INSTANCE_IPV4 "${ipv4}" is not an IPv4 address`);
  }

  if (has('AWS_EC2_INSTANCE_ID')) {
    if (namespace.Type !== 'HTTP') {
      problems.push('AWS_EC2_INSTANCE_ID is supported in HTTP namespaces only');
    }
    const others = keys.filter((k) => k !== 'AWS_EC2_INSTANCE_ID' && k !== 'AWS_INIT_HEALTH_STATUS');
    if (others.some((k) => k.startsWith('AWS_'))) {
      problems.push(
        'with AWS_EC2_INSTANCE_ID the only other AWS_ attribute allowed is AWS_INIT_HEALTH_STATUS',
      );
    }
  }
  if (has('AWS_ALIAS_DNS_NAME')) {
    const records = service.DnsConfig?.DnsRecords.map((r) => r.Type) ?? [];
    if (keys.some((k) => k.startsWith('AWS_INSTANCE_'))) {
      problems.push('with AWS_ALIAS_DNS_NAME no AWS_INSTANCE_ attribute may be given');
    }
    if (service.DnsConfig?.RoutingPolicy !== 'WEIGHTED' || !records.some((t) => t === 'A' || t === 'AAAA')) {
      problems.push('AWS_ALIAS_DNS_NAME needs a service with WEIGHTED routing and an A or AAAA record');
    }
  } else if (service.DnsConfig) {
    const types = new Set(service.DnsConfig.DnsRecords.map((r) => r.Type));
    if (types.has('A') && !has('AWS_INSTANCE_IPV4')) {
      problems.push(`AWS_INSTANCE_IPV4 is required: service ${service.Id} has an A record`);
    }
    if (types.has('AAAA') && !has('AWS_INSTANCE_IPV6')) {
      problems.push(`AWS_INSTANCE_IPV6 is required: service ${service.Id} has an AAAA record`);
    }
    if (types.has('CNAME') && !has('AWS_INSTANCE_CNAME')) {
      problems.push(`AWS_INSTANCE_CNAME is required: service ${service.Id} has a CNAME record`);
    }
    if (types.has('SRV')) {
      if (!has('AWS_INSTANCE_IPV4') && !has('AWS_INSTANCE_IPV6')) {
        problems.push(
          `AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6 is required: service ${service.Id} has an SRV record`,
        );
      }
      if (!has('AWS_INSTANCE_PORT')) {
        problems.push(`AWS_INSTANCE_PORT is required: service ${service.Id} has an SRV record`);
      }
    }
  }
  if (service.HealthCheckConfig && !has('AWS_INSTANCE_PORT') && !has('AWS_ALIAS_DNS_NAME')) {
    problems.push(`AWS_INSTANCE_PORT is required: service ${service.Id} has a Route 53 health check`);
  }

  if (problems.length > 0) throw invalidInput(`Attributes are invalid: ${problems.join('; ')}.`);
}

function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
