import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonTools } from '../../../../scripts/python-tools.js';
import { translateNode } from '../../src/translate/index.js';
import { egressRoutes, routed, to } from './support/model.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xds-regex-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const translate = (regex: string) =>
  translateNode(
    {
      model: routed({
        x: { httpRoute: { match: { path: { regex } }, action: to({ a: 1 }) } },
        all: { httpRoute: { match: { prefix: '/' }, action: to({ a: 1 }) } },
      }),
      endpoints: new Map(),
    },
    'mesh/m/virtualNode/client',
  );

/**
 * Envoy's verdict on one `safe_regex`: a listener whose only route matches it, through
 * `envoy --mode validate`. The program-size limit (`re2.max_program_size.error_level`, which the
 * App Mesh bootstrap sets to 1000) is raised so that only the syntax is judged: meshplane does not
 * compute RE2's program size.
 */
async function envoyAccepts(regex: string, i: number): Promise<{ ok: boolean; log: string }> {
  const config = {
    layered_runtime: {
      layers: [{ name: 'static', static_layer: { 're2.max_program_size.error_level': 1_000_000 } }],
    },
    static_resources: {
      listeners: [
        {
          name: 'l',
          address: { socket_address: { address: '127.0.0.1', port_value: 10_000 } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type':
                      'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 's',
                    http_filters: [
                      {
                        name: 'envoy.filters.http.router',
                        typed_config: {
                          '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
                        },
                      },
                    ],
                    route_config: {
                      virtual_hosts: [
                        {
                          name: 'v',
                          domains: ['*'],
                          routes: [{ match: { safe_regex: { regex } }, direct_response: { status: 200 } }],
                        },
                      ],
                    },
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  };
  const file = join(dir, `regex-${i}.json`);
  await writeFile(file, JSON.stringify(config));
  try {
    const { stdout, stderr } = await run(pythonTools().envoy, [
      '--mode',
      'validate',
      '-c',
      file,
      '--log-level',
      'warn',
    ]);
    return { ok: `${stdout}${stderr}`.includes('OK'), log: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, log: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const PATTERNS = [
  '/users/[0-9]+',
  '/a{1000}',
  '/a{1001}',
  '((a{10}){10}){10}',
  '((a{10}){10}){11}',
  '(a{100}){100}',
  '(a{2}){500}',
  '(a{2}){501}',
  '/x(?=a)',
  '/x(?!a)',
  '(?<=a)b',
  '(?<!a)b',
  '(a)\\1',
  'a**',
  'a++',
  'x{2}{3}',
  '\\Z',
  '\\u0041',
  '\\cA',
  '(unclosed',
  '[[:alpha:]]+',
  '\\pL+',
  '\\p{Greek}',
  '(?P<id>[0-9]+)',
  '(?<id>[0-9]+)',
  '(?i)abc',
  '(?U)a*',
  '\\x{41}\\z',
];
/** Accepted by Envoy, refused by meshplane: RE2's any-byte escape cannot be matched in text. */
const STRICTER = new Set(['\\C']);

describe('path and header regexes: meshplane and Envoy agree on what RE2 compiles', () => {
  it('a regex RE2 refuses is an XDS_MATCH error naming the field, the value and the rule (the control plane publishes nothing while one is there)', () => {
    const result = translate('/x(?=a)');
    expect(result.issues.map((i) => [i.code, i.severity, i.path, i.message])).toEqual([
      [
        'XDS_MATCH',
        'error',
        'routers.rt.routes.x.spec.httpRoute.match',
        expect.stringMatching(
          /regex "\/x\(\?=a\)": RE2 refuses it: .*\(RE2 has no lookahead or lookbehind\)/,
        ),
      ],
    ]);
    expect(translate('/users/[0-9]+').issues).toEqual([]);
    expect(egressRoutes(translate('/a{1000}'), 'svc').map((r) => r.match)).toContainEqual({
      safe_regex: { regex: '/a{1000}' },
    });
  });

  it('every verdict matches envoy --mode validate (Envoy 1.40 of the tool venv)', async () => {
    const cases = [...PATTERNS, ...STRICTER];
    const verdicts = await Promise.all(
      cases.map(async (regex, i) => {
        const meshplane = !translate(regex).issues.some((issue) => issue.severity === 'error');
        const envoy = await envoyAccepts(regex, i);
        return {
          regex,
          meshplane,
          envoy: envoy.ok,
          log: envoy.ok ? '' : envoy.log.split('\n').find((l) => /error/i.test(l)),
        };
      }),
    );
    const disagreements = verdicts.filter((v) => v.meshplane !== v.envoy && !STRICTER.has(v.regex));
    expect(disagreements).toEqual([]);
    // The one known difference stays one-way: meshplane refuses, Envoy accepts.
    for (const regex of STRICTER)
      expect(verdicts.find((v) => v.regex === regex)).toMatchObject({ meshplane: false, envoy: true });
    // Both sides of the table are exercised.
    expect(verdicts.filter((v) => v.envoy).length).toBeGreaterThan(8);
    expect(verdicts.filter((v) => !v.envoy).length).toBeGreaterThan(8);
  });
});
