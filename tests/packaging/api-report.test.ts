import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { apiReports, PACKAGES, reportPath } from '../../scripts/api-report.js';

// The public surface of every package, derived from its sources by the TypeScript compiler, must
// equal the checked-in packages/<pkg>/api/<pkg>.api.md: a change of the surface (a new export, a
// changed signature, an internal leaking out) fails here until the report is regenerated with
// `npm run api-report` and reviewed with the change.
describe('API reports', () => {
  const reports = apiReports();

  test('every package has a report', () => {
    expect([...reports.keys()]).toEqual([...PACKAGES]);
  });

  test.each(PACKAGES.map((pkg) => [pkg]))('@meshplane/%s matches its checked-in report', (pkg) => {
    const path = reportPath(pkg);
    expect(existsSync(path), `${path} is missing: run npm run api-report`).toBe(true);
    const current = reports.get(pkg);
    expect(current, `the surface of @meshplane/${pkg} changed: run npm run api-report`).toBe(
      readFileSync(path, 'utf8'),
    );
  });

  test('a report lists each entry point with its exports and their types', () => {
    const core = reports.get('core') ?? '';
    expect(core).toContain('## @meshplane/core/router');
    expect(core).toMatch(/^function createRouter\(options: CreateRouterOptions\) => /m);
    expect(core).toMatch(/^class MeshplaneError extends Error$/m);
  });
});
