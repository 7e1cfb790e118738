import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVirtualNodeCommand, ListVirtualNodesCommand } from '@aws-sdk/client-app-mesh';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { localClients } from '@meshplane/local/clients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonTools } from '../../../scripts/python-tools.js';
import { EXIT } from '../src/exit-codes.js';
import { DJ_MODEL as DJ, runProcess, SOURCE_CLI } from './support/run-cli.js';

// apply, apply FILE and destroy as a person meets them: the real CLI process on a pseudo-terminal
// (Python's pty module drives it), answering the question it asks on that terminal.
const QUESTION_END = 'Type "yes" to go on: ';

// Spawns argv on a pty, answers once the question shows, echoes everything the terminal got and
// exits with the child's exit code.
const PTY_DRIVER = `
import os, pty, sys
answer, argv = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out, sent = b'', False
while True:
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if not sent and ${JSON.stringify(QUESTION_END)}.encode() in out:
        os.write(fd, (answer + '\\n').encode())
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;

let python = '';
let local: LocalEndpoint;
let dir = '';
beforeAll(async () => {
  python = pythonTools().python;
  local = await startLocalEndpoint({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'meshplane-pty-'));
}, 300_000);
afterAll(async () => {
  await local?.close();
  await rm(dir, { recursive: true, force: true });
});

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };

/** Runs `meshplane <args>` on a pseudo-terminal, answering `answer`: its exit code and what it showed. */
async function onTerminal(answer: string, ...args: string[]): Promise<{ code: number; screen: string }> {
  const run = await runProcess(python, ['-c', PTY_DRIVER, answer, process.execPath, ...SOURCE_CLI, ...args], {
    env,
    timeout: 120_000,
  });
  return { code: run.code, screen: run.stdout };
}

/** Runs `meshplane <args>` without a terminal. */
async function piped(...args: string[]): Promise<{ code: number }> {
  return { code: (await runProcess(process.execPath, [...SOURCE_CLI, ...args], { env })).code };
}

describe('confirmation on a real terminal', () => {
  it('apply asks; "no" writes nothing; apply FILE asks the same way and "yes" applies the saved plan', async () => {
    // Act
    const declined = await onTerminal('no', 'apply', '--endpoint', local.url, DJ);
    const writesAfterNo = local.stats().writes;
    const file = join(dir, 'dj.plan');
    const planned = await piped('plan', '--out', file, '--endpoint', local.url, DJ);
    const applied = await onTerminal('yes', 'apply', '--endpoint', local.url, file);
    // Assess
    expect(declined.code).toBe(EXIT.FAILED);
    expect(declined.screen).toContain('+ create virtualNode:dj-app/jazz-v1');
    expect(declined.screen).toContain(`Apply 12 change(s) to mesh dj-app? ${QUESTION_END}`);
    expect(declined.screen).toContain('apply cancelled: nothing was changed');
    expect(writesAfterNo).toBe(0);
    expect(planned.code).toBe(EXIT.OK);
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.screen).toContain(
      `Apply 12 change(s) to mesh dj-app (saved plan ${file})? ${QUESTION_END}`,
    );
    expect(applied.screen).toContain('Applied: 12 change(s)');
  }, 300_000);

  it('destroy lists what it leaves in the question, and leaves it', async () => {
    // Prepare: the DJ app of the test above, plus a node meshplane did not create.
    const { appMesh, destroy } = localClients(local);
    await appMesh.send(
      new CreateVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'outsider', spec: {} }),
    );
    // Act
    const destroyed = await onTerminal('yes', 'destroy', '--endpoint', local.url, DJ);
    const nodes = (await appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }))).virtualNodes;
    destroy();
    // Assess
    expect(destroyed.code).toBe(EXIT.OK);
    expect(destroyed.screen).toContain('= virtualNode:dj-app/outsider');
    expect(destroyed.screen).toContain(
      `Delete 11 resource(s) of mesh dj-app; 1 not managed by meshplane left, 1 kept (mesh:dj-app)? ${QUESTION_END}`,
    );
    expect(nodes?.map((n) => n.virtualNodeName)).toEqual(['outsider']);
  }, 300_000);
});
