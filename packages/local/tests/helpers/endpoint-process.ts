// A local endpoint in its own process, for tests that kill it (-9) mid-write.
import { startLocalEndpoint } from '../../src/index.js';

const stateFile = process.argv[2];
if (!stateFile) throw new Error('usage: endpoint-process.ts <state file>');
const endpoint = await startLocalEndpoint({ port: 0, stateFile });
process.stdout.write(`${endpoint.url}\n`);
