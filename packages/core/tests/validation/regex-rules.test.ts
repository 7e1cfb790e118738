import { describe, expect, it } from 'vitest';
import { type MeshModel, type MeshplaneResource, validate } from '../../src/index.js';
import {
  appMeshRegexProblem,
  compileAppMeshRegex,
  RE2_MAX_REPEAT,
  re2SyntaxProblem,
  regexLengthProblem,
} from '../../src/router/internals.js';
import { find, sampleModel } from './sample-models.js';

// Each verdict below was checked with Envoy 1.40 (`envoy --mode validate`, a route with this
// `safe_regex`); packages/xds/tests/translate/regex-envoy-agreement.test.ts re-checks them
// against the Envoy of the tool venv.
const ACCEPTED = [
  '/users/[0-9]+',
  `a{${RE2_MAX_REPEAT}}`,
  '((a{10}){10}){10}',
  '(a{2}){500}',
  '[[:alpha:]]+',
  '\\pL+',
  '\\p{Greek}',
  '(?P<id>[0-9]+)',
  '(?<id>[0-9]+)',
  '(?i)abc',
  '(?m)^a$',
  '\\x{41}\\z',
];
const REFUSED: Array<[string, RegExp]> = [
  [`a{${RE2_MAX_REPEAT + 1}}`, /invalid repeat count: `\{1001\}` \(a counted repetition is at most \{1000\}/],
  ['(a{100}){100}', /invalid repeat count: `\{100\}` \(.*nested counts multiply/],
  ['(a{2}){501}', /invalid repeat count: `\{501\}`/],
  ['(?=a)b', /unsupported Perl syntax: `\(\?=` \(RE2 has no lookahead or lookbehind\)/],
  ['(?<!a)b', /RE2 has no lookahead or lookbehind/],
  ['(a)\\1', /invalid escape sequence: `\\1` \(RE2 has no backreferences\)/],
  ['a**', /invalid nested repetition operator: `\*\*`/],
  ['a++', /invalid nested repetition operator: `\+\+`.*no possessive/],
  ['x{2}{3}', /invalid nested repetition operator/],
  ['\\Z', /invalid escape sequence: `\\Z`/],
  ['\\u0041', /invalid escape sequence: `\\u`/],
  ['(unclosed', /missing closing \)/],
  ['\\C', /RE2 accepts \\C \(any byte\), but meshplane matches text, not bytes/],
];

describe('the RE2 regex checker', () => {
  it.each(ACCEPTED)('accepts %s, as Envoy does', (pattern) => {
    expect(re2SyntaxProblem(pattern)).toBeUndefined();
  });

  it.each(REFUSED)('refuses %s with the RE2 error and the rule behind it', (pattern, reason) => {
    expect(re2SyntaxProblem(pattern)).toMatch(/^RE2 refuses it: /);
    expect(re2SyntaxProblem(pattern)).toMatch(reason);
  });

  it('applies the App Mesh length bounds in code points: 1 to 255', () => {
    expect(regexLengthProblem('a'.repeat(255))).toBeUndefined();
    // 255 astral characters: 510 UTF-16 units, 255 code points.
    expect(regexLengthProblem('😀'.repeat(255))).toBeUndefined();
    expect(regexLengthProblem('a'.repeat(256))).toBe(
      'it must be 1 to 255 characters long, got 256 (App Mesh HttpPathRegex and HeaderMatch)',
    );
    expect(regexLengthProblem('')).toMatch(/got 0/);
    expect(appMeshRegexProblem('a'.repeat(256))).toMatch(/got 256/);
    expect(appMeshRegexProblem('(?=a)')).toMatch(/lookahead/);
  });

  it('compiles a full match with RE2 semantics, or refuses with the code of the rule', () => {
    const compiled = compileAppMeshRegex('/items/[[:digit:]]+');
    if (!('test' in compiled)) throw new Error(compiled.message);
    // A POSIX class is a class in RE2; JavaScript would read `[[:digit:]]+` as "one of [:digt"
    // followed by "]+".
    expect([compiled.test('/items/42'), compiled.test('/items/42/x'), compiled.test('/items/:')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(compileAppMeshRegex('(?P<v>v[0-9])')).toHaveProperty('test');
    expect(compileAppMeshRegex('(a)\\1')).toEqual({
      code: 'REGEX_SYNTAX',
      message: 'regex "(a)\\\\1": RE2 refuses it: invalid escape sequence: `\\1` (RE2 has no backreferences)',
    });
    expect(compileAppMeshRegex('b'.repeat(300))).toEqual({
      code: 'SHAPE_LENGTH',
      message: `regex "${'b'.repeat(80)}…": it must be 1 to 255 characters long, got 300 (App Mesh HttpPathRegex and HeaderMatch)`,
    });
  });
});

/** The sample model with these regex members on its routes, and a gateway route with one. */
function withRegexes(regex: {
  path?: string;
  header?: string;
  metadata?: string;
  gateway?: string;
}): MeshModel {
  const model = sampleModel();
  const body = find(model, 'route', 'cart-route').spec.httpRoute!;
  body.match = {
    ...(regex.path === undefined ? { prefix: '/cart' } : { path: { regex: regex.path } }),
    ...(regex.header === undefined ? {} : { headers: [{ name: 'x-v', match: { regex: regex.header } }] }),
  };
  const mesh = find(model, 'route', 'cart-route').meshName;
  const extra: MeshplaneResource[] = [];
  if (regex.metadata !== undefined) {
    extra.push({
      kind: 'route',
      meshName: mesh,
      name: 'grpc-route',
      virtualRouterName: 'grpc-router',
      spec: {
        grpcRoute: {
          match: { serviceName: 'cart.Cart', metadata: [{ name: 'x-v', match: { regex: regex.metadata } }] },
          action: { weightedTargets: [{ virtualNode: 'cart-v1', weight: 1 }] },
        },
      },
    });
  }
  if (regex.gateway !== undefined) {
    extra.push({
      kind: 'gatewayRoute',
      meshName: mesh,
      name: 'gw-route',
      virtualGatewayName: 'edge',
      spec: {
        httpRoute: {
          match: { path: { regex: regex.gateway } },
          action: { target: { virtualService: { virtualServiceName: 'cart.shop.local' } } },
        },
      },
    });
  }
  model.resources.push(...extra);
  return model;
}

const regexIssues = (model: MeshModel) =>
  validate(model)
    .issues.filter(
      (i) => i.code === 'REGEX_SYNTAX' || (i.code === 'SHAPE_LENGTH' && i.path.endsWith('regex')),
    )
    .map((i) => [i.code, i.path, i.message]);

describe('validate: REGEX_SYNTAX', () => {
  it('reports every regex member RE2 refuses, all at once, naming the field, the value and the rule', () => {
    const model = withRegexes({
      path: '/cart/(?=v2)',
      header: 'a{1001}',
      metadata: '(a)\\1',
      gateway: 'x**',
    });
    expect(regexIssues(model)).toEqual([
      [
        'REGEX_SYNTAX',
        'routers.cart-router.routes.cart-route.spec.httpRoute.match.path.regex',
        expect.stringMatching(/^regex "\/cart\/\(\?=v2\)": RE2 refuses it: .*lookahead or lookbehind/),
      ],
      [
        'REGEX_SYNTAX',
        'routers.cart-router.routes.cart-route.spec.httpRoute.match.headers[0].match.regex',
        expect.stringMatching(/^regex "a\{1001\}": RE2 refuses it: invalid repeat count/),
      ],
      [
        'REGEX_SYNTAX',
        'routers.grpc-router.routes.grpc-route.spec.grpcRoute.match.metadata[0].match.regex',
        expect.stringMatching(/backreferences/),
      ],
      [
        'REGEX_SYNTAX',
        'gateways.edge.gatewayRoutes.gw-route.spec.httpRoute.match.path.regex',
        expect.stringMatching(/nested repetition operator/),
      ],
    ]);
  });

  it('accepts 1000 repetitions and refuses 1001, as RE2 and Envoy do', () => {
    expect(regexIssues(withRegexes({ path: '/a{1000}' }))).toEqual([]);
    expect(regexIssues(withRegexes({ path: '/a{1001}' }))).toEqual([
      ['REGEX_SYNTAX', expect.stringContaining('path.regex'), expect.stringContaining('`{1001}`')],
    ]);
    expect(regexIssues(withRegexes({ header: '((a{10}){10}){10}' }))).toEqual([]);
    expect(regexIssues(withRegexes({ header: '((a{10}){10}){11}' }))).toHaveLength(1);
  });

  it('leaves an overlong regex to the shape rule (one issue, not two)', () => {
    expect(regexIssues(withRegexes({ path: `/${'a'.repeat(255)}(?=x)` }))).toEqual([
      [
        'SHAPE_LENGTH',
        'routers.cart-router.routes.cart-route.spec.httpRoute.match.path.regex',
        expect.any(String),
      ],
    ]);
  });

  it('a valid model with RE2-only syntax (POSIX classes, named groups) has no regex issue', () => {
    expect(regexIssues(withRegexes({ path: '/cart/[[:digit:]]+', header: '(?P<v>v[0-9]+)' }))).toEqual([]);
  });
});
