import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runEnvoyDemo } from '../src/envoy/envoy-demo.js';
import type { ChartOutput } from '../src/terminal-chart.js';

function capture(): ChartOutput & { text: () => string } {
  const chunks: string[] = [];
  return { write: (t) => chunks.push(t), isTTY: false, color: false, text: () => chunks.join('') };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the DJ app canary through real Envoys (npm run start:envoy)', () => {
  it('walks jazz 100/0 → 90/10 and metal 100/0 → 50/50 through five Envoys in tolerance, no request failing while a shift reaches them, no NACK, every process stopped', async () => {
    // Prepare
    const output = capture();
    // Act
    const result = await runEnvoyDemo({ requestsPerStep: 400, concurrency: 16, output });
    // Assess
    expect(result.ok, output.text()).toBe(true);
    expect(result.nacks).toBe(0);
    expect(result.registered).toBe(5);
    expect(result.envoys.map((e) => e.node).sort()).toEqual([
      'dj',
      'jazz-v1',
      'jazz-v2',
      'metal-v1',
      'metal-v2',
    ]);
    expect(result.steps.map((s) => [s.genre, s.weights])).toEqual([
      ['jazz', { 'jazz-v1': 100, 'jazz-v2': 0 }],
      ['metal', { 'metal-v1': 100, 'metal-v2': 0 }],
      ['jazz', { 'jazz-v1': 90, 'jazz-v2': 10 }],
      ['metal', { 'metal-v1': 50, 'metal-v2': 50 }],
    ]);
    for (const step of result.steps) {
      expect(step.errors).toBe(0);
      expect(Object.values(step.counts).reduce((a, b) => a + b, 0)).toBe(400);
    }
    expect(result.steps[0]!.counts).toEqual({ 'jazz-v1': 400, 'jazz-v2': 0 });
    expect(result.steps[2]!.counts['jazz-v2']).toBeGreaterThan(0);
    expect(result.steps[3]!.counts['metal-v2']).toBeGreaterThan(120);
    expect(result.shifts.map((s) => [s.genre, s.errors])).toEqual([
      ['jazz', 0],
      ['metal', 0],
    ]);
    expect(result.shifts.every((s) => s.requests > 0)).toBe(true);
    expect(result.envoys.filter((e) => alive(e.pid))).toEqual([]);
    const text = output.text();
    expect(text).toContain('step 3/4  shift jazz 100/0 → 90/10');
    expect(text).toContain('step 4/4  shift metal 100/0 → 50/50');
    expect(text).toContain('cleaned up: 5 Envoy(s) and control plane(s) stopped, 5 instance(s) deregistered');
    expect(text).toContain('all 4 splits within tolerance');
  }, 120_000);

  it('refuses bad options before starting anything, naming each', async () => {
    // Act
    const error = await runEnvoyDemo({ requestsPerStep: 1.5, concurrency: 0 }).catch((e: unknown) => e);
    // Assess
    expect((error as Error).message).toBe(
      'runEnvoyDemo: invalid options:\n- requestsPerStep: 1.5 must be an integer >= 1\n- concurrency: 0 must be an integer >= 1',
    );
  });

  it('npm run start:envoy (src/main-envoy.ts) exits 0 with every split in tolerance', () => {
    // Act: the command of the root package.json's start:envoy script, with fewer requests.
    const run = spawnSync(
      process.execPath,
      [
        '--conditions=@meshplane/source',
        '--import',
        'tsx',
        'examples/dj-app/src/main-envoy.ts',
        '--requests',
        '200',
      ],
      {
        cwd: new URL('../../..', import.meta.url).pathname,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    // Assess
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('all 4 splits within tolerance');
    expect(run.stdout).toContain('cleaned up: 5 Envoy(s) and control plane(s) stopped');
  }, 130_000);
});
