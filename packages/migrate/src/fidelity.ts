/**
 * The fidelity report: every model feature a migration target cannot express, where it is, what
 * happens without it and what meshplane offers instead. Exporters never drop a feature silently:
 * whatever they leave out is an entry here, and a report with entries is "not clean".
 */

/** One feature the target cannot express. */
export interface FidelityGap {
  /** The resource, as `kind:mesh/name` (route: `route:mesh/router/route`). */
  resource: string;
  /** JSON path of the member inside the resource's spec, e.g. `spec.httpRoute.retryPolicy`. */
  path: string;
  /** Short name of the feature: `retry policy`, `regex path match`, … */
  feature: string;
  /** What the exported form does instead. */
  consequence: string;
  /** What meshplane offers to keep the behaviour. */
  workaround: string;
}

/** A fidelity report for one export. */
export interface FidelityReport {
  target: 'lattice' | 'service-connect';
  /** True when the target expresses the whole model. */
  clean: boolean;
  gaps: FidelityGap[];
  /** Informational notes that lose nothing (e.g. how weights were carried over). */
  notes: string[];
}

/**
 * Builds a report from the gaps and notes an exporter collected.
 *
 * @example
 * ```ts
 * import { fidelityReport } from '@meshplane/migrate';
 * console.log(fidelityReport('lattice', [], []).clean); // true
 * ```
 */
export function fidelityReport(
  target: FidelityReport['target'],
  gaps: FidelityGap[],
  notes: string[],
): FidelityReport {
  const sorted = [...gaps].sort((a, b) =>
    a.resource === b.resource ? a.path.localeCompare(b.path) : a.resource.localeCompare(b.resource),
  );
  return { target, clean: sorted.length === 0, gaps: sorted, notes };
}

/**
 * The report for people: one block per gap, then the notes and a summary line.
 *
 * @example
 * ```ts
 * import { fidelityReport, formatFidelityReport } from '@meshplane/migrate';
 * console.log(formatFidelityReport(fidelityReport('lattice', [], [])));
 * // printed: lattice: the export expresses the whole model (0 gaps)
 * ```
 */
export function formatFidelityReport(report: FidelityReport): string {
  const lines: string[] = [];
  for (const gap of report.gaps) {
    lines.push(`${gap.resource} ${gap.path}: ${gap.feature}`);
    lines.push(`  consequence: ${gap.consequence}`);
    lines.push(`  workaround:  ${gap.workaround}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(
    report.clean
      ? `${report.target}: the export expresses the whole model (0 gaps)`
      : `${report.target}: ${report.gaps.length} feature${report.gaps.length === 1 ? '' : 's'} the target cannot express (report not clean)`,
  );
  return lines.join('\n');
}
