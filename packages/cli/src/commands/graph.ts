import { validate } from '@meshplane/core';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { renderDot } from '../graph/dot.js';
import { renderMermaid } from '../graph/mermaid.js';
import { buildMeshGraph } from '../graph/mesh-graph.js';
import { emptyModelFailure, loadModel } from '../load-model.js';
import { invalidModelJson, printFailure, printFlagProblems } from '../output/failure.js';
import { formatIssue, issueToJson, sortIssues } from '../output/issues.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addModelInputOptions, type ModelInputFlags, modelInputOptions } from './model-input-flags.js';
import { jsonHelp } from './option-help.js';

interface GraphFlags extends ModelInputFlags {
  format: string;
  json?: boolean;
}

/**
 * Registers `meshplane graph <path...> [--format mermaid|dot]`: draws the model offline (no API
 * call) with nodes, routers, routes with their weights, services and backends. A model that
 * loads but does not validate is still drawn (missing references dashed) with its issues on
 * stderr; one that cannot be loaded exits 2.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerGraph } from './commands/graph.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerGraph(program);
 * await program.parseAsync(['node', 'meshplane', 'graph', 'examples/dj-app/src/mesh.ts', '--format', 'dot']);
 * ```
 */
export function registerGraph(program: Command, output: Output = processOutput()): void {
  addModelInputOptions(program.command('graph'))
    .description(
      'Draw the mesh as Mermaid (default) or Graphviz DOT: nodes, routers, routes with weights, services, backends',
    )
    .argument('<path...>', 'model files or folders, as for validate')
    .addOption(new Option('--format <format>', 'output format: mermaid or dot').default('mermaid'))
    .option('--json', jsonHelp('{ format, text, graph: { nodes, edges }, issues }'))
    .action(async (paths: string[], flags: GraphFlags) => {
      if (flags.format !== 'mermaid' && flags.format !== 'dot') {
        // Checked here rather than with commander's choices() so that it exits 2 like other bad input.
        printFlagProblems(output, flags.json === true, [
          `--format must be mermaid or dot, got "${flags.format}"`,
        ]);
        process.exitCode = EXIT.INVALID_INPUT;
        return;
      }
      const loaded = await loadModel(paths, modelInputOptions(flags));
      const issues = [...loaded.issues];
      if (issues.some((i) => i.severity === 'error') || loaded.model.resources.length === 0) {
        if (issues.length === 0) {
          printFailure(output, flags.json === true, emptyModelFailure(paths, 'draw'));
        } else if (flags.json) printJson(output, invalidModelJson(sortIssues(issues)));
        else for (const issue of sortIssues(issues)) output.err(`${formatIssue(issue)}\n`);
        process.exitCode = EXIT.INVALID_INPUT;
        return;
      }
      issues.push(...validate(loaded.model).issues);
      const text = flags.format === 'dot' ? renderDot(loaded.model) : renderMermaid(loaded.model);
      if (flags.json) {
        const graph = buildMeshGraph(loaded.model);
        const shown = sortIssues(issues).map(issueToJson);
        printJson(output, { format: flags.format, text, graph, issues: shown });
      } else {
        for (const issue of sortIssues(issues)) output.err(`${formatIssue(issue)}\n`);
        output.out(text);
      }
      process.exitCode = EXIT.OK;
    });
}
