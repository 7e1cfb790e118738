import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, find, listener, model, r } from './support/model.js';

const fileCert = { file: { certificateChain: '/c/cert.pem', privateKey: '/c/key.pem' } };
const sdsConfig = {
  resource_api_version: 'V3',
  api_config_source: {
    api_type: 'GRPC',
    transport_api_version: 'V3',
    grpc_services: [{ envoy_grpc: { cluster_name: 'static_cluster_sds_unix_socket' } }],
  },
};
const node = (tls: unknown) =>
  model(r.node('n', { listeners: [listener(8080, 'http', { tls })], serviceDiscovery: cloudMap('n') }));
const ingress = (tls: unknown) => {
  const result = translateNode({ model: node(tls), endpoints: new Map() }, 'mesh/m/virtualNode/n');
  return { result, listener: find(result, 'listener', 'lds_ingress_0.0.0.0_15000') };
};

describe('listener TLS', () => {
  it('STRICT with a validation is mutual TLS with file certificates and SAN matching', () => {
    // Act
    const { listener: l } = ingress({
      mode: 'STRICT',
      certificate: fileCert,
      validation: {
        trust: { file: { certificateChain: '/c/ca.pem' } },
        subjectAlternativeNames: { match: { exact: ['a.svc'] } },
      },
    });

    // Assess
    expect(l.filter_chains).toHaveLength(1);
    expect(l.filter_chains[0].transport_socket.typed_config).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      common_tls_context: {
        tls_certificates: [
          { certificate_chain: { filename: '/c/cert.pem' }, private_key: { filename: '/c/key.pem' } },
        ],
        validation_context: {
          trusted_ca: { filename: '/c/ca.pem' },
          match_typed_subject_alt_names: [
            { san_type: 'DNS', matcher: { exact: 'a.svc' } },
            { san_type: 'URI', matcher: { exact: 'a.svc' } },
          ],
        },
      },
      require_client_certificate: true,
    });
  });

  it('PERMISSIVE serves TLS and plain text on the port, told apart by the TLS inspector; SDS certificates', () => {
    // Act
    const { listener: l } = ingress({
      mode: 'PERMISSIVE',
      certificate: { sds: { secretName: 'spiffe://m/n' } },
    });

    // Assess
    expect(
      l.filter_chains.map((c: { filter_chain_match: unknown; transport_socket?: unknown }) => [
        c.filter_chain_match,
        c.transport_socket !== undefined,
      ]),
    ).toEqual([
      [{ destination_port: 8080, transport_protocol: 'tls' }, true],
      [{ destination_port: 8080 }, false],
    ]);
    expect(l.filter_chains[0].transport_socket.typed_config.common_tls_context).toEqual({
      tls_certificate_sds_secret_configs: [{ name: 'spiffe://m/n', sds_config: sdsConfig }],
    });
    expect(l.listener_filters.map((f: { name: string }) => f.name)).toEqual([
      'envoy.filters.listener.original_dst',
      'envoy.filters.listener.tls_inspector',
    ]);
  });

  it('DISABLED is plain text', () => {
    // Act
    const { listener: l } = ingress({ mode: 'DISABLED', certificate: fileCert });

    // Assess
    expect(l.filter_chains[0].transport_socket).toBeUndefined();
  });

  it('an ACM certificate or ACM PCA trust is an issue naming the ARN', () => {
    // Act
    const { result } = ingress({
      mode: 'STRICT',
      certificate: { acm: { certificateArn: 'arn:aws:acm:eu-west-1:1:certificate/x' } },
      validation: {
        trust: { acm: { certificateAuthorityArns: ['arn:aws:acm-pca:eu-west-1:1:certificate-authority/y'] } },
      },
    });

    // Assess
    expect(result.issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['XDS_ACM_CERTIFICATE', 'nodes.n.spec.listeners[0].tls.certificate.acm.certificateArn', 'error'],
      [
        'XDS_ACM_TRUST',
        'nodes.n.spec.listeners[0].tls.validation.trust.acm.certificateAuthorityArns',
        'error',
      ],
    ]);
    expect(result.issues[0]?.message).toContain('arn:aws:acm:eu-west-1:1:certificate/x');
  });
});

describe('client policy TLS', () => {
  const caller = (backendPolicy: unknown, defaults: unknown) =>
    model(
      r.node('client', {
        backends: [
          {
            virtualService: {
              virtualServiceName: 'a',
              ...(backendPolicy ? { clientPolicy: { tls: backendPolicy } } : {}),
            },
          },
          { virtualService: { virtualServiceName: 'b' } },
        ],
        ...(defaults ? { backendDefaults: { clientPolicy: { tls: defaults } } } : {}),
      }),
      r.node('pa', { listeners: [listener(8443)], serviceDiscovery: cloudMap('pa') }),
      r.node('pb', { listeners: [listener(8080)], serviceDiscovery: cloudMap('pb') }),
      r.service('a', { virtualNode: { virtualNodeName: 'pa' } }),
      r.service('b', { virtualNode: { virtualNodeName: 'pb' } }),
    );

  it("uses the backend's policy over backendDefaults, mTLS with a client certificate, SDS trust with SANs", () => {
    // Arrange
    const own = {
      certificate: fileCert,
      validation: {
        trust: { sds: { secretName: 'ca' } },
        subjectAlternativeNames: { match: { exact: ['pa'] } },
      },
    };
    const defaults = { validation: { trust: { file: { certificateChain: '/c/ca.pem' } } } };

    // Act
    const result = translateNode(
      { model: caller(own, defaults), endpoints: new Map() },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(find(result, 'cluster', 'cds_egress_m_pa_http_8443').transport_socket.typed_config).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      common_tls_context: {
        tls_certificates: [
          { certificate_chain: { filename: '/c/cert.pem' }, private_key: { filename: '/c/key.pem' } },
        ],
        combined_validation_context: {
          default_validation_context: {
            match_typed_subject_alt_names: [
              { san_type: 'DNS', matcher: { exact: 'pa' } },
              { san_type: 'URI', matcher: { exact: 'pa' } },
            ],
          },
          validation_context_sds_secret_config: { name: 'ca', sds_config: sdsConfig },
        },
      },
    });
    expect(
      find(result, 'cluster', 'cds_egress_m_pb_http_8080').transport_socket.typed_config.common_tls_context,
    ).toEqual({ validation_context: { trusted_ca: { filename: '/c/ca.pem' } } });
  });

  it('applies only to the listed ports, and not at all with enforce: false', () => {
    // Act
    const ported = translateNode(
      {
        model: caller(undefined, {
          ports: [8443],
          validation: { trust: { file: { certificateChain: '/c/ca.pem' } } },
        }),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );
    const unenforced = translateNode(
      {
        model: caller(undefined, {
          enforce: false,
          validation: { trust: { file: { certificateChain: '/c/ca.pem' } } },
        }),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(find(ported, 'cluster', 'cds_egress_m_pa_http_8443').transport_socket).toBeDefined();
    expect(find(ported, 'cluster', 'cds_egress_m_pb_http_8080').transport_socket).toBeUndefined();
    expect(find(unenforced, 'cluster', 'cds_egress_m_pa_http_8443').transport_socket).toBeUndefined();
  });
});
