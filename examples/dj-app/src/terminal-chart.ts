import type { TargetCheck } from './split-check.js';

/**
 * Where the demo writes: a stream and whether it is an interactive terminal.
 *
 * @example
 * ```ts
 * import type { ChartOutput } from './terminal-chart.js';
 * const lines: string[] = [];
 * const output: ChartOutput = { write: (t) => lines.push(t), isTTY: false, color: false };
 * ```
 */
export interface ChartOutput {
  write(text: string): void;
  isTTY: boolean;
  /** Colours (TTY only, and not when NO_COLOR is set). */
  color: boolean;
}

/**
 * Wraps a writable stream (usually `process.stdout`) as a {@link ChartOutput}.
 *
 * @example
 * ```ts
 * import { chartOutput } from './terminal-chart.js';
 * const out = chartOutput(process.stdout);
 * out.write('hello\n');
 * ```
 */
export function chartOutput(stream: { write(text: string): unknown; isTTY?: boolean }): ChartOutput {
  const isTTY = stream.isTTY === true;
  return {
    write: (text) => {
      stream.write(text);
    },
    isTTY,
    color: isTTY && !process.env.NO_COLOR,
  };
}

const paint = (out: ChartOutput, code: number, text: string) =>
  out.color ? `\x1b[${code}m${text}\x1b[0m` : text;

/**
 * Draws one bar per target: observed share, the configured weight as a marker, and the verdict.
 *
 * @example
 * ```ts
 * import { drawSplit } from './terminal-chart.js';
 * console.log(drawSplit([{ target: 'jazz-v1', expectedPercent: 90, observedPercent: 89.7, count: 897, tolerancePoints: 3.8, ok: true }], { write() {}, isTTY: false, color: false }, 20));
 * ```
 */
export function drawSplit(checks: readonly TargetCheck[], out: ChartOutput, width = 40): string {
  const nameWidth = Math.max(...checks.map((c) => c.target.length));
  return checks
    .map((c) => {
      const filled = Math.round((c.observedPercent / 100) * width);
      const marker = Math.min(width - 1, Math.round((c.expectedPercent / 100) * width));
      let bar = '';
      for (let i = 0; i < width; i++) {
        if (i === marker && c.expectedPercent > 0 && c.expectedPercent < 100) bar += i < filled ? '┃' : '│';
        else bar += i < filled ? '█' : '░';
      }
      const verdict = c.ok ? paint(out, 32, 'ok') : paint(out, 31, 'OUT OF TOLERANCE');
      return `    ${c.target.padEnd(nameWidth)}  ${paint(out, c.ok ? 36 : 31, bar)} ${c.observedPercent.toFixed(1).padStart(5)}%  (${String(c.count).padStart(4)})  weight ${String(c.expectedPercent.toFixed(0)).padStart(3)}% ±${c.tolerancePoints.toFixed(1)}  ${verdict}`;
    })
    .join('\n');
}

/**
 * A progress indicator for a batch of requests: a redrawn bar on a terminal, a single summary
 * line otherwise (logs and CI stay readable).
 *
 * @example
 * ```ts
 * import { chartOutput, progress } from './terminal-chart.js';
 * const p = progress(chartOutput(process.stdout), 'jazz', 1000);
 * p.tick(500);
 * p.done();
 * ```
 */
export function progress(out: ChartOutput, label: string, total: number) {
  const width = 30;
  let lastDrawn = -1;
  const started = performance.now();
  const draw = (done: number) => {
    const filled = Math.round((done / total) * width);
    out.write(`\r    ${label} ${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${done}/${total}`);
  };
  return {
    tick(done: number) {
      if (!out.isTTY) return;
      // Redraw at most ~50 times per batch.
      const step = Math.floor((done / total) * 50);
      if (step === lastDrawn && done !== total) return;
      lastDrawn = step;
      draw(done);
    },
    done() {
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (out.isTTY) out.write('\r\x1b[2K');
      out.write(`    ${label}: ${total} requests through dj in ${seconds} s\n`);
    },
  };
}
