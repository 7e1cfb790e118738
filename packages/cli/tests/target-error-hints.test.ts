import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagNamesOf, targetErrorHint } from '../src/aws/error-hints.js';
import { EXIT } from '../src/exit-codes.js';
import { createProgram } from '../src/program.js';
import { BUILT_CLI, DJ_MODEL as DJ, runProcess } from './support/run-cli.js';

// The hints for the four errors a first run meets (refused connection, unknown host, no region,
// no credentials), from every command that calls AWS, in real `meshplane` processes against
// real failing endpoints: a loopback port nothing listens on, a host under `.invalid` (RFC 6761:
// never resolves), and an environment without region or credentials (empty shared files, no
// instance metadata). A hint names only the command's own flags.

let dir = '';
let unusedPort = 0;
let baseEnv: Record<string, string> = {};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshplane-hints-'));
  await writeFile(join(dir, 'config'), '');
  await writeFile(join(dir, 'credentials'), '');
  // A port that was free a moment ago: bound by the system, then released.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  unusedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => !entry[0].startsWith('AWS_') && entry[1] !== undefined,
  );
  baseEnv = {
    ...Object.fromEntries(inherited),
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Failure {
  ok: false;
  error: { code: string; message: string; hint?: string };
  problems?: string[];
}

/** `meshplane <args> --json` in its own process: the exit code and the failure document. */
async function failure(args: string[], env: Record<string, string> = {}) {
  const run = await runProcess(process.execPath, [BUILT_CLI, ...args, '--json'], {
    env: { ...baseEnv, ...env },
  });
  // `xds serve` logs JSON lines first; the failure document is the last, indented document.
  const start = run.stdout.startsWith('{\n') ? 0 : run.stdout.lastIndexOf('\n{\n') + 1;
  return { code: run.code, document: JSON.parse(run.stdout.slice(start)) as Failure };
}

type Run = Awaited<ReturnType<typeof failure>>;

/** Runs at most `limit` of the jobs at once (each starts a process: the machine is shared). */
async function limited<T>(jobs: Array<() => Promise<T>>, limit = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

function commandOf(path: string[]): Command {
  let command: Command = createProgram();
  for (const name of path) command = command.commands.find((c) => c.name() === name)!;
  return command;
}

/** Every `--flag` a hint tells to use (outside `meshplane local …` in backquotes) is one the command has. */
function expectOnlyOwnFlags(hint: string, command: Command) {
  const told = hint.replace(/`[^`]*`/g, '').match(/--[a-z][a-z0-9-]*/g) ?? [];
  const own = flagNamesOf(command);
  expect(told.filter((flag) => !own.has(flag))).toEqual([]);
}

const reconcile: Array<{ name: string; args: string[] }> = [
  { name: 'plan', args: ['plan', DJ] },
  { name: 'apply', args: ['apply', '--auto-approve', DJ] },
  { name: 'destroy', args: ['destroy', '--yes', DJ] },
  { name: 'shift', args: ['shift', 'dj-app/jazz-router/jazz-route', 'jazz-v1=90', 'jazz-v2=10'] },
];
const dummyCredentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('plan, apply, destroy and shift: what was tried and what to do', () => {
  it('says so for a refused connection, an unknown host, no region and no credentials', async () => {
    // Act
    const cases = reconcile.flatMap(({ name, args }) => [
      {
        name,
        kind: 'refused',
        run: () => failure([...args, '--endpoint', `http://127.0.0.1:${unusedPort}`]),
      },
      {
        name,
        kind: 'unknown host',
        run: () =>
          failure(
            [...args, '--endpoint', 'http://appmesh.invalid', '--region', 'us-east-1'],
            dummyCredentials,
          ),
      },
      { name, kind: 'no region', run: () => failure(args) },
      { name, kind: 'no credentials', run: () => failure([...args, '--region', 'eu-west-1']) },
    ]);
    const results = await limited(cases.map((c) => c.run));
    // Assess
    for (const [index, { name, kind }] of cases.entries()) {
      const { code, document } = results[index]!;
      const hint = document.error.hint ?? '';
      expect({ name, kind, code }).toEqual({ name, kind, code: EXIT.FAILED });
      expectOnlyOwnFlags(hint, commandOf([name]));
      // Each command has --local and --endpoint: both are offered for a local mesh.
      if (kind === 'refused') {
        expect(document.error.code).toBe('ECONNREFUSED');
        expect(hint).toBe(
          `nothing answers at http://127.0.0.1:${unusedPort} (connection refused). Is \`meshplane local\` (or the endpoint you meant) running there? To fix, start it with \`meshplane local --port ${unusedPort}\`, fix --endpoint or use --local for an embedded endpoint`,
        );
      } else if (kind === 'unknown host') {
        expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(document.error.code);
        expect(hint).toMatch(
          /^cannot resolve appmesh\.invalid \(tried http:\/\/appmesh\.invalid, region us-east-1\): check the network and --endpoint; for a local mesh use --local \(an embedded endpoint\) or --endpoint http:\/\/127\.0\.0\.1:\d+ with `meshplane local` running$/,
        );
      } else if (kind === 'no region') {
        expect(document.error).toMatchObject({ code: 'REGION_MISSING', message: 'Region is missing' });
        expect(hint).toMatch(
          /^no AWS region: none given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile\. To reach AWS pass --region \(e\.g\. --region us-east-1\), set AWS_REGION \(e\.g\. AWS_REGION=us-east-1\) or pass --profile NAME of a profile that sets region; for a local mesh use --local/,
        );
      } else {
        expect(document.error.code).toBe('CredentialsProviderError');
        expect(hint).toMatch(
          /^no AWS credentials for https:\/\/appmesh\.eu-west-1\.amazonaws\.com, region eu-west-1 \(the SDK's default chain found none\)\. To reach AWS pass --profile NAME \(a profile of ~\/\.aws\/config\) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; for a local mesh use --local/,
        );
      }
    }
  }, 120_000);
});

describe('xds serve: the same failures, with its own flags (no --local; --s3-endpoint for S3)', () => {
  it('says what was tried for App Mesh (appmesh://) and S3 (s3://) sources', async () => {
    // Prepare
    const serve = ['xds', 'serve', '--listen', '127.0.0.1:0'];
    // Act
    const [refused, unknownHost, noRegion, noCredentials, s3Refused] = (await limited([
      () => failure([...serve, 'appmesh://dj-app', '--endpoint', `http://127.0.0.1:${unusedPort}`]),
      () =>
        failure(
          [...serve, 'appmesh://dj-app', '--endpoint', 'http://appmesh.invalid', '--region', 'us-east-1'],
          dummyCredentials,
        ),
      () => failure([...serve, 's3://meshes/dj-app.json']),
      () => failure([...serve, 'appmesh://dj-app', '--region', 'eu-west-1']),
      () =>
        failure([
          ...serve,
          's3://meshes/dj-app.json',
          '--s3-endpoint',
          `http://127.0.0.1:${unusedPort}`,
          '--endpoint',
          'http://127.0.0.1:1',
        ]),
    ])) as [Run, Run, Run, Run, Run];
    // Assess
    const command = commandOf(['xds', 'serve']);
    expect(refused.code).toBe(EXIT.FAILED);
    expect(refused.document.error.code).toBe('SOURCE_UNAVAILABLE');
    expect(refused.document.error.hint).toBe(
      `nothing answers at http://127.0.0.1:${unusedPort} (connection refused). Is \`meshplane local\` (or the endpoint you meant) running there? To fix, start it with \`meshplane local --port ${unusedPort}\` or fix --endpoint`,
    );
    expect(unknownHost.code).toBe(EXIT.FAILED);
    expect(unknownHost.document.error.hint).toMatch(
      /^cannot resolve appmesh\.invalid \(tried http:\/\/appmesh\.invalid, region us-east-1\): check the network and --endpoint; for a local mesh use --endpoint http:\/\/127\.0\.0\.1:\d+ with `meshplane local` running$/,
    );
    // No region for S3 is found before anything starts: a flag problem naming --region.
    expect(noRegion.code).toBe(EXIT.INVALID_INPUT);
    expect(noRegion.document.problems).toEqual([
      's3://meshes/dj-app.json needs --region (or AWS_REGION, or a --profile with a region)',
    ]);
    expect(noCredentials.code).toBe(EXIT.FAILED);
    expect(noCredentials.document.error.hint).toMatch(
      /^no AWS credentials for https:\/\/appmesh\.eu-west-1\.amazonaws\.com, region eu-west-1 \(the SDK's default chain found none\)\. To reach AWS pass --profile NAME \(a profile of ~\/\.aws\/config\) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; for a local mesh use --endpoint http:\/\/127\.0\.0\.1:\d+ with `meshplane local` running$/,
    );
    // S3 is reached at --s3-endpoint, which `meshplane local` does not serve.
    expect(s3Refused.code).toBe(EXIT.FAILED);
    expect(s3Refused.document.error.hint).toBe(
      `nothing answers at http://127.0.0.1:${unusedPort} (connection refused): is the S3 endpoint running there? Fix --s3-endpoint`,
    );
    for (const run of [refused, unknownHost, noCredentials, s3Refused])
      expectOnlyOwnFlags(run.document.error.hint ?? '', command);
  }, 120_000);
});

describe('targetErrorHint', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6374'), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port: 6374,
  });

  it('offers only the flags given: none of --local, --endpoint, --region, --profile when absent', () => {
    // Act
    const none = new Set<string>();
    const hints = [
      targetErrorHint(refused, {}, none),
      targetErrorHint(new Error('Region is missing'), {}, none),
      targetErrorHint(Object.assign(new Error('x'), { name: 'CredentialsProviderError' }), {}, none),
      targetErrorHint(
        new Error('request failed', { cause: { code: 'ENOTFOUND', hostname: 'h.invalid' } }),
        {},
        none,
      ),
    ];
    // Assess
    expect(hints).toEqual([
      'nothing answers at 127.0.0.1:6374 (connection refused). Is `meshplane local` (or the endpoint you meant) running there? To fix, start it with `meshplane local --port 6374`',
      'no AWS region: none given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile. To reach AWS set AWS_REGION (e.g. AWS_REGION=us-east-1)',
      "no AWS credentials for AWS (the SDK's default chain found none). To reach AWS set AWS_PROFILE or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      'cannot resolve h.invalid (tried AWS): check the network',
    ]);
  });

  it('names the service host of the region when no endpoint was given, and leaves other errors alone', () => {
    // Act
    const unknown = targetErrorHint(
      new Error('request failed', { cause: { code: 'ENOTFOUND' } }),
      { region: 'us-eats-1', service: 'servicediscovery' },
      new Set(['--region', '--endpoint']),
    );
    const notFound = targetErrorHint(
      Object.assign(new Error('no route'), { name: 'NotFoundException' }),
      {},
      new Set(['--region']),
    );
    // Assess
    expect(unknown).toBe(
      'cannot resolve servicediscovery.us-eats-1.amazonaws.com (tried https://servicediscovery.us-eats-1.amazonaws.com, region us-eats-1): check --region (a region name like us-east-1), the network and --endpoint; for a local mesh use --endpoint http://127.0.0.1:6374 with `meshplane local` running',
    );
    expect(notFound).toBeUndefined();
  });
});
