import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  importDocuments,
  importSources,
  refineIssueLocations,
  resourcePath,
  type ValidationIssue,
  validate,
} from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { resourcePath as validationResourcePath } from '../../src/model/resource-path.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
const codes = (issues: ValidationIssue[]) => issues.map((i) => i.code);
const listener = { portMapping: { port: 8080, protocol: 'http' } };

describe('importDocuments: the CLI input form', () => {
  it('recognises every kind by its name members', () => {
    // Prepare
    const docs = [
      { meshName: 'shop', spec: { egressFilter: { type: 'DROP_ALL' } }, tags: [{ key: 'team', value: 'a' }] },
      { meshName: 'shop', virtualNodeName: 'order', spec: { listeners: [listener] } },
      { meshName: 'shop', virtualRouterName: 'order-vr', spec: { listeners: [listener] } },
      { meshName: 'shop', virtualRouterName: 'order-vr', routeName: 'r', spec: { httpRoute: {} } },
      { meshName: 'shop', virtualServiceName: 'order.local', spec: {} },
      { meshName: 'shop', virtualGatewayName: 'gw', spec: { listeners: [listener] } },
      { meshName: 'shop', virtualGatewayName: 'gw', gatewayRouteName: 'gr', spec: {}, clientToken: 'x' },
    ];

    // Act
    const { model, issues } = importDocuments(docs);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.map((r) => [r.kind, r.name])).toEqual([
      ['mesh', 'shop'],
      ['virtualNode', 'order'],
      ['virtualRouter', 'order-vr'],
      ['route', 'r'],
      ['virtualService', 'order.local'],
      ['virtualGateway', 'gw'],
      ['gatewayRoute', 'gr'],
    ]);
    expect(model.resources[3]).toMatchObject({ virtualRouterName: 'order-vr' });
    expect(model.resources[6]).toMatchObject({ virtualGatewayName: 'gw' });
    expect(model.resources[0]?.tags).toEqual([{ key: 'team', value: 'a' }]);
  });

  it('reads the read-back form, bare or wrapped as describe-* prints it, dropping metadata and status', () => {
    // Prepare
    const data = {
      meshName: 'shop',
      virtualNodeName: 'order',
      spec: { listeners: [listener] },
      metadata: { arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/shop/virtualNode/order', version: 3 },
      status: { status: 'ACTIVE' },
    };

    // Act
    const bare = importDocuments(data);
    const wrapped = importDocuments({ virtualNode: data });

    // Assess
    expect(bare.issues).toEqual([]);
    expect(wrapped.issues).toEqual([]);
    expect(wrapped.model.resources).toEqual([
      { kind: 'virtualNode', meshName: 'shop', name: 'order', spec: { listeners: [listener] } },
    ]);
    expect(bare.model).toEqual(wrapped.model);
  });

  it("reads meshplane's own normalized form", () => {
    // Prepare
    const model = {
      resources: [
        { kind: 'route', meshName: 'm', name: 'r', virtualRouterName: 'vr', spec: { tcpRoute: {} } },
      ],
    };

    // Act
    const result = importDocuments(model);

    // Assess
    expect(result.model).toEqual(model);
    expect(result.issues).toEqual([]);
  });

  it('never aliases the input', () => {
    // Prepare
    const spec = { listeners: [listener] };

    // Act
    const { model } = importDocuments({ meshName: 'm', virtualNodeName: 'n', spec });
    spec.listeners.length = 0;

    // Assess
    expect(model.resources[0]?.spec).toEqual({ listeners: [listener] });
  });
});

describe('importDocuments: the same resource twice', () => {
  it('keeps the last definition in the place of the first, with an OVERRIDDEN warning naming both', () => {
    // Act
    const { model, issues } = importSources([
      {
        file: 'a.json',
        text: '[{ "meshName": "m", "virtualNodeName": "n", "spec": {} }, { "meshName": "m" }]',
      },
      { file: 'b.json', text: '{ "meshName": "m", "virtualNodeName": "n", "spec": { "backends": [] } }' },
    ]);

    // Assess
    expect(model.resources.map((r) => [r.kind, r.spec])).toEqual([
      ['virtualNode', { backends: [] }],
      ['mesh', {}],
    ]);
    expect(issues).toMatchObject([
      { code: 'OVERRIDDEN', severity: 'warning', path: 'nodes.n', file: 'b.json', line: 1, column: 1 },
    ]);
    expect(issues[0]?.message).toContain('replaces the one at a.json:1:2');
  });

  it('merges an identical redefinition silently, and tells routes of different routers apart', () => {
    // Act
    const { model, issues } = importDocuments([
      { meshName: 'm', virtualServiceName: 's', spec: {} },
      { meshName: 'm', virtualServiceName: 's', spec: {} },
      { meshName: 'm', virtualRouterName: 'r1', routeName: 'a', spec: {} },
      { meshName: 'm', virtualRouterName: 'r2', routeName: 'a', spec: {} },
      { meshName: 'other', virtualServiceName: 's', spec: {} },
    ]);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.map((r) => `${r.kind}:${r.meshName}/${r.name}`)).toEqual([
      'virtualService:m/s',
      'route:m/a',
      'route:m/a',
      'virtualService:other/s',
    ]);
  });
});

describe('importDocuments: bad input', () => {
  it('names the field, the value and the rule, and reports every problem at once', () => {
    // Prepare
    const docs = [
      { virtualNodeName: 'n', spec: {} },
      { meshName: 42, virtualNodeName: '', spec: {} },
      { meshName: 'm', virtualRouterName: 'vr', spec: 'nope' },
      { meshName: 'm', virtualServiceName: 's' },
      { meshName: 'm', virtualNodeName: 'n', spec: {}, color: 'blue' },
      { hello: 'world' },
      'just a string',
      { meshName: 'm', spec: {}, tags: { team: 'a' } },
      { kind: 'virtualThing', meshName: 'm', name: 'x', spec: {} },
    ];

    // Act
    const { model, issues } = importDocuments(docs, { file: 'docs.json' });

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['MISSING_MEMBER', 'document[0].meshName'],
      ['INVALID_TYPE', 'document[1].meshName'],
      ['INVALID_TYPE', 'document[1].virtualNodeName'],
      ['INVALID_TYPE', 'document[2].spec'],
      ['MISSING_MEMBER', 'document[3].spec'],
      ['UNKNOWN_MEMBER', 'document[4].color'],
      ['UNKNOWN_DOCUMENT', 'document[5]'],
      ['INVALID_DOCUMENT', 'document[6]'],
      ['INVALID_TYPE', 'document[7].tags'],
      ['UNKNOWN_KIND', 'document[8].kind'],
    ]);
    expect(issues.every((i) => i.severity === 'error' && i.file === 'docs.json')).toBe(true);
    expect(issues[1]?.message).toBe('meshName must be a non-empty string, got 42');
    expect(issues[6]?.message).toContain('members "hello"');
  });

  it('derives a preview router listener past malformed targets and listeners, leaving them to validate', () => {
    // Prepare: a 2018 preview router (no listeners) whose routes and nodes are broken in every way.
    const router = { meshName: 'm', virtualRouterName: 'r', spec: { serviceNames: ['s.local'] } };
    const route = (name: string, action: unknown) => ({
      meshName: 'm',
      virtualRouterName: 'r',
      routeName: name,
      spec: { httpRoute: { match: { prefix: '/' }, action } },
    });
    const node = (name: string, listeners: unknown) => ({
      meshName: 'm',
      virtualNodeName: name,
      spec: { listeners },
    });
    const documents = [
      router,
      route('a', { weightedTargets: 5 }),
      route('b', { weightedTargets: [null, 'n', { virtualNode: 7, weight: 1 }] }),
      route('c', { weightedTargets: [{ virtualNode: 'seven', weight: 1 }] }),
      route('d', { weightedTargets: [{ virtualNode: 'nulls', weight: 1 }] }),
      route('e', { weightedTargets: [{ virtualNode: 'good', weight: 1 }] }),
      node('seven', 7),
      node('nulls', [null, { portMapping: null }, { portMapping: { port: '80', protocol: 'http' } }]),
      node('good', [{ portMapping: { port: 8080, protocol: 'http' } }]),
    ];

    // Act
    const { model, issues } = importDocuments(documents);
    const checked = validate(model);

    // Assess
    expect(model.resources.find((r) => r.kind === 'virtualRouter')?.spec).toEqual({
      listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
    });
    expect(issues.map((i) => i.code)).toEqual(['PREVIEW_UPGRADED', 'ROUTER_LISTENERS_DERIVED']);
    expect(checked.valid).toBe(false);
    expect(checked.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'routers.r.routes.a.spec.httpRoute.action.weightedTargets',
        'nodes.seven.spec.listeners',
      ]),
    );
  });

  it('reports input that is not JSON data (a cycle, a BigInt) as an issue instead of throwing', () => {
    // Prepare
    const cyclic: Record<string, unknown> = { meshName: 'm', virtualNodeName: 'n', spec: {} };
    (cyclic.spec as Record<string, unknown>).self = cyclic;
    const big = [
      { meshName: 'm', virtualNodeName: 'n', spec: { listeners: [{ portMapping: { port: 80n } }] } },
    ];

    // Act
    const results = [importDocuments(cyclic), importDocuments(big, { file: 'big.json' })];

    // Assess
    for (const { model, issues } of results) {
      expect(model.resources).toEqual([]);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'INVALID_DOCUMENT', path: 'document', severity: 'error' });
      expect(issues[0]?.message).toMatch(
        /^the input must be JSON data \(objects, arrays, strings, numbers, booleans, null\): ./,
      );
    }
    expect(results[0]?.issues[0]?.message).toContain('circular');
    expect(results[1]?.issues[0]?.message).toContain('BigInt');
    expect(results[1]?.issues[0]?.file).toBe('big.json');
  });

  it('points at the line and column of the offending member when the document came from a file', () => {
    // Prepare
    const text = '{\n  "meshName": "m",\n  "virtualNodeName": 7,\n  "spec": {}\n}\n';

    // Act
    const { issues } = importSources([{ file: 'node.json', text }]);

    // Assess
    expect(issues).toEqual([
      {
        code: 'INVALID_TYPE',
        path: 'document.virtualNodeName',
        message: 'virtualNodeName must be a non-empty string, got 7',
        severity: 'error',
        file: 'node.json',
        line: 3,
        column: 22,
      },
    ]);
  });
});

describe('importDocuments: the 2018 preview shape (shopmesh)', () => {
  // order-vn.json as printed has a stray closing brace; without it, it is a valid preview document.
  const orderVn = fixture('shopmesh/order-vn.json').replace(/\}\n\}\n$/, '}\n');

  it('upgrades a preview virtual node, one PREVIEW_UPGRADED warning per changed field, with its line', () => {
    // Act
    const { model, issues } = importSources([{ file: 'order-vn.json', text: orderVn }]);

    // Assess
    expect(model.resources).toEqual([
      {
        kind: 'virtualNode',
        meshName: 'shopmesh',
        name: 'order-vn',
        spec: {
          backends: [
            { virtualService: { virtualServiceName: 'product.default.svc.cluster.local' } },
            { virtualService: { virtualServiceName: 'customer.default.svc.cluster.local' } },
          ],
          listeners: [{ portMapping: { port: 5000, protocol: 'http' } }],
          serviceDiscovery: { dns: { hostname: 'order.default.svc.cluster.local' } },
        },
        source: { file: 'order-vn.json', line: 1, column: 1 },
      },
    ]);
    expect(issues.map((i) => [i.code, i.severity, i.path, i.line, i.column])).toEqual([
      ['PREVIEW_UPGRADED', 'warning', 'nodes.order-vn.spec.backends[0]', 9, 7],
      ['PREVIEW_UPGRADED', 'warning', 'nodes.order-vn.spec.backends[1]', 10, 7],
      ['PREVIEW_UPGRADED', 'warning', 'nodes.order-vn.spec.serviceDiscovery.dns.serviceName', 24, 24],
    ]);
    expect(issues[2]?.message).toContain('spec.serviceDiscovery.dns.hostname');
  });

  it('upgrades order-vr (serviceNames -> a virtual service) and derives its listener from order-r targets', () => {
    // Prepare
    const files = [
      { file: 'order-r.json', text: fixture('shopmesh/order-r.json') },
      { file: 'order-vn.json', text: orderVn },
      { file: 'order-vr.json', text: fixture('shopmesh/order-vr.json') },
    ];

    // Act
    const { model, issues } = importSources(files);

    // Assess
    const byKind = Object.fromEntries(model.resources.map((r) => [r.kind, r]));
    expect(byKind.virtualRouter?.spec).toEqual({
      listeners: [{ portMapping: { port: 5000, protocol: 'http' } }],
    });
    expect(byKind.virtualService).toMatchObject({
      name: 'order.default.svc.cluster.local',
      spec: { provider: { virtualRouter: { virtualRouterName: 'order-vr' } } },
      source: { file: 'order-vr.json', line: 8, column: 7 },
    });
    expect(byKind.route).toMatchObject({ name: 'order-r', virtualRouterName: 'order-vr' });
    expect(codes(issues)).toEqual([
      'PREVIEW_UPGRADED',
      'PREVIEW_UPGRADED',
      'PREVIEW_UPGRADED',
      'PREVIEW_UPGRADED',
      'ROUTER_LISTENERS_DERIVED',
    ]);
    expect(issues.find((i) => i.path === 'routers.order-vr.spec.serviceNames[0]')).toMatchObject({
      file: 'order-vr.json',
      line: 8,
    });
    expect(issues.at(-1)?.message).toContain('http 5000 (from virtual node "order-vn")');
  });

  it('says how to add a listener when the router targets are not in the input', () => {
    // Act
    const { issues } = importSources([
      { file: 'order-r.json', text: fixture('shopmesh/order-r.json') },
      { file: 'order-vr.json', text: fixture('shopmesh/order-vr.json') },
    ]);

    // Assess
    const unknown = issues.find((i) => i.code === 'ROUTER_LISTENERS_UNKNOWN');
    expect(unknown).toMatchObject({ severity: 'warning', path: 'routers.order-vr.spec.listeners' });
    expect(unknown?.message).toContain('order-vn not found in the input');
  });

  it('refuses preview documents with upgrade instructions when asked to', () => {
    // Act
    const { model, issues } = importSources(
      [
        { file: 'order-vn.json', text: orderVn },
        { file: 'order-vr.json', text: fixture('shopmesh/order-vr.json') },
      ],
      { preview: 'refuse' },
    );

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.path])).toEqual([
      ['PREVIEW_SHAPE', 'error', 'nodes.order-vn.spec.backends[0]'],
      ['PREVIEW_SHAPE', 'error', 'nodes.order-vn.spec.backends[1]'],
      ['PREVIEW_SHAPE', 'error', 'nodes.order-vn.spec.serviceDiscovery.dns.serviceName'],
      ['PREVIEW_SHAPE', 'error', 'routers.order-vr.spec.serviceNames'],
    ]);
    expect(issues[0]?.message).toContain(
      '"virtualService": { "virtualServiceName": "product.default.svc.cluster.local" }',
    );
    expect(issues[3]?.message).toContain('spec.listeners');
  });
});

describe('ImportResult.locate and refineIssueLocations', () => {
  it('names resources with the very function validation uses, so issue paths cannot drift apart', () => {
    // Assess
    expect(resourcePath).toBe(validationResourcePath);
  });

  const text = [
    '[',
    '  { "meshName": "m", "virtualRouterName": "r",',
    '    "spec": { "listeners": [{ "portMapping": { "port": 8080, "protocol": "http" } }] } },',
    '  { "meshName": "m", "virtualRouterName": "r", "routeName": "a",',
    '    "spec": { "httpRoute": { "match": { "prefix": "/" },',
    '      "action": { "weightedTargets": [{ "virtualNode": "ghost", "weight": 1 }] } } } }',
    ']',
  ].join('\n');

  it('points a validation issue at the offending member instead of the resource', () => {
    // Prepare
    const imported = importSources([{ file: 'mesh.json', text }]);
    const issues = validate(imported.model).issues;

    // Act
    const refined = refineIssueLocations(issues, imported.locate);

    // Assess
    const target = refined.find((i) => i.code === 'UNKNOWN_TARGET');
    expect(issues.find((i) => i.code === 'UNKNOWN_TARGET')).toMatchObject({ line: 4, column: 3 });
    expect(target).toMatchObject({
      path: 'routers.r.routes.a.spec.httpRoute.action.weightedTargets[0].virtualNode',
      file: 'mesh.json',
      line: 6,
      column: 56,
    });
  });

  it('falls back to the closest enclosing value and leaves unknown paths alone', () => {
    // Prepare
    const { locate } = importSources([{ file: 'mesh.json', text }]);

    // Act
    const nested = locate?.('routers.r.spec.listeners[0].tls.mode');
    const name = locate?.('routers.r.routes.a.name');
    const unknown = locate?.('nodes.nobody.spec');

    // Assess
    expect(nested).toEqual({ file: 'mesh.json', line: 3, column: 29 });
    expect(name).toEqual({ file: 'mesh.json', line: 4, column: 61 });
    expect(unknown).toBeUndefined();
  });
});
