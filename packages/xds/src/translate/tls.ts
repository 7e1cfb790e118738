import { EXT, type Json } from './envoy-json.js';
import type { IssueSink } from './mesh-index.js';
import { SDS_CLUSTER_NAME } from './names.js';

/**
 * App Mesh TLS → Envoy TLS transport sockets (extensions.transport_sockets.tls.v3):
 * - certificates: `file` → `tls_certificates` (filenames Envoy reads), `sds` →
 *   `tls_certificate_sds_secret_configs` against App Mesh's SDS cluster
 *   (`static_cluster_sds_unix_socket`, which the bootstrap defines); `acm` cannot be served
 *   outside App Mesh (only App Mesh could export ACM private keys to Envoy): an issue;
 * - validation: `trust.file` → `trusted_ca`, `trust.sds` → `validation_context_sds_secret_config`,
 *   `trust.acm` (ACM Private CA): an issue; `subjectAlternativeNames.match.exact` →
 *   `match_typed_subject_alt_names` (each name accepted as a DNS or a URI SAN: App Mesh compared
 *   the name whatever its SAN type, and SPIFFE identities are URIs).
 */

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

const sdsSecret = (name: string): Json => ({
  name,
  sds_config: {
    resource_api_version: 'V3',
    api_config_source: {
      api_type: 'GRPC',
      transport_api_version: 'V3',
      grpc_services: [{ envoy_grpc: { cluster_name: SDS_CLUSTER_NAME } }],
    },
  },
});

/** The certificate part of a common TLS context (`certificate` of a listener TLS or client policy). */
function certificate(cert: unknown, path: string, sink: IssueSink): Json {
  const c = rec(cert);
  const file = rec(c?.file);
  const sds = rec(c?.sds);
  if (file) {
    return {
      tls_certificates: [
        {
          certificate_chain: { filename: String(file.certificateChain ?? '') },
          private_key: { filename: String(file.privateKey ?? '') },
        },
      ],
    };
  }
  if (sds) return { tls_certificate_sds_secret_configs: [sdsSecret(String(sds.secretName ?? ''))] };
  if (rec(c?.acm)) {
    sink.error(
      'XDS_ACM_CERTIFICATE',
      `${path}.acm.certificateArn`,
      `ACM certificate "${String(rec(c?.acm)?.certificateArn)}" cannot be served: only App Mesh could export ACM certificates to Envoy; use a file or SDS certificate`,
    );
  }
  return {};
}

function sanMatchers(validation: Rec): Json[] {
  const exact = rec(rec(validation.subjectAlternativeNames)?.match)?.exact;
  if (!Array.isArray(exact)) return [];
  return exact.flatMap((name) => [
    { san_type: 'DNS', matcher: { exact: String(name) } },
    { san_type: 'URI', matcher: { exact: String(name) } },
  ]);
}

/** The validation part of a common TLS context. */
function validationContext(validation: unknown, path: string, sink: IssueSink): Json {
  const v = rec(validation);
  if (!v) return {};
  const trust = rec(v.trust);
  const sans = sanMatchers(v);
  const file = rec(trust?.file);
  const sds = rec(trust?.sds);
  if (file) {
    const ctx: Json = { trusted_ca: { filename: String(file.certificateChain ?? '') } };
    if (sans.length > 0) ctx.match_typed_subject_alt_names = sans;
    return { validation_context: ctx };
  }
  if (sds) {
    const secret = sdsSecret(String(sds.secretName ?? ''));
    if (sans.length === 0) return { validation_context_sds_secret_config: secret };
    return {
      combined_validation_context: {
        default_validation_context: { match_typed_subject_alt_names: sans },
        validation_context_sds_secret_config: secret,
      },
    };
  }
  if (rec(trust?.acm)) {
    const arns = rec(trust?.acm)?.certificateAuthorityArns;
    sink.error(
      'XDS_ACM_TRUST',
      `${path}.trust.acm.certificateAuthorityArns`,
      `ACM Private CA trust (${Array.isArray(arns) ? arns.join(', ') : String(arns)}) cannot be served: only App Mesh could fetch ACM PCA certificates for Envoy; use a file or SDS trust`,
    );
  }
  return {};
}

/**
 * A listener's `tls` → a `DownstreamTlsContext` transport socket, or undefined when TLS is
 * `DISABLED`. A `validation` makes it mutual TLS (`require_client_certificate`).
 */
export function downstreamTls(tls: unknown, path: string, sink: IssueSink): Json | undefined {
  const t = rec(tls);
  if (!t || t.mode === 'DISABLED') return undefined;
  const common: Json = {
    ...certificate(t.certificate, `${path}.certificate`, sink),
    ...validationContext(t.validation, `${path}.validation`, sink),
  };
  const context: Json = { common_tls_context: common };
  if (t.validation) context.require_client_certificate = true;
  return { name: 'envoy.transport_sockets.tls', typed_config: { '@type': EXT.downstreamTls, ...context } };
}

/** A client policy's `tls` → an `UpstreamTlsContext` transport socket (`sni` when given). */
export function upstreamTls(tls: unknown, path: string, sink: IssueSink, sni: string | undefined): Json {
  const t = rec(tls) ?? {};
  const common: Json = {
    ...certificate(t.certificate, `${path}.certificate`, sink),
    ...validationContext(t.validation, `${path}.validation`, sink),
  };
  const context: Json = { common_tls_context: common };
  if (sni !== undefined) context.sni = sni;
  return { name: 'envoy.transport_sockets.tls', typed_config: { '@type': EXT.upstreamTls, ...context } };
}

/**
 * Whether a client policy's TLS applies to a target listener port: `enforce` (default true) and
 * `ports` (empty or absent = every port), App Mesh's `ClientPolicyTls`.
 */
export function clientTlsApplies(tls: unknown, port: number): boolean {
  const t = rec(tls);
  if (!t || t.enforce === false) return false;
  const ports = t.ports;
  return !Array.isArray(ports) || ports.length === 0 || ports.includes(port);
}
