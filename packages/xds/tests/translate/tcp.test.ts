import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { find, listener, model, r, sec, to } from './support/model.js';

const dns = (hostname: string) => ({ dns: { hostname } });

describe('TCP', () => {
  it('routes a TCP virtual service by its port on the egress listener, with weights and idle timeout', () => {
    // Arrange
    const m = model(
      r.node('client', { backends: [{ virtualService: { virtualServiceName: 'db' } }] }),
      r.node('db1', { listeners: [listener(5432, 'tcp')], serviceDiscovery: dns('db1.internal') }),
      r.node('db2', { listeners: [listener(5432, 'tcp')], serviceDiscovery: dns('db2.internal') }),
      r.router('rt', { listeners: [listener(5432, 'tcp')] }),
      r.route('rt', 'db', { tcpRoute: { action: to({ db1: 80, db2: 20 }), timeout: { idle: sec(120) } } }),
      r.service('db', { virtualRouter: { virtualRouterName: 'rt' } }),
    );

    // Act
    const result = translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client');

    // Assess
    expect(result.issues).toEqual([]);
    const chain = find(result, 'listener', 'lds_egress_0.0.0.0_15001').filter_chains[0];
    expect(chain.filter_chain_match).toEqual({ destination_port: 5432 });
    expect(chain.filters[0].typed_config).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
      stat_prefix: 'egress_tcp_5432',
      weighted_clusters: {
        clusters: [
          { name: 'cds_egress_m_db1_tcp_5432', weight: 80 },
          { name: 'cds_egress_m_db2_tcp_5432', weight: 20 },
        ],
      },
      idle_timeout: '120s',
    });
  });

  it('serves a TCP listener of a node through a TCP proxy to the local app', () => {
    // Act
    const result = translateNode(
      {
        model: model(
          r.node('db', {
            listeners: [listener(5432, 'tcp', { timeout: { tcp: { idle: sec(60) } } })],
            serviceDiscovery: dns('db.internal'),
          }),
        ),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/db',
    );

    // Assess
    const ingress = find(result, 'listener', 'lds_ingress_0.0.0.0_15000');
    expect(ingress.filter_chains[0].filters[0].typed_config).toMatchObject({
      stat_prefix: 'ingress',
      cluster: 'cds_ingress_m_db_tcp_5432',
      idle_timeout: '60s',
    });
    expect(result.resources.some((x) => x.name.startsWith('rds_ingress'))).toBe(false);
  });

  it('two TCP services on one port cannot be told apart: an issue', () => {
    // Arrange
    const m = model(
      r.node('client', {
        backends: ['x', 'y'].map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
      }),
      r.node('nx', { listeners: [listener(5432, 'tcp')], serviceDiscovery: dns('x.internal') }),
      r.node('ny', { listeners: [listener(5432, 'tcp')], serviceDiscovery: dns('y.internal') }),
      r.service('x', { virtualNode: { virtualNodeName: 'nx' } }),
      r.service('y', { virtualNode: { virtualNodeName: 'ny' } }),
    );

    // Act
    const result = translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client');

    // Assess
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([['XDS_TCP_PORT_SHARED', 'error']]);
    expect(result.issues[0]?.message).toContain('"x" and "y" both use port 5432');
  });
});
