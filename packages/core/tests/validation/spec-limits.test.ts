import { describe, expect, test } from 'vitest';
import { type MeshModel, validate } from '../../src/index.js';
import { appMeshModel } from '../../src/smithy/index.js';
import { find, sampleModel } from './sample-models.js';

// Bounds are read from the App Mesh model itself, so the test follows the spec; each row puts a
// value at both ends of its shape's bounds (valid) and one past each end (one issue, at the path).
type Row = {
  shape: string;
  path: string;
  kind: 'range' | 'string' | 'list';
  apply: (model: MeshModel, value: unknown) => void;
  item?: (i: number) => unknown;
};

const healthCheck = (override: Record<string, unknown>) => ({
  protocol: 'http',
  path: '/health',
  healthyThreshold: 2,
  unhealthyThreshold: 2,
  intervalMillis: 5000,
  timeoutMillis: 2000,
  ...override,
});

const frontListener = (model: MeshModel) => {
  const listener = find(model, 'virtualNode', 'front').spec.listeners?.[0];
  if (listener === undefined) throw new Error('the sample front node has a listener');
  return listener as unknown as Record<string, unknown>;
};
const cartMatch = (model: MeshModel) =>
  find(model, 'route', 'cart-route').spec.httpRoute?.match as Record<string, unknown>;
const cartRoute = (model: MeshModel) =>
  find(model, 'route', 'cart-route').spec.httpRoute as unknown as Record<string, unknown>;
const retry = { maxRetries: 1, perRetryTimeout: { value: 1, unit: 's' } };

const rows: Row[] = [
  {
    shape: 'HealthCheckThreshold',
    kind: 'range',
    path: 'nodes.front.spec.listeners[0].healthCheck.healthyThreshold',
    apply: (m, v) => {
      frontListener(m).healthCheck = healthCheck({ healthyThreshold: v });
    },
  },
  {
    shape: 'HealthCheckIntervalMillis',
    kind: 'range',
    path: 'nodes.front.spec.listeners[0].healthCheck.intervalMillis',
    apply: (m, v) => {
      frontListener(m).healthCheck = healthCheck({ intervalMillis: v });
    },
  },
  {
    shape: 'HealthCheckTimeoutMillis',
    kind: 'range',
    path: 'nodes.front.spec.listeners[0].healthCheck.timeoutMillis',
    apply: (m, v) => {
      frontListener(m).healthCheck = healthCheck({ timeoutMillis: v });
    },
  },
  {
    shape: 'OutlierDetectionMaxEjectionPercent',
    kind: 'range',
    path: 'nodes.front.spec.listeners[0].outlierDetection.maxEjectionPercent',
    apply: (m, v) => {
      frontListener(m).outlierDetection = {
        maxServerErrors: 5,
        interval: { value: 10, unit: 's' },
        baseEjectionDuration: { value: 30, unit: 's' },
        maxEjectionPercent: v,
      };
    },
  },
  {
    shape: 'FilePath',
    kind: 'string',
    path: 'nodes.front.spec.logging.accessLog.file.path',
    apply: (m, v) => {
      find(m, 'virtualNode', 'front').spec.logging = { accessLog: { file: { path: v as string } } };
    },
  },
  {
    shape: 'AwsCloudMapInstanceAttributeKey',
    kind: 'string',
    path: 'nodes.cart-v1.spec.serviceDiscovery.awsCloudMap.attributes[0].key',
    apply: (m, v) => {
      find(m, 'virtualNode', 'cart-v1').spec.serviceDiscovery = {
        awsCloudMap: {
          namespaceName: 'shop.local',
          serviceName: 'cart',
          attributes: [{ key: v as string, value: 'v1' }],
        },
      };
    },
  },
  {
    shape: 'AwsCloudMapInstanceAttributeValue',
    kind: 'string',
    path: 'nodes.cart-v1.spec.serviceDiscovery.awsCloudMap.attributes[0].value',
    apply: (m, v) => {
      find(m, 'virtualNode', 'cart-v1').spec.serviceDiscovery = {
        awsCloudMap: {
          namespaceName: 'shop.local',
          serviceName: 'cart',
          attributes: [{ key: 'version', value: v as string }],
        },
      };
    },
  },
  {
    shape: 'HeaderName',
    kind: 'string',
    path: 'routers.cart-router.routes.cart-route.spec.httpRoute.match.headers[0].name',
    apply: (m, v) => {
      cartMatch(m).headers = [{ name: v, match: { exact: 'yes' } }];
    },
  },
  {
    shape: 'HttpRouteHeaders',
    kind: 'list',
    path: 'routers.cart-router.routes.cart-route.spec.httpRoute.match.headers',
    item: (i) => ({ name: `x-h${i}`, match: { exact: 'yes' } }),
    apply: (m, v) => {
      cartMatch(m).headers = v;
    },
  },
  {
    shape: 'HttpQueryParameters',
    kind: 'list',
    path: 'routers.cart-router.routes.cart-route.spec.httpRoute.match.queryParameters',
    item: (i) => ({ name: `q${i}`, match: { exact: 'x' } }),
    apply: (m, v) => {
      cartMatch(m).queryParameters = v;
    },
  },
  {
    shape: 'HttpRetryPolicyEvents',
    kind: 'list',
    path: 'routers.cart-router.routes.cart-route.spec.httpRoute.retryPolicy.httpRetryEvents',
    item: () => 'server-error',
    apply: (m, v) => {
      cartRoute(m).retryPolicy = { ...retry, httpRetryEvents: v };
    },
  },
  {
    shape: 'TcpRetryPolicyEvents',
    kind: 'list',
    path: 'routers.cart-router.routes.cart-route.spec.httpRoute.retryPolicy.tcpRetryEvents',
    item: () => 'connection-error',
    apply: (m, v) => {
      cartRoute(m).retryPolicy = { ...retry, tcpRetryEvents: v };
    },
  },
  {
    shape: 'CertificateAuthorityArns',
    kind: 'list',
    path: 'nodes.front.spec.backendDefaults.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns',
    item: (i) => `arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca-${i}`,
    apply: (m, v) => {
      find(m, 'virtualNode', 'front').spec.backendDefaults = {
        clientPolicy: {
          tls: { validation: { trust: { acm: { certificateAuthorityArns: v as string[] } } } },
        },
      };
    },
  },
  {
    shape: 'ExactHostName',
    kind: 'string',
    path: 'gateways.edge.gatewayRoutes.to-cart.spec.httpRoute.match.hostname.exact',
    apply: (m, v) => {
      const match = find(m, 'gatewayRoute', 'to-cart').spec.httpRoute?.match as Record<string, unknown>;
      match.hostname = { exact: v };
    },
  },
  {
    shape: 'GatewayRoutePriority',
    kind: 'range',
    path: 'gateways.edge.gatewayRoutes.to-cart.spec.priority',
    apply: (m, v) => {
      find(m, 'gatewayRoute', 'to-cart').spec.priority = v as number;
    },
  },
];

function sizedValue(row: Row, size: number): unknown {
  if (row.kind === 'range') return size;
  if (row.kind === 'string') return 'a'.repeat(size);
  return Array.from({ length: size }, (_, i) => row.item?.(i));
}

const cases = rows.flatMap((row) => {
  const shape = appMeshModel.shapes[row.shape];
  const bounds = row.kind === 'range' ? shape?.range : shape?.length;
  if (bounds === undefined) throw new Error(`${row.shape} has no bounds in the App Mesh model`);
  const code = row.kind === 'range' ? 'SHAPE_RANGE' : 'SHAPE_LENGTH';
  const result: [string, Row, number, string | undefined][] = [];
  if (bounds.min !== undefined) {
    result.push([`${row.shape} at its minimum ${bounds.min}`, row, bounds.min, undefined]);
    if (row.kind === 'range' || bounds.min > 0)
      result.push([`${row.shape} at ${bounds.min - 1}`, row, bounds.min - 1, code]);
  }
  if (bounds.max !== undefined) {
    result.push([`${row.shape} at its maximum ${bounds.max}`, row, bounds.max, undefined]);
    result.push([`${row.shape} at ${bounds.max + 1}`, row, bounds.max + 1, code]);
  }
  return result;
});

describe('spec constraints of the App Mesh model, at the limit and one past it', () => {
  test.each(cases)('%s', (_, row, size, code) => {
    // Prepare
    const model = sampleModel();
    row.apply(model, sizedValue(row, size));
    // Act
    const result = validate(model);
    // Assess
    if (code === undefined) {
      expect(result.issues).toEqual([]);
    } else {
      // An empty string may also break the shape's pattern: every issue is about this value.
      expect(result.issues).toContainEqual(
        expect.objectContaining({ code, path: row.path, severity: 'error' }),
      );
      expect(new Set(result.issues.map((issue) => issue.path))).toEqual(new Set([row.path]));
    }
  });
});
