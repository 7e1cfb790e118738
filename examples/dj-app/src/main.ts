import { runDemo } from './demo.js';

// `npm start`: the DJ app canary end to end; exit 0 only when every observed split is in tolerance.
try {
  const result = await runDemo();
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(`the DJ app demo failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
