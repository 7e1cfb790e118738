import { runEnvoyDemo } from './envoy/envoy-demo.js';

// `npm run start:envoy`: the DJ app canary through one real Envoy per virtual node, fed by
// meshplane's control plane; exit 0 only when every observed split is in tolerance.
try {
  const result = await runEnvoyDemo();
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(`the DJ app Envoy demo failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
