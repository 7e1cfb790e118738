import type { Command } from 'commander';
import type { Output } from '../output/writer.js';
import { registerXdsRender } from './xds-render.js';
import { registerXdsServe, type XdsServeDeps } from './xds-serve.js';

/**
 * Registers `meshplane xds serve|render`: the Envoy control plane that replaces App Mesh's
 * management service, and the offline view of what it serves one node.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerXds } from './commands/xds.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerXds(program);
 * ```
 */
export function registerXds(program: Command, deps: XdsServeDeps & { output?: Output } = {}): void {
  const xds = program
    .command('xds')
    .description('Serve the model to Envoys over xDS (ADS), or render one node offline');
  registerXdsServe(xds, deps);
  registerXdsRender(xds, deps.output);
}
