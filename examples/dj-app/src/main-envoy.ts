import { runEnvoyDemo } from './envoy/envoy-demo.js';

// `npm run start:envoy [-- --requests N]`: the DJ app canary through one real Envoy per virtual
// node, fed by meshplane's control plane; exit 0 only when every observed split is in tolerance.
const at = process.argv.indexOf('--requests');
const requests = at === -1 ? undefined : Number(process.argv[at + 1]);
try {
  const result = await runEnvoyDemo(requests === undefined ? {} : { requestsPerStep: requests });
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(`the DJ app Envoy demo failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
