import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, find, listener, model, r } from './support/model.js';

const mesh = (egress: 'ALLOW_ALL' | 'DROP_ALL', extraBackends: string[] = []) =>
  model(
    r.mesh({ egressFilter: { type: egress } }),
    r.node('client', {
      listeners: [listener(9000)],
      backends: ['a', ...extraBackends].map((virtualServiceName) => ({
        virtualService: { virtualServiceName },
      })),
    }),
    r.node('pa', { listeners: [listener(8080)], serviceDiscovery: cloudMap('pa') }),
    r.node('pb', { listeners: [listener(8080)], serviceDiscovery: cloudMap('pb') }),
    r.service('a', { virtualNode: { virtualNodeName: 'pa' } }),
    r.service('b', { virtualNode: { virtualNodeName: 'pb' } }),
  );
const hostsOf = (result: ReturnType<typeof translateNode>) =>
  find(result, 'routeConfiguration', 'rds_egress_http_15001').virtual_hosts.map(
    (h: { name: string }) => h.name,
  );

describe('mesh egress filter', () => {
  it('DROP_ALL: only the backends get virtual hosts; unknown hosts meet the route table; AWS services pass', () => {
    // Act
    const result = translateNode(
      { model: mesh('DROP_ALL'), endpoints: new Map() },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(hostsOf(result)).toEqual(['a']);
    const egress = find(result, 'listener', 'lds_egress_0.0.0.0_15001');
    expect(egress.default_filter_chain.filters[0].name).toBe('envoy.filters.network.http_connection_manager');
    expect(egress.filter_chains.map((c: { filter_chain_match: unknown }) => c.filter_chain_match)).toEqual([
      { server_names: ['*.amazonaws.com'], transport_protocol: 'tls' },
    ]);
    expect(find(result, 'cluster', 'cds_egress_m_amazonaws')).toMatchObject({
      type: 'ORIGINAL_DST',
      lb_policy: 'CLUSTER_PROVIDED',
    });
    expect(result.resources.some((x) => x.name === 'cds_egress_m_allow_all')).toBe(false);
  });

  it('ALLOW_ALL: every virtual service of the mesh, and anything else passes through to its original destination', () => {
    // Act
    const result = translateNode(
      { model: mesh('ALLOW_ALL'), endpoints: new Map() },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(hostsOf(result)).toEqual(['a', 'allow_all', 'b']);
    const allowAll = find(result, 'routeConfiguration', 'rds_egress_http_15001').virtual_hosts.find(
      (h: { name: string }) => h.name === 'allow_all',
    );
    expect(allowAll).toEqual({
      name: 'allow_all',
      domains: ['*'],
      routes: [{ match: { prefix: '/' }, route: { cluster: 'cds_egress_m_allow_all', timeout: '0s' } }],
    });
    const egress = find(result, 'listener', 'lds_egress_0.0.0.0_15001');
    expect(egress.default_filter_chain.filters[0].typed_config.cluster).toBe('cds_egress_m_allow_all');
    expect(egress.listener_filters.map((f: { name: string }) => f.name)).toContain(
      'envoy.filters.listener.http_inspector',
    );
  });

  it('a backend that is no virtual service of the mesh is a warning, not an error', () => {
    // Act
    const result = translateNode(
      { model: mesh('DROP_ALL', ['ghost']), endpoints: new Map() },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(result.issues).toEqual([
      {
        code: 'XDS_UNKNOWN_BACKEND',
        path: 'nodes.client.spec.backends[1].virtualService.virtualServiceName',
        message: 'virtual service "ghost" is not in mesh "m": calls to it find no route',
        severity: 'warning',
      },
    ]);
  });
});
