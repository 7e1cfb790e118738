import {
  IMPORT_CODES,
  importDocuments,
  importKubernetesYaml,
  importSources,
  parseJsonWithPositions,
  VALIDATION_CODES,
  validate,
} from '@meshplane/core';

const KNOWN_CODES = [...Object.keys(VALIDATION_CODES), ...Object.keys(IMPORT_CODES)];

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

function jsonParseOutcome(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

describe('importers under random input', () => {
  it('parseJsonWithPositions accepts exactly what JSON.parse accepts, with the same value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.json().map((j) => `${j}}`),
        ),
        (text) => {
          // Act
          const ours = parseJsonWithPositions(text);
          const theirs = jsonParseOutcome(text);

          // Assess
          expect(ours.ok).toBe(theirs.ok);
          if (ours.ok && theirs.ok) expect(ours.value).toEqual(theirs.value);
          if (!ours.ok) {
            expect(ours.line).toBeGreaterThanOrEqual(1);
            expect(ours.column).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('importDocuments and validate never throw, whatever the documents', () => {
    const nameLike = fc.constantFrom(
      'meshName',
      'virtualNodeName',
      'virtualRouterName',
      'routeName',
      'spec',
      'tags',
    );
    const documentLike = fc.dictionary(fc.oneof(nameLike, fc.string()), fc.anything());
    fc.assert(
      fc.property(fc.oneof(fc.anything(), documentLike, fc.array(documentLike)), (input) => {
        // Act
        const result = importDocuments(input);

        // Assess: every issue carries a declared code (IssueCode), and the model validates.
        expect(Array.isArray(result.issues)).toBe(true);
        for (const issue of result.issues) expect(KNOWN_CODES).toContain(issue.code);
        for (const issue of validate(result.model).issues) expect(KNOWN_CODES).toContain(issue.code);
      }),
      { numRuns: 300 },
    );
  });

  it('preview routers derive their listeners without throwing, whatever their routes and nodes hold', () => {
    // Routes and nodes of the router with arbitrary actions, targets and listeners.
    const router = { meshName: 'm', virtualRouterName: 'r', spec: { serviceNames: ['s.local'] } };
    const target = fc.oneof(
      fc.anything(),
      fc.record({ virtualNode: fc.constantFrom('n0', 'n1'), weight: fc.anything(), port: fc.anything() }),
    );
    const route = fc
      .tuple(
        fc.nat(3),
        fc.oneof(fc.anything(), fc.record({ weightedTargets: fc.oneof(fc.anything(), fc.array(target)) })),
      )
      .map(([i, action]) => ({
        meshName: 'm',
        virtualRouterName: 'r',
        routeName: `route${i}`,
        spec: { httpRoute: { action } },
      }));
    const listener = fc.oneof(
      fc.anything(),
      fc.record({
        portMapping: fc.oneof(fc.anything(), fc.record({ port: fc.anything(), protocol: fc.anything() })),
      }),
    );
    const node = fc
      .tuple(fc.constantFrom('n0', 'n1'), fc.oneof(fc.anything(), fc.array(listener)))
      .map(([name, listeners]) => ({ meshName: 'm', virtualNodeName: name, spec: { listeners } }));
    fc.assert(
      fc.property(fc.array(fc.oneof(route, node), { maxLength: 6 }), (documents) => {
        // Act
        const result = importDocuments([router, ...documents]);

        // Assess
        const codes = result.issues.map((i) => i.code);
        expect(codes.filter((c) => c.startsWith('ROUTER_LISTENERS_'))).toHaveLength(1);
        expect(() => validate(result.model)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('importKubernetesYaml and importSources never throw on arbitrary text', () => {
    const k8sish = fc
      .tuple(
        fc.constantFrom('v1beta1', 'v1beta2'),
        fc.constantFrom('Mesh', 'VirtualNode', 'VirtualService', 'VirtualRouter', 'GatewayRoute'),
        fc.string(),
      )
      .map(
        ([version, kind, tail]) =>
          `apiVersion: appmesh.k8s.aws/${version}\nkind: ${kind}\nmetadata: { name: x }\nspec: ${tail}\n`,
      );
    fc.assert(
      fc.property(fc.oneof(fc.string(), k8sish), (text) => {
        // Act
        const yaml = importKubernetesYaml(text, { file: 'x.yaml' });
        const json = importSources([{ file: 'x.json', text }]);

        // Assess
        for (const result of [yaml, json]) {
          if (result.issues.some((i) => i.code === 'PARSE_ERROR')) expect(result.model.resources).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
