import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VirtualNodeSpec } from '@aws-sdk/client-app-mesh';
import {
  importKubernetesYaml,
  importSources,
  type MeshplaneResource,
  type ValidationIssue,
  validate,
} from '@meshplane/core';
import { describe, expect, it } from 'vitest';

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');
const find = (resources: MeshplaneResource[], kind: string, name: string) =>
  resources.find((r) => r.kind === kind && r.name === name);
const codes = (issues: ValidationIssue[]) => issues.map((i) => i.code);

describe('importKubernetesYaml: appmesh.k8s.aws/v1beta1 (dj-app)', () => {
  it('turns a VirtualService with embedded router and routes into GA resources, deriving the router listener', () => {
    // Prepare
    const text = read('../fixtures/dj-app/virtual-services.yaml');
    const nodes = read('../fixtures/dj-app/nodes_representing_physical_services.yaml');

    // Act
    const { model, issues } = importKubernetesYaml(`${nodes}---\n${text}`, { file: 'dj.yaml' });

    // Assess
    const { resources } = model;
    expect(resources.map((r) => `${r.kind}:${r.name}`)).toEqual([
      'virtualNode:dj',
      'virtualNode:jazz-v1',
      'virtualNode:metal-v1',
      'virtualService:jazz.prod.svc.cluster.local',
      'virtualRouter:jazz-router',
      'route:jazz-route',
      'virtualService:metal.prod.svc.cluster.local',
      'virtualRouter:metal-router',
      'route:metal-route',
    ]);
    expect(find(resources, 'virtualNode', 'dj')?.spec).toEqual({
      listeners: [{ portMapping: { port: 9080, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: 'dj.prod.svc.cluster.local' } },
      backends: [
        { virtualService: { virtualServiceName: 'jazz.prod.svc.cluster.local' } },
        { virtualService: { virtualServiceName: 'metal.prod.svc.cluster.local' } },
      ],
    });
    expect(find(resources, 'virtualService', 'jazz.prod.svc.cluster.local')?.spec).toEqual({
      provider: { virtualRouter: { virtualRouterName: 'jazz-router' } },
    });
    expect(find(resources, 'route', 'jazz-route')).toMatchObject({
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      spec: {
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 100 }] },
        },
      },
    });
    expect(find(resources, 'virtualRouter', 'jazz-router')?.spec).toEqual({
      listeners: [{ portMapping: { port: 9080, protocol: 'http' } }],
    });
    expect(codes(issues)).toEqual(['ROUTER_LISTENERS_DERIVED', 'ROUTER_LISTENERS_DERIVED']);
    expect(issues[0]).toMatchObject({
      path: 'routers.jazz-router.spec.listeners',
      file: 'dj.yaml',
      severity: 'warning',
    });
    expect(issues[0]?.message).toContain('http 9080 (from virtual node "jazz-v1")');
    expect(validate(model).valid).toBe(true);
  });

  it('converts cloudMap attributes, tcp routes and millisecond retry timeouts to the API shape', () => {
    // Prepare
    const text = `
apiVersion: appmesh.k8s.aws/v1beta1
kind: VirtualNode
metadata: { name: db, namespace: prod }
spec:
  meshName: m
  listeners: [{ portMapping: { port: 5432, protocol: tcp } }]
  serviceDiscovery: { cloudMap: { namespaceName: prod.local, serviceName: db, attributes: { version: v2 } } }
---
apiVersion: appmesh.k8s.aws/v1beta1
kind: VirtualService
metadata: { name: db.prod.local }
spec:
  meshName: m
  virtualRouter: { name: db-router, listeners: [{ portMapping: { port: 5432, protocol: tcp } }] }
  routes:
    - name: db-route
      tcp: { action: { weightedTargets: [{ virtualNodeName: db, weight: 1 }] } }
    - name: web
      http:
        match: { prefix: / }
        action: { weightedTargets: [{ virtualNodeName: db, weight: 1 }] }
        retryPolicy: { perRetryTimeoutMillis: 250, maxRetries: 3 }
`;

    // Act
    const { model, issues } = importKubernetesYaml(text);

    // Assess
    expect(issues).toEqual([]);
    expect(
      (find(model.resources, 'virtualNode', 'db')?.spec as VirtualNodeSpec | undefined)?.serviceDiscovery,
    ).toEqual({
      awsCloudMap: {
        namespaceName: 'prod.local',
        serviceName: 'db',
        attributes: [{ key: 'version', value: 'v2' }],
      },
    });
    expect(find(model.resources, 'route', 'db-route')?.spec).toEqual({
      tcpRoute: { action: { weightedTargets: [{ virtualNode: 'db', weight: 1 }] } },
    });
    expect(find(model.resources, 'route', 'web')?.spec).toMatchObject({
      httpRoute: { retryPolicy: { maxRetries: 3, perRetryTimeout: { unit: 'ms', value: 250 } } },
    });
    expect(find(model.resources, 'virtualRouter', 'db-router')?.spec).toEqual({
      listeners: [{ portMapping: { port: 5432, protocol: 'tcp' } }],
    });
  });

  it('names nodes, routers and routes <name>-<namespace> when asked for the later controller naming', () => {
    // Prepare
    const text = `${read('../fixtures/dj-app/nodes_representing_physical_services.yaml')}---\n${read('../fixtures/dj-app/jazz_service_update.yaml')}`;

    // Act
    const { model } = importKubernetesYaml(text, { v1beta1Names: 'namespaced' });

    // Assess
    expect(model.resources.map((r) => `${r.kind}:${r.name}`)).toEqual([
      'virtualNode:dj-prod',
      'virtualNode:jazz-v1-prod',
      'virtualNode:metal-v1-prod',
      'virtualService:jazz.prod.svc.cluster.local',
      'virtualRouter:jazz-router-prod',
      'route:jazz-route-prod',
    ]);
    expect(find(model.resources, 'route', 'jazz-route-prod')).toMatchObject({
      virtualRouterName: 'jazz-router-prod',
      spec: {
        httpRoute: {
          action: { weightedTargets: [{ virtualNode: 'jazz-v1-prod' }, { virtualNode: 'jazz-v2-prod' }] },
        },
      },
    });
    expect(find(model.resources, 'virtualService', 'jazz.prod.svc.cluster.local')?.spec).toEqual({
      provider: { virtualRouter: { virtualRouterName: 'jazz-router-prod' } },
    });
  });

  it('maps grpc and http2 routes (controller v0.3.0 walkthroughs) like http ones, and names the route kinds when none is there', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta1
kind: VirtualService
metadata: { name: color.local, namespace: demo }
spec:
  meshName: m
  virtualRouter:
    name: color-router
    listeners: [{ portMapping: { port: 8080, protocol: grpc } }]
  routes:
    - name: grpc-route
      grpc:
        match: { serviceName: color.ColorService, methodName: GetColor }
        action:
          weightedTargets: [{ virtualNodeName: server, weight: 1 }]
        retryPolicy: { maxRetries: 2, perRetryTimeoutMillis: 300, grpcRetryEvents: [unavailable] }
    - name: http2-route
      http2:
        match: { prefix: / }
        action:
          weightedTargets: [{ virtualNodeName: server, weight: 1 }]
    - name: nothing
      priority: 3
`;

    // Act
    const { model, issues } = importKubernetesYaml(text);

    // Assess
    expect(find(model.resources, 'route', 'grpc-route')?.spec).toEqual({
      grpcRoute: {
        match: { serviceName: 'color.ColorService', methodName: 'GetColor' },
        action: { weightedTargets: [{ virtualNode: 'server', weight: 1 }] },
        retryPolicy: {
          maxRetries: 2,
          perRetryTimeout: { unit: 'ms', value: 300 },
          grpcRetryEvents: ['unavailable'],
        },
      },
    });
    expect(find(model.resources, 'route', 'http2-route')?.spec).toEqual({
      http2Route: {
        match: { prefix: '/' },
        action: { weightedTargets: [{ virtualNode: 'server', weight: 1 }] },
      },
    });
    expect(find(model.resources, 'route', 'nothing')).toBeUndefined();
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'MISSING_MEMBER',
        'k8s.VirtualService.color.local.spec.routes[2]',
        'v1beta1 route "nothing" must have one of http, http2, grpc or tcp',
      ],
    ]);
  });

  it('reports a missing meshName, an unknown kind and a missing name', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta1
kind: VirtualNode
metadata: { name: a }
spec: {}
---
apiVersion: appmesh.k8s.aws/v1beta1
kind: VirtualThing
metadata: { name: b }
---
apiVersion: appmesh.k8s.aws/v1beta1
kind: VirtualNode
metadata: {}
spec: { meshName: m }
`;

    // Act
    const { model, issues } = importKubernetesYaml(text, { file: 'bad.yaml' });

    // Assess
    expect(model.resources).toEqual([]);
    // Objects are read (metadata) before they are converted (spec), hence this order.
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['MISSING_MEMBER', 12],
      ['MISSING_MEMBER', 4],
      ['UNKNOWN_KIND', 7],
    ]);
    expect(issues[0]?.message).toContain('metadata.name');
    expect(issues[1]?.message).toContain('meshName');
  });
});

describe('importKubernetesYaml: appmesh.k8s.aws/v1beta2', () => {
  const sample = read('./samples/color-app-v1beta2.yaml');

  it('maps every kind, resolves references to AWS names and places objects in the mesh that selects their namespace', () => {
    // Act
    const { model, issues } = importKubernetesYaml(sample, { file: 'color.yaml' });

    // Assess
    const { resources } = model;
    expect(resources.map((r) => `${r.kind}:${r.meshName}/${r.name}`)).toEqual([
      'mesh:color-mesh/color-mesh',
      'virtualNode:color-mesh/blue_color',
      'virtualNode:color-mesh/green-node',
      'virtualNode:color-mesh/audit_color',
      'virtualRouter:color-mesh/color-router_color',
      'route:color-mesh/color-route',
      'virtualService:color-mesh/color.color.svc.cluster.local',
      'virtualService:color-mesh/audit.color.svc.cluster.local',
      'virtualGateway:color-mesh/ingress_color',
      'gatewayRoute:color-mesh/color-gateway-route_color',
    ]);
    const blue = find(resources, 'virtualNode', 'blue_color');
    expect(blue?.spec).toMatchObject({
      listeners: [{ tls: { mode: 'STRICT', certificate: { acm: { certificateArn: expect.any(String) } } } }],
      backends: [{ virtualService: { virtualServiceName: 'audit.color.svc.cluster.local' } }],
    });
    expect(find(resources, 'route', 'color-route')).toMatchObject({
      virtualRouterName: 'color-router_color',
      spec: {
        priority: 10,
        httpRoute: {
          action: {
            weightedTargets: [
              { virtualNode: 'blue_color', weight: 75 },
              { virtualNode: 'green-node', weight: 25 },
            ],
          },
        },
      },
    });
    expect(find(resources, 'virtualService', 'audit.color.svc.cluster.local')?.spec).toEqual({
      provider: { virtualNode: { virtualNodeName: 'audit_color' } },
    });
    expect(find(resources, 'gatewayRoute', 'color-gateway-route_color')).toMatchObject({
      virtualGatewayName: 'ingress_color',
      spec: {
        httpRoute: {
          action: { target: { virtualService: { virtualServiceName: 'color.color.svc.cluster.local' } } },
        },
      },
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['UNMAPPED_FIELD', 'mesh.color-mesh.spec.namespaceSelector'],
      ['UNMAPPED_FIELD', 'nodes.blue_color.spec.podSelector'],
      ['UNMAPPED_FIELD', 'nodes.green-node.spec.podSelector'],
      ['UNMAPPED_FIELD', 'gateways.ingress_color.spec.podSelector'],
      ['UNMAPPED_FIELD', 'gateways.ingress_color.spec.namespaceSelector'],
      ['SKIPPED_DOCUMENT', 'k8s.Deployment.blue'],
    ]);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(validate(model)).toEqual({ valid: true, issues: [] });
  });

  it('uses meshRef and ARNs, and assumes default names for references it cannot resolve', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: { name: r, namespace: shop }
spec:
  meshRef: { name: shop-mesh, uid: 1234 }
  listeners: [{ portMapping: { port: 80, protocol: http } }]
  routes:
    - name: split
      httpRoute:
        match: { prefix: / }
        action:
          weightedTargets:
            - virtualNodeARN: arn:aws:appmesh:us-east-1:111122223333:mesh/shop-mesh/virtualNode/legacy
              weight: 1
            - virtualNodeRef: { name: fresh, namespace: other }
              weight: 1
`;

    // Act
    const { model, issues } = importKubernetesYaml(text);

    // Assess
    expect(model.resources[0]).toMatchObject({
      kind: 'virtualRouter',
      meshName: 'shop-mesh',
      name: 'r_shop',
    });
    expect(model.resources[1]?.spec).toMatchObject({
      httpRoute: { action: { weightedTargets: [{ virtualNode: 'legacy' }, { virtualNode: 'fresh_other' }] } },
    });
    expect(issues.map((i) => [i.code, i.line])).toEqual([['UNRESOLVED_REF', 15]]);
  });

  it('names a VirtualService without awsName <name>.<namespace>, as the controller webhook does, in references too', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: { name: dj-app }
spec: {}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: { name: jazz, namespace: prod }
spec:
  provider: { virtualNode: { virtualNodeRef: { name: jazz-v1 } } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: dj, namespace: prod }
spec:
  backends:
    - virtualService: { virtualServiceRef: { name: jazz } }
    - virtualService: { virtualServiceRef: { name: metal } }
`;

    // Act
    const { model, issues } = importKubernetesYaml(text);

    // Assess
    expect(find(model.resources, 'virtualService', 'jazz.prod')?.spec).toEqual({
      provider: { virtualNode: { virtualNodeName: 'jazz-v1_prod' } },
    });
    expect(find(model.resources, 'virtualNode', 'dj_prod')?.spec).toEqual({
      backends: [
        { virtualService: { virtualServiceName: 'jazz.prod' } },
        { virtualService: { virtualServiceName: 'metal.prod' } },
      ],
    });
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      [
        'UNRESOLVED_REF',
        'VirtualNode "prod/jazz-v1" is not in the input; assuming the controller\'s default AWS name "jazz-v1_prod"',
      ],
      [
        'UNRESOLVED_REF',
        'VirtualService "prod/metal" is not in the input; assuming the controller\'s default AWS name "metal.prod"',
      ],
    ]);
  });

  it('warns that a Mesh meshOwner is ignored, as for App Mesh documents', () => {
    // Act
    const { model, issues } = importKubernetesYaml(
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata: { name: shared }\nspec:\n  meshOwner: "111122223333"\n',
    );

    // Assess
    expect(model.resources).toMatchObject([{ kind: 'mesh', name: 'shared', spec: {} }]);
    expect(issues).toMatchObject([
      {
        code: 'IGNORED_MEMBER',
        path: 'mesh.shared.spec.meshOwner',
        message:
          'spec.meshOwner "111122223333" is ignored: meshplane manages resources of meshes in the caller\'s account',
        severity: 'warning',
        line: 5,
        column: 14,
      },
    ]);
  });

  it('refuses a reference given both as a Ref and as an ARN (the CRD allows exactly one)', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: n, namespace: ns }
spec:
  meshRef: { name: m }
  backends:
    - virtualService:
        virtualServiceRef: { name: a }
        virtualServiceARN: arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualService/b
`;

    // Act
    const { issues } = importKubernetesYaml(text, { file: 'n.yaml' });

    // Assess
    expect(issues).toEqual([
      {
        code: 'INVALID_TYPE',
        path: 'k8s.VirtualNode.n.spec.backends[0].virtualService.virtualServiceARN',
        message:
          'exactly one of virtualServiceRef or virtualServiceARN may be set, got both: virtualServiceRef {"name":"a"} and virtualServiceARN "arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualServi…',
        severity: 'error',
        file: 'n.yaml',
        line: 9,
        column: 28,
      },
    ]);
  });

  it('reports what it cannot place or resolve', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: { name: lost }
spec: {}
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: { name: s }
spec:
  meshRef: { name: m }
  provider: { virtualNode: { virtualNodeARN: not-an-arn } }
---
apiVersion: appmesh.k8s.aws/v1beta2
kind: GatewayRoute
metadata: { name: gr }
spec:
  meshRef: { name: m }
---
apiVersion: appmesh.k8s.aws/v1beta3
kind: VirtualNode
metadata: { name: future }
`;

    // Act
    const { issues } = importKubernetesYaml(text);

    // Assess
    expect(codes(issues)).toEqual(['MESH_UNKNOWN', 'INVALID_ARN', 'GATEWAY_UNKNOWN', 'UNKNOWN_API_VERSION']);
    expect(issues[0]?.message).toContain('add spec.meshRef');
  });

  it('reads an empty spec (spec: with nothing after it) as {}, and rejects a spec that is not an object', () => {
    // Act
    const empty = importKubernetesYaml(
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata: { name: m }\nspec:\n',
    );
    const wrong = importKubernetesYaml(
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata: { name: m }\nspec: [1]\n',
    );

    // Assess
    expect(empty.issues).toEqual([]);
    expect(empty.model.resources).toMatchObject([{ kind: 'mesh', name: 'm', spec: {} }]);
    expect(wrong.issues).toMatchObject([{ code: 'INVALID_TYPE', line: 4, column: 7 }]);
  });

  it('places objects in the mesh given by the meshName option when the input has no Mesh', () => {
    // Act
    const { model, issues } = importKubernetesYaml(
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata: { name: n, namespace: ns }\nspec: {}\n',
      { meshName: 'given' },
    );

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources).toMatchObject([{ kind: 'virtualNode', meshName: 'given', name: 'n_ns' }]);
  });

  it('expands kind: List documents', () => {
    // Act
    const { model } = importKubernetesYaml(`apiVersion: v1
kind: List
items:
  - apiVersion: appmesh.k8s.aws/v1beta2
    kind: Mesh
    metadata: { name: m }
    spec: { awsName: m-aws }
  - apiVersion: appmesh.k8s.aws/v1beta2
    kind: VirtualService
    metadata: { name: s, namespace: x }
    spec: {}
`);

    // Assess
    expect(model.resources.map((r) => `${r.kind}:${r.meshName}/${r.name}`)).toEqual([
      'mesh:m-aws/m-aws',
      'virtualService:m-aws/s.x',
    ]);
  });
});

describe('importKubernetesYaml: syntax errors', () => {
  it('reports every YAML error with its line and column and imports nothing', () => {
    // Prepare
    const text =
      'apiVersion: appmesh.k8s.aws/v1beta1\nkind: Mesh\nmetadata:\n  name: [unclosed\n---\nkind: : x\n';

    // Act
    const { model, issues } = importKubernetesYaml(text, { file: 'broken.yaml' });

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.every((i) => i.code === 'PARSE_ERROR' && i.file === 'broken.yaml')).toBe(true);
    expect(issues.map((i) => i.line)).toContain(6);
    expect(issues[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('reports absurdly deep nesting as a parse error that says so, not as a bare stack overflow', () => {
    // Act
    const { model, issues } = importKubernetesYaml(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.length).toBeGreaterThan(0);
    // Refused before the recursive composer runs (importers/yaml-nesting.ts), at the first
    // collection past 256 levels: the block mapping is level 1, its value's brackets start at column 4.
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'PARSE_ERROR',
        line: 1,
        column: 4 + 255,
        message:
          'YAML syntax error: the document nests too deep: a mapping or sequence at level 257, and nesting is limited to 256 levels (App Mesh documents nest about ten)',
      }),
    ]);
  });

  it('reads << merge keys as kubectl does, keys written next to the merge winning', () => {
    // Prepare
    const text = `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualGateway
metadata: { name: edge, namespace: ns }
spec:
  meshRef: { name: m }
  listeners:
    - &http
      portMapping: { port: 8080, protocol: http }
      connectionPool: { http: { maxConnections: 100 } }
    - <<: *http
      portMapping: { port: 8081, protocol: http }
`;

    // Act
    const { model, issues } = importKubernetesYaml(text);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources[0]?.spec).toEqual({
      listeners: [
        { portMapping: { port: 8080, protocol: 'http' }, connectionPool: { http: { maxConnections: 100 } } },
        { portMapping: { port: 8081, protocol: 'http' }, connectionPool: { http: { maxConnections: 100 } } },
      ],
    });
  });

  it('reports a duplicate key as a parse error', () => {
    // Act
    const { issues } = importKubernetesYaml('kind: Mesh\nkind: Mesh\n');

    // Assess
    expect(issues).toMatchObject([{ code: 'PARSE_ERROR', line: 2, column: 1 }]);
  });
});

describe('importSources: Kubernetes objects in JSON', () => {
  it('reads a JSON array of controller objects (kubectl get -o json items) like YAML documents', () => {
    // Prepare
    const objects = [
      { apiVersion: 'appmesh.k8s.aws/v1beta2', kind: 'Mesh', metadata: { name: 'm' }, spec: {} },
      {
        apiVersion: 'appmesh.k8s.aws/v1beta2',
        kind: 'VirtualService',
        metadata: { name: 's', namespace: 'n' },
        spec: {},
      },
    ];

    // Act
    const { model, issues } = importSources([
      { file: 'objects.json', text: JSON.stringify(objects, null, 2) },
    ]);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.map((r) => `${r.kind}:${r.meshName}/${r.name}`)).toEqual([
      'mesh:m/m',
      'virtualService:m/s.n',
    ]);
    expect(model.resources[1]?.source).toEqual({ file: 'objects.json', line: 10, column: 3 });
  });
});

describe('importKubernetesYaml: strict about fields (issue 14 item 6, issue 13 item 13)', () => {
  const node = (spec: string) =>
    `apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata: {name: a, namespace: ns}\nspec:\n  meshRef: {name: m}\n${spec}`;

  it('refuses a field the CRD does not declare, with the closest declared one', () => {
    // Act
    const { issues } = importKubernetesYaml(node('  listners: []\n'), { file: 'n.yaml' });
    // Assess
    expect(issues).toEqual([
      {
        code: 'UNKNOWN_MEMBER',
        path: 'nodes.a_ns.spec.listners',
        message:
          'v1beta2 VirtualNode has no field "listners" (the App Mesh controller\'s CRD does not declare it); did you mean "listeners"?; its fields: awsName, podSelector, listeners, serviceDiscovery, backends, backendDefaults, logging, meshRef',
        severity: 'error',
        file: 'n.yaml',
        line: 6,
        column: 13,
      },
    ]);
  });

  it('says a nested field is missing from the CRD schema, not from an App Mesh document, and validate does not repeat it', () => {
    // Prepare
    const text = node(
      '  backendDefaults:\n    clientPolicy:\n      tls:\n        mode: STRICT\n        validation: {trust: {file: {certificateChain: /c.pem}}}\n',
    );
    // Act
    const { model, issues } = importKubernetesYaml(text, { file: 'n.yaml' });
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_MEMBER',
        path: 'nodes.a_ns.spec.backendDefaults.clientPolicy.tls.mode',
        message:
          'the App Mesh controller\'s CRD does not declare "mode" here (its schema has the App Mesh API\'s ClientPolicyTls: enforce, ports, certificate, validation)',
        severity: 'error',
        line: 9,
      }),
    ]);
    expect(validate(model).issues.filter((i) => i.code === 'SHAPE_UNKNOWN_MEMBER')).toEqual([]);
  });

  it('merges the same Mesh given in two files: objects without meshRef land in it', () => {
    // Prepare
    const mesh =
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata: {name: shop}\nspec: {namespaceSelector: {matchLabels: {mesh: shop}}}\n';
    const nodeWithoutRef =
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata: {name: web, namespace: front}\nspec: {}\n';
    // Act
    const { model, issues } = importSources([
      { file: 'a/mesh.yaml', text: mesh },
      { file: 'b/mesh.yaml', text: `${mesh}---\n${nodeWithoutRef}` },
    ]);
    // Assess
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.map((i) => i.code)).not.toContain('MESH_UNKNOWN');
    expect(model.resources.map((r) => [r.kind, r.meshName, r.name])).toEqual([
      ['mesh', 'shop', 'shop'],
      ['virtualNode', 'shop', 'web_front'],
    ]);
  });
});
