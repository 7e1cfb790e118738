import type { MeshModel } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { buildMeshGraph, renderDot, renderMermaid } from '../src/graph/index.js';

const model: MeshModel = {
  resources: [
    { kind: 'mesh', meshName: 'shop', name: 'shop', spec: {} },
    { kind: 'virtualNode', meshName: 'shop', name: 'cart', spec: {} },
    {
      kind: 'virtualNode',
      meshName: 'shop',
      name: 'web',
      spec: { backends: [{ virtualService: { virtualServiceName: 'cart.shop' } }] },
    },
    { kind: 'virtualRouter', meshName: 'shop', name: 'cart-router', spec: {} },
    {
      kind: 'route',
      meshName: 'shop',
      virtualRouterName: 'cart-router',
      name: 'tcp',
      spec: {
        tcpRoute: {
          action: {
            weightedTargets: [
              { virtualNode: 'cart', weight: 1, port: 7000 },
              { virtualNode: 'cart', weight: 2, port: 7001 },
            ],
          },
        },
      },
    },
    {
      kind: 'virtualService',
      meshName: 'shop',
      name: 'cart.shop',
      spec: { provider: { virtualRouter: { virtualRouterName: 'cart-router' } } },
    },
    { kind: 'virtualGateway', meshName: 'shop', name: 'edge "1"', spec: { listeners: [] } },
    {
      kind: 'gatewayRoute',
      meshName: 'shop',
      virtualGatewayName: 'edge "1"',
      name: 'to-cart',
      spec: {
        http2Route: {
          match: { prefix: '/' },
          action: { target: { virtualService: { virtualServiceName: 'cart.shop' } } },
        },
      },
    },
    {
      kind: 'virtualService',
      meshName: 'other',
      name: 'lonely',
      spec: { provider: { virtualNode: { virtualNodeName: 'ghost' } } },
    },
  ],
};

describe('buildMeshGraph', () => {
  it('draws every kind of arrow with weight shares, ports and missing boxes', () => {
    // Act
    const graph = buildMeshGraph(model);
    // Assess
    const name = (id: string) => graph.nodes.find((n) => n.id === id)?.name;
    const edges = graph.edges.map(
      (e) => `${name(e.from)} -${e.kind}-> ${name(e.to)}${e.label ? ` [${e.label}]` : ''}`,
    );
    expect(graph.meshes).toEqual(['other', 'shop']);
    expect(edges).toEqual(
      expect.arrayContaining([
        'cart-router -route-> cart [tcp 33.3% :7000]',
        'cart-router -route-> cart [tcp 66.7% :7001]',
        'web -backend-> cart.shop [backend]',
        'cart.shop -provider-> cart-router',
        'edge "1" -gatewayRoute-> cart.shop [to-cart]',
        'lonely -provider-> ghost',
      ]),
    );
    expect(graph.nodes.filter((n) => n.missing).map((n) => n.name)).toEqual(['ghost']);
  });

  it('gives the same ids for the same model whatever the resource order', () => {
    // Act
    const a = renderMermaid(model);
    const b = renderMermaid({ resources: [...model.resources].reverse() });
    // Assess
    expect(b).toBe(a);
  });
});

describe('renderers', () => {
  it('escapes quotes in Mermaid and DOT labels', () => {
    // Act
    const mermaid = renderMermaid(model);
    const dot = renderDot(model);
    // Assess
    expect(mermaid).toContain('[/"edge #quot;1#quot;"/]');
    expect(dot).toContain('label="edge \\"1\\"", shape=parallelogram');
    expect(dot).toContain('style=dashed, color=red');
    expect(mermaid).toContain('class n');
  });
});
