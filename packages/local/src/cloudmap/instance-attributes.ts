import { instanceAttributeProblems } from '@meshplane/core';
import { invalidInput } from './errors.js';
import type { NamespaceRecord, ServiceRecord } from './state.js';

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

  // The rules that do not depend on the service (reserved AWS_ names, 30 custom attributes,
  // 5,000 characters, port and initial health values) are the client's own, shared with core.
  problems.push(...instanceAttributeProblems(attributes));
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
