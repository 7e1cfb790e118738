import type { DocumentReporter } from './source-document.js';
import { describeValue, isRecord } from './source-document.js';

/**
 * What to do with documents in the 2018 App Mesh preview shape: `upgrade` rewrites them into
 * the GA (2019-01-25) shape with one `PREVIEW_UPGRADED` warning per changed field; `refuse`
 * reports one `PREVIEW_SHAPE` error per preview field, saying how to upgrade it by hand.
 *
 * @example
 * ```ts
 * import { importDocuments, type PreviewMode } from '@meshplane/core';
 * const router = { meshName: 'shop', virtualRouterName: 'order-vr', spec: { serviceNames: ['order.local'] } };
 * const outcome = (preview: PreviewMode) => {
 *   const { model, issues } = importDocuments(router, { preview });
 *   return [model.resources.map((r) => r.kind), issues.map((i) => i.code)];
 * };
 * console.log(outcome('upgrade')); // [['virtualRouter', 'virtualService'], ['PREVIEW_UPGRADED', 'ROUTER_LISTENERS_UNKNOWN']]
 * console.log(outcome('refuse')); // [[], ['PREVIEW_SHAPE']]
 * ```
 */
export type PreviewMode = 'upgrade' | 'refuse';

/**
 * Rewrites a preview virtual node spec in place: `backends` as plain strings become
 * `{ virtualService: { virtualServiceName } }`, `serviceDiscovery.dns.serviceName` becomes
 * `serviceDiscovery.dns.hostname`. `reporter` is positioned on the spec.
 */
export function upgradePreviewNodeSpec(
  spec: Record<string, unknown>,
  reporter: DocumentReporter,
  mode: PreviewMode,
): void {
  const backends = spec.backends;
  if (Array.isArray(backends)) {
    backends.forEach((backend, index) => {
      if (typeof backend !== 'string') return;
      if (mode === 'refuse') {
        reporter.error(
          'PREVIEW_SHAPE',
          ['backends', index],
          `backend ${describeValue(backend)} is in the 2018 preview shape (a plain string); the App Mesh API since 2019-01-25 wants { "virtualService": { "virtualServiceName": ${describeValue(backend)} } } and a virtual service resource of that name`,
        );
        return;
      }
      backends[index] = { virtualService: { virtualServiceName: backend } };
      reporter.warn(
        'PREVIEW_UPGRADED',
        ['backends', index],
        `2018 preview field spec.backends[${index}] = ${describeValue(backend)} upgraded to spec.backends[${index}].virtualService.virtualServiceName`,
      );
    });
  }
  const discovery = spec.serviceDiscovery;
  const dns = isRecord(discovery) ? discovery.dns : undefined;
  if (isRecord(dns) && 'serviceName' in dns) {
    const serviceName = dns.serviceName;
    if (mode === 'refuse') {
      reporter.error(
        'PREVIEW_SHAPE',
        ['serviceDiscovery', 'dns', 'serviceName'],
        `serviceDiscovery.dns.serviceName is the 2018 preview name of the field; rename it to serviceDiscovery.dns.hostname (App Mesh API 2019-01-25)`,
      );
      return;
    }
    delete dns.serviceName;
    if (dns.hostname === undefined) {
      dns.hostname = serviceName;
      reporter.warn(
        'PREVIEW_UPGRADED',
        ['serviceDiscovery', 'dns', 'serviceName'],
        `2018 preview field spec.serviceDiscovery.dns.serviceName = ${describeValue(serviceName)} upgraded to spec.serviceDiscovery.dns.hostname`,
      );
    } else {
      reporter.warn(
        'PREVIEW_UPGRADED',
        ['serviceDiscovery', 'dns', 'serviceName'],
        `2018 preview field spec.serviceDiscovery.dns.serviceName = ${describeValue(serviceName)} dropped: spec.serviceDiscovery.dns.hostname = ${describeValue(dns.hostname)} is set`,
      );
    }
  }
}

/** A virtual service that a preview router named in `serviceNames`. */
export interface PreviewServiceName {
  name: string;
  index: number;
}

/**
 * Rewrites a preview virtual router spec in place: `serviceNames` is removed and returned, so
 * that the caller creates one virtual service per name with this router as its provider (the GA
 * shape). Returns `undefined` when the spec is not in the preview shape, is malformed or is refused.
 */
export function upgradePreviewRouterSpec(
  spec: Record<string, unknown>,
  reporter: DocumentReporter,
  routerName: string,
  mode: PreviewMode,
): PreviewServiceName[] | undefined {
  if (!('serviceNames' in spec)) return undefined;
  const names = spec.serviceNames;
  if (!Array.isArray(names)) {
    reporter.error(
      'INVALID_TYPE',
      ['serviceNames'],
      `spec.serviceNames (2018 preview) must be a list of service names, got ${describeValue(names)}`,
    );
    return undefined;
  }
  if (mode === 'refuse') {
    reporter.error(
      'PREVIEW_SHAPE',
      ['serviceNames'],
      `spec.serviceNames is the 2018 preview shape; since 2019-01-25 a virtual router has spec.listeners (e.g. [{ "portMapping": { "port": 8080, "protocol": "http" } }]) and each service is its own virtual service resource with { "provider": { "virtualRouter": { "virtualRouterName": "${routerName}" } } }`,
    );
    return undefined;
  }
  delete spec.serviceNames;
  const result: PreviewServiceName[] = [];
  names.forEach((name, index) => {
    if (typeof name !== 'string' || name === '') {
      reporter.error(
        'INVALID_TYPE',
        ['serviceNames', index],
        `spec.serviceNames[${index}] must be a non-empty string, got ${describeValue(name)}`,
      );
      return;
    }
    result.push({ name, index });
    reporter.warn(
      'PREVIEW_UPGRADED',
      ['serviceNames', index],
      `2018 preview field spec.serviceNames[${index}] = ${describeValue(name)} upgraded to a virtual service "${name}" whose provider is virtual router "${routerName}"`,
    );
  });
  return result;
}
