import { readFile } from 'node:fs/promises';
import { configDump, type ServiceEndpoints, translateNode } from '@meshplane/xds';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { checkModel } from '../load-model.js';
import { invalidModelJson, printFlagProblems } from '../output/failure.js';
import { formatIssue, issueToJson, sortIssues } from '../output/issues.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addModelInputOptions, type ModelInputFlags, modelInputOptions } from './model-input-flags.js';
import { jsonHelp } from './option-help.js';
import { addListenerFlags, checkNodeIdFlag, type ListenerFlags, listenerOptions } from './xds-flags.js';

/** Flags of `meshplane xds render`, as commander parses them. */
interface RenderFlags extends ListenerFlags, ModelInputFlags {
  node?: string;
  endpoints?: string;
  json?: boolean;
}

const HEALTH = new Set(['HEALTHY', 'UNHEALTHY', 'UNKNOWN']);

/**
 * Reads an `--endpoints` file: `{ "<namespace>/<service>": [{ "address", "port", "instanceId"?,
 * "health"?, "attributes"? }] }`. Every problem is reported with its JSON path.
 *
 * @example
 * ```ts
 * import { parseEndpointsFile } from './commands/xds-render.js'; // inside packages/cli/src
 * const problems: string[] = [];
 * const map = parseEndpointsFile('{"prod/jazz":[{"address":"10.0.0.1","port":9080}]}', 'e.json', problems);
 * console.log(map.get('prod/jazz')?.instances[0]?.instanceId, problems); // '10.0.0.1:9080' []
 * ```
 */
export function parseEndpointsFile(
  text: string,
  file: string,
  problems: string[],
): Map<string, ServiceEndpoints> {
  const out = new Map<string, ServiceEndpoints>();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    problems.push(`--endpoints ${file}: not JSON: ${(error as Error).message}`);
    return out;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push(`--endpoints ${file}: expected an object { "<namespace>/<service>": [instances] }`);
    return out;
  }
  for (const [key, list] of Object.entries(doc)) {
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1)
      problems.push(`--endpoints ${file}: key "${key}" must be <namespace>/<service>`);
    if (!Array.isArray(list)) {
      problems.push(`--endpoints ${file}: ${key} must be a list of instances`);
      continue;
    }
    const instances = list.map((raw: Record<string, unknown>, i) => {
      const at = `${key}[${i}]`;
      const port = raw?.port;
      if (typeof raw?.address !== 'string' || raw.address === '')
        problems.push(
          `--endpoints ${file}: ${at}.address ${JSON.stringify(raw?.address)} must be an IP address`,
        );
      if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)
        problems.push(
          `--endpoints ${file}: ${at}.port ${JSON.stringify(port)} must be a port from 1 to 65535`,
        );
      if (raw?.health !== undefined && !HEALTH.has(raw.health as string))
        problems.push(
          `--endpoints ${file}: ${at}.health ${JSON.stringify(raw.health)} must be HEALTHY, UNHEALTHY or UNKNOWN`,
        );
      return {
        instanceId: typeof raw?.instanceId === 'string' ? raw.instanceId : `${raw?.address}:${port}`,
        address: raw?.address as string,
        port: port as number,
        health: (raw?.health ?? 'UNKNOWN') as 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN',
        attributes: (raw?.attributes ?? {}) as Record<string, string>,
      };
    });
    out.set(key, { namespaceName: key.slice(0, slash), serviceName: key.slice(slash + 1), instances });
  }
  return out;
}

/**
 * Registers `meshplane xds render --node ID <model...> [--endpoints FILE]`: prints the Envoy
 * resources of one virtual node or gateway as Envoy's `/config_dump` would show them, offline (no
 * Cloud Map call; EDS from `--endpoints` when given). Exit 2 when the model does not validate, the
 * node is not in it, or translation reports an error (each printed as `path: message [code]`).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerXdsRender } from './commands/xds-render.js'; // inside packages/cli/src
 * const xds = new Command('xds');
 * registerXdsRender(xds);
 * await xds.parseAsync(['node', 'xds', 'render', '--node', 'mesh/dj-app/virtualNode/dj', 'examples/dj-app/src/mesh.ts']);
 * ```
 */
export function registerXdsRender(xds: Command, output: Output = processOutput()): void {
  const command = addModelInputOptions(xds.command('render'))
    .description("Print one node's Envoy configuration (config_dump-shaped JSON), offline")
    .argument('<model...>', 'model files or folders, as for validate')
    .option('--node <id>', 'mesh/<mesh>/virtualNode/<node>, mesh/<mesh>/virtualGateway/<gateway>, or its ARN')
    .option(
      '--endpoints <file>',
      'JSON { "<namespace>/<service>": [{ "address", "port", "health"?, "attributes"? }] } for EDS',
    )
    .option('--json', jsonHelp('{ configDump, issues } (the warnings included)'));
  addListenerFlags(command).action(async (paths: string[], flags: RenderFlags) => {
    const problems: string[] = [];
    checkNodeIdFlag(flags.node, problems);
    const translate = listenerOptions(flags, problems);
    let endpoints = new Map<string, ServiceEndpoints>();
    if (flags.endpoints !== undefined) {
      try {
        endpoints = parseEndpointsFile(await readFile(flags.endpoints, 'utf8'), flags.endpoints, problems);
      } catch (error) {
        problems.push(`--endpoints ${flags.endpoints}: ${(error as Error).message}`);
      }
    }
    const json = flags.json === true;
    if (problems.length > 0) {
      printFlagProblems(output, json, problems);
      process.exitCode = EXIT.INVALID_INPUT;
      return;
    }
    const checked = await checkModel(paths, modelInputOptions(flags));
    const issues = [...checked.issues];
    const result = checked.valid
      ? translateNode({ model: checked.model, endpoints }, flags.node!, translate)
      : undefined;
    if (result) issues.push(...result.issues);
    const failed = !result || issues.some((i) => i.severity === 'error');
    process.exitCode = failed ? EXIT.INVALID_INPUT : EXIT.OK;
    if (json) {
      const shown = sortIssues(issues);
      printJson(
        output,
        failed
          ? invalidModelJson(shown)
          : { configDump: configDump(result!), issues: shown.map(issueToJson) },
      );
      return;
    }
    for (const issue of sortIssues(issues)) output.err(`${formatIssue(issue)}\n`);
    if (failed) return;
    printJson(output, configDump(result!));
  });
}
