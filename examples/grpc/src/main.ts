import { runGrpcDemo } from './demo.js';

// Proxyless gRPC through meshplane's control plane: prints what the client observed.
try {
  const result = await runGrpcDemo();
  console.log(
    JSON.stringify({ ...result, resources: result.resources.map((r) => `${r.status} ${r.name}`) }, null, 2),
  );
  const acked = result.resources.length > 0 && result.resources.every((r) => r.status === 'ACKED');
  const shifted =
    result.shift.lastTwenty.length === 20 && result.shift.lastTwenty.every((a) => a === 'artists-v2');
  process.exitCode = acked && shifted && result.retry.outcome.ok && result.nacks === 0 ? 0 : 1;
} catch (error) {
  console.error(`the proxyless gRPC demo failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
