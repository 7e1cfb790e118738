import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonTools } from '../../../../scripts/python-tools.js';
import { translateNode } from '../../src/translate/index.js';
import { CERT_DIR } from './fixtures/feature-mesh.js';
import { goldenCases } from './support/golden-cases.js';
import { staticBootstrap } from './support/static-bootstrap.js';

const run = promisify(execFile);
let dir: string;

// Envoy's own validation (`envoy --mode validate`: proto constraints, extension configs, TLS
// contexts, regexes, cluster and listener loading) of every golden node and gateway that
// translated without errors, through a static bootstrap holding the generated resources.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xds-validate-'));
  // The feature mesh names certificate files; Envoy reads them while validating, so real ones.
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=features.local',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  await run('cp', [join(dir, 'cert.pem'), join(dir, 'ca.pem')]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generated resources pass Envoy validation', () => {
  it('every golden node and gateway without error issues loads in envoy --mode validate', async () => {
    // Arrange
    const { envoy } = pythonTools();
    const cases = (await goldenCases())
      .map((c) => ({
        c,
        result: translateNode({ model: c.model, endpoints: c.endpoints }, c.resourceId, c.options),
      }))
      .filter(({ result }) => !result.issues.some((i) => i.severity === 'error'));

    // Act
    const outcomes = await Promise.all(
      cases.map(async ({ c, result }, i) => {
        const file = join(dir, `bootstrap-${i}.json`);
        const json = JSON.stringify(staticBootstrap(result.resources, c.resourceId))
          .replaceAll(CERT_DIR, dir)
          // Envoy opens access log files while validating; the test's stdout may not be a device.
          .replaceAll('"/dev/stdout"', JSON.stringify(join(dir, 'access.log')));
        await writeFile(file, json);
        try {
          const { stdout, stderr } = await run(envoy, [
            '--mode',
            'validate',
            '-c',
            file,
            '--log-level',
            'warn',
          ]);
          return { file: c.file, ok: `${stdout}${stderr}`.includes('OK'), log: `${stdout}${stderr}` };
        } catch (error) {
          const e = error as { stdout?: string; stderr?: string };
          return { file: c.file, ok: false, log: `${e.stdout ?? ''}${e.stderr ?? ''}` };
        }
      }),
    );

    // Assess
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.filter((o) => /Deprecated field/.test(o.log)).map((o) => o.file)).toEqual([]);
  });
});
