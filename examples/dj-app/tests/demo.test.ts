import { describe, expect, it } from 'vitest';
import { versionOf } from '../src/artists.js';
import { runDemo } from '../src/demo.js';
import { checkSplit, tolerancePoints } from '../src/split-check.js';
import { type ChartOutput, drawSplit, progress } from '../src/terminal-chart.js';

function capture(isTTY: boolean): ChartOutput & { text: () => string } {
  const chunks: string[] = [];
  return { write: (t) => chunks.push(t), isTTY, color: false, text: () => chunks.join('') };
}

describe('the DJ app canary (npm start)', () => {
  it('walks jazz 100/0 → 90/10 and metal 100/0 → 50/50 with every split in tolerance, and cleans up', async () => {
    // Prepare
    const output = capture(false);
    // Act
    const result = await runDemo({ requestsPerStep: 600, output, seed: 2024 });
    // Assess
    expect(result.ok).toBe(true);
    expect(result.registered).toBe(5);
    expect(result.steps.map((s) => [s.genre, s.weights])).toEqual([
      ['jazz', { 'jazz-v1': 100, 'jazz-v2': 0 }],
      ['metal', { 'metal-v1': 100, 'metal-v2': 0 }],
      ['jazz', { 'jazz-v1': 90, 'jazz-v2': 10 }],
      ['metal', { 'metal-v1': 50, 'metal-v2': 50 }],
    ]);
    for (const step of result.steps) {
      expect(step.errors).toBe(0);
      expect(Object.values(step.counts).reduce((a, b) => a + b, 0)).toBe(600);
    }
    expect(result.steps[0]!.counts).toEqual({ 'jazz-v1': 600, 'jazz-v2': 0 });
    expect(result.steps[2]!.counts['jazz-v2']).toBeGreaterThan(0);
    expect(result.steps[3]!.counts['metal-v2']).toBeGreaterThan(200);
    const text = output.text();
    expect(text).toContain('step 3/4  shift jazz 100/0 → 90/10');
    expect(text).toContain('step 4/4  shift metal 100/0 → 50/50');
    expect(text).toContain('cleaned up: 5 instance(s) deregistered, mesh dj-app destroyed');
    expect(text).toContain('all 4 splits within tolerance');
    expect(text).not.toContain('\r');
  });
});

describe('demo options', () => {
  it('refuses bad options before starting anything, naming each', async () => {
    // Act
    const error = await runDemo({
      requestsPerStep: 0,
      concurrency: Number.NaN,
      seed: 'x' as unknown as number,
      output: {} as ChartOutput,
    }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'runDemo: invalid options:\n- requestsPerStep: 0 must be an integer >= 1\n- concurrency: NaN must be an integer >= 1\n- seed: "x" must be a finite number\n- output: must have a write(text) function (and isTTY, color)',
    );
  });
});

describe('split checks and the chart', () => {
  it('derives the tolerance from the sample size, with a 3-point floor', () => {
    // Act / Assess
    expect(tolerancePoints(0.1, 1000)).toBeCloseTo(3.79, 2);
    expect(tolerancePoints(0.5, 1000)).toBeCloseTo(6.32, 2);
    expect(tolerancePoints(1, 1000)).toBe(3);
    expect(tolerancePoints(0.5, 100_000)).toBe(3);
  });

  it('flags a split outside tolerance and a step with no answers', () => {
    // Act
    const off = checkSplit({ a: 90, b: 10 }, { a: 800, b: 200 });
    const none = checkSplit({ a: 100, b: 0 }, {});
    // Assess
    expect(off.map((c) => [c.observedPercent, c.ok])).toEqual([
      [80, false],
      [20, false],
    ]);
    expect(none.every((c) => !c.ok)).toBe(true);
  });

  it('recognises each backend version from its answer only', () => {
    // Act / Assess
    expect(versionOf('jazz', ['Astrud Gilberto', 'Miles Davis'])).toBe('v1');
    expect(
      versionOf('metal', ['Megadeth (Los Angeles, California)', 'Judas Priest (West Bromwich, England)']),
    ).toBe('v2');
    expect(versionOf('jazz', ['Megadeth', 'Judas Priest'])).toBeUndefined();
    expect(versionOf('jazz', { message: 'error' })).toBeUndefined();
  });

  it('redraws progress on a terminal and prints one line otherwise', () => {
    // Prepare
    const tty = capture(true);
    const plain = capture(false);
    // Act
    for (const out of [tty, plain]) {
      const p = progress(out, 'jazz', 100);
      for (let i = 1; i <= 100; i++) p.tick(i);
      p.done();
    }
    // Assess
    expect(tty.text()).toContain('\r    jazz ▰');
    expect(tty.text()).toContain('100/100');
    expect(plain.text()).toMatch(/^ {4}jazz: 100 requests through dj in \d+\.\d\d s\n$/);
  });

  it('draws one bar per target with its verdict', () => {
    // Act
    const chart = drawSplit(
      checkSplit({ 'jazz-v1': 90, 'jazz-v2': 10 }, { 'jazz-v1': 700, 'jazz-v2': 300 }),
      capture(false),
      10,
    );
    // Assess
    expect(chart.split('\n')).toHaveLength(2);
    expect(chart).toContain('jazz-v1  ███████░░│  70.0%');
    expect(chart).toContain('OUT OF TOLERANCE');
  });
});
