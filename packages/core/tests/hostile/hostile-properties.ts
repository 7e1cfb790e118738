import fc from 'fast-check';
import {
  assertValid,
  backend,
  cloudMap,
  combineModels,
  defineMesh,
  dns,
  fileAccessLog,
  grpc,
  http,
  importDocuments,
  importKubernetesYaml,
  importSources,
  millis,
  parseJsonWithPositions,
  parseYamlWithPositions,
  plan,
  planDestroy,
  refineIssueLocations,
  renderTags,
  seconds,
  validate,
  weights,
} from '../../src/index.js';
import { compileHttpMatch, fullMatchRegex } from '../../src/router/internals.js';

/**
 * The hostile inputs of issue 13 item 10 and the properties over them, shared by the vitest file
 * (hostile-input.property.test.ts) and by hunt-process-aborts.ts, which runs the same properties
 * with random seeds in child processes to catch what ends a process instead of failing a test
 * (V8's "RegExpCompiler Allocation failed" abort was one).
 */

/** Objects that break naive code: own toString/constructor/__proto__, throwing getters, cycles, proxies. */
function hostileObjects(): fc.Arbitrary<unknown> {
  const throwing = () => {
    throw new Error('hostile getter');
  };
  return fc.constantFrom<() => unknown>(
    () => ({ toString: 'not a function', constructor: 'nope', valueOf: 42 }),
    () => ({ toString: () => ({}), valueOf: () => ({}) }),
    () => JSON.parse('{"__proto__": {"resources": 1}, "constructor": {"prototype": 1}}'),
    () => Object.defineProperty({}, 'resources', { get: throwing, enumerable: true }),
    () => Object.defineProperty({ kind: 'mesh' }, 'name', { get: throwing, enumerable: true }),
    () => ({ [Symbol.toPrimitive]: throwing, toJSON: throwing }),
    () => {
      const cycle: Record<string, unknown> = { kind: 'mesh', meshName: 'm', name: 'm' };
      cycle.spec = cycle;
      return cycle;
    },
    () => {
      const list: unknown[] = [];
      list.push(list);
      return { resources: list };
    },
    () =>
      new Proxy(
        {},
        {
          get: throwing,
          ownKeys: throwing,
          has: throwing,
          getOwnPropertyDescriptor: throwing,
          getPrototypeOf: throwing,
        },
      ),
    () => Object.create(null),
    () => ({ resources: [Object.create(null), { kind: Object.create(null) }] }),
    () => 10n,
    () => Symbol('s'),
    () => () => 1,
  );
}

/** Builds a value when the property runs: fast-check itself would trip over a hostile value it holds. */
export type Make = () => unknown;

export function own(entries: [string, Make][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty, so `__proto__` becomes an own member as JSON.parse makes it.
  for (const [key, make] of entries)
    Object.defineProperty(out, key, { value: make(), enumerable: true, writable: true, configurable: true });
  return out;
}

export const hostileMake: fc.Arbitrary<Make> = fc.letrec<{ value: Make }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue().map(
      (v): Make =>
        () =>
          structuredClone(v),
    ),
    fc.anything().map(
      (v): Make =>
        () =>
          v,
    ),
    hostileObjects().map((make) => make as Make),
    fc.array(tie('value'), { maxLength: 3 }).map(
      (makes): Make =>
        () =>
          makes.map((m) => m()),
    ),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            'resources',
            'kind',
            'meshName',
            'name',
            'spec',
            'tags',
            'constructor',
            'toString',
            '__proto__',
          ),
          tie('value'),
        ),
        { maxLength: 4 },
      )
      .map(
        (entries): Make =>
          () =>
            own(entries),
      ),
  ),
})).value;

/** Models whose resources hold hostile values in every member. */
export const hostileModelMake: fc.Arbitrary<Make> = fc
  .array(
    fc.oneof(
      hostileMake,
      fc
        .record({
          kind: fc.oneof(
            fc.constantFrom('mesh', 'virtualNode', 'route', 'virtualService').map(
              (k): Make =>
                () =>
                  k,
            ),
            hostileMake,
          ),
          meshName: fc.oneof(
            fc.constant((): unknown => 'm'),
            hostileMake,
          ),
          name: fc.oneof(
            fc.constant((): unknown => 'a'),
            hostileMake,
          ),
          virtualRouterName: fc.oneof(
            fc.constant((): unknown => 'r'),
            hostileMake,
          ),
          spec: hostileMake,
          tags: hostileMake,
          source: hostileMake,
        })
        .map(
          (record): Make =>
            () =>
              own(Object.entries(record)),
        ),
    ),
    { maxLength: 4 },
  )
  .map(
    (makes): Make =>
      () => ({ resources: makes.map((m) => m()) }),
  );

export const hostileText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.constantFrom(
    '&a [*a]',
    '&a {x: *a}',
    'a: &a\n  b: *a\n',
    '&a [&b [*a, *b]]',
    'resources: &r [*r]\n',
    'apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata: &m {name: *m}\n',
    'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata: {name: a}\nspec: &s {listeners: [*s]}\n',
    '{"__proto__": {"resources": []}, "constructor": 1}',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    `${'['.repeat(3_000)}${']'.repeat(3_000)}`,
    `${'- '.repeat(1_000)}x`,
  ),
);

/** One property: its inputs, what runs on each, and how many runs a test makes. */
export interface HostileProperty<T = unknown> {
  name: string;
  inputs: fc.Arbitrary<T>;
  numRuns: number;
  run: (input: T) => void;
}

function property<T>(p: HostileProperty<T>): HostileProperty {
  return p as HostileProperty;
}

const definition = fc
  .record(
    {
      name: fc.oneof(
        fc.constant((): unknown => 'm'),
        hostileMake,
      ),
      nodes: hostileMake,
      services: hostileMake,
      routers: hostileMake,
      gateways: hostileMake,
      tags: hostileMake,
      egressFilter: hostileMake,
      ipPreference: hostileMake,
    },
    { requiredKeys: [] },
  )
  .map(
    (record): Make =>
      () =>
        own(Object.entries(record)),
  );

const helperCalls: Record<string, (v: never) => unknown> = {
  http: (v) => http(v),
  httpOptions: (v) => http(80, v),
  grpcOptions: (v) => grpc(80, v),
  seconds: (v) => seconds(v),
  millis: (v) => millis(v),
  dns: (v) => dns(v),
  dnsOptions: (v) => dns('web.local', v),
  cloudMap: (v) => cloudMap(v, 'svc'),
  cloudMapAttributes: (v) => cloudMap('ns', 'svc', v),
  fileAccessLog: (v) => fileAccessLog(v),
  weights: (v) => weights(v),
  backend: (v) => backend(v),
  renderTags: (v) => renderTags(v),
  refineIssueLocations: (v) => refineIssueLocations(v, undefined),
  importSources: (v) => importSources(v),
  importSourcesOptions: (v) => importSources([], v),
  importKubernetesYaml: (v) => importKubernetesYaml(v),
  importKubernetesYamlOptions: (v) => importKubernetesYaml('a: 1', v),
  importDocumentsOptions: (v) => importDocuments([], v),
  parseJsonWithPositions: (v) => parseJsonWithPositions(v),
  parseYamlWithPositions: (v) => parseYamlWithPositions(v),
  validateOptions: (v) => validate({ resources: [] }, v),
  planOptions: (v) => plan({ resources: [] }, { resources: [] }, v),
};

/**
 * Regex sources built from RE2's and JavaScript's constructs, counted repetitions past RE2's
 * limit, nesting and the constructs RE2 refuses, plus any string.
 */
const regexSource: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'a',
          '.',
          '[a-z]',
          '[[:digit:]]',
          '\\d',
          '\\pL',
          '(?=a)',
          '(?<!a)',
          '\\1',
          '\\C',
          '|',
          '^',
          '$',
        ),
        fc.constantFrom('(', ')', '(?:', '(?P<n>', '*', '+', '?', '**', '{2}{3}'),
        fc.integer({ min: 0, max: 100_000 }).map((n) => `{${n}}`),
        fc.tuple(fc.nat(2000), fc.nat(2000)).map(([a, b]) => `{${Math.min(a, b)},${Math.max(a, b)}}`),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('')),
  fc.nat(20).map((n) => `${'(?:'.repeat(n)}a{1000}${')'.repeat(n)}{2}`),
  fc.constantFrom(
    '(a{1000}){1000}',
    '((a{100}){100}){100}',
    `(${'('.repeat(120)}a${')'.repeat(120)})`,
    '(a+)+b',
  ),
);

/**
 * The properties; `check` runs one call and judges its outcome (the test asserts that only the
 * package's own errors come out, the hunt only needs the process to survive).
 */
export function hostileProperties(check: (call: () => unknown) => void): HostileProperty[] {
  return [
    property({
      name: 'the YAML and JSON readers and importers answer issues for any text',
      inputs: fc.tuple(hostileText, fc.constantFrom('a.yaml', 'a.json', 'a.yml')),
      numRuns: 150,
      run: ([text, file]) => {
        check(() => parseYamlWithPositions(text));
        check(() => parseJsonWithPositions(text));
        check(() => importKubernetesYaml(text, { file }));
        check(() => importSources([{ file, text }]));
        const imported = importKubernetesYaml(text);
        check(() => validate(imported.model));
      },
    }),
    property({
      name: 'importDocuments, validate, assertValid, plan, planDestroy and combineModels take any value',
      inputs: fc.tuple(fc.oneof(hostileMake, hostileModelMake), fc.oneof(hostileMake, hostileModelMake)),
      numRuns: 400,
      run: ([makeA, makeB]) => {
        const [a, b] = [makeA(), makeB()];
        check(() => importDocuments(a));
        check(() => validate(a as never));
        check(() => validate(a as never, { strict: true }));
        check(() => assertValid(a as never));
        check(() => plan(a as never, b as never));
        check(() => plan(a as never, b as never, { validate: false }));
        check(() => planDestroy(a as never, b as never));
        check(() => combineModels(a as never, b as never));
      },
    }),
    property({
      name: 'the define helpers, importer options and text arguments take any value',
      inputs: fc.tuple(hostileMake, fc.constantFrom(...Object.keys(helperCalls))),
      numRuns: 600,
      run: ([make, name]) => check(() => helperCalls[name]!(make() as never)),
    }),
    property({
      name: 'regex members: validate and the router compile any source, with RE2, into issues or own errors',
      inputs: fc.tuple(regexSource, fc.string({ maxLength: 50 })),
      numRuns: 300,
      run: ([regex, value]) => {
        const route = {
          kind: 'route',
          meshName: 'm',
          name: 'r',
          virtualRouterName: 'rt',
          spec: {
            httpRoute: {
              match: { path: { regex }, headers: [{ name: 'x', match: { regex } }] },
              action: { weightedTargets: [{ virtualNode: 'n', weight: 1 }] },
            },
          },
        };
        check(() => validate({ resources: [route] } as never));
        check(() => fullMatchRegex(regex, 'path.regex').test(value));
        check(() => compileHttpMatch({ path: { regex } }, 'match'));
      },
    }),
    property({
      name: 'defineMesh takes any definition',
      inputs: fc.oneof(hostileMake, definition),
      numRuns: 400,
      run: (make) => check(() => defineMesh(make() as never)),
    }),
  ];
}
