import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleHandler, handlerBuildOptions } from '../src/bundle.js';
import { ARTISTS, startLocalDjApp } from '../src/local-dj-app.js';

const repoNodeModules = join(import.meta.dirname, '../../../node_modules');
const signerSource = join(import.meta.dirname, '../../../packages/lambda/src/signing/function-url-signer.ts');
const coreRoot = join(import.meta.dirname, '../../../packages/core/src/index.ts');

/** A task folder whose node_modules holds only @aws-sdk, as /var/runtime/node_modules provides it. */
async function taskFolder(): Promise<string> {
  const task = await mkdtemp(join(tmpdir(), 'meshplane-lambda-bundle-'));
  await mkdir(join(task, 'node_modules'), { recursive: true });
  await symlink(join(repoNodeModules, '@aws-sdk'), join(task, 'node_modules/@aws-sdk'), 'dir');
  return task;
}

describe('the bundled example function', () => {
  it('is one file under 150 KB that needs only Node and the runtime AWS SDK, and serves the DJ app', async () => {
    // Prepare: the task folder holds the bundle and a node_modules with only @aws-sdk, as
    // /var/runtime/node_modules provides it on Lambda (the SDK's own @smithy dependencies resolve
    // from where the SDK really is, as in the runtime; the function's code cannot see them).
    const task = await taskFolder();
    const outdir = join(task, 'function');
    const app = await startLocalDjApp();
    try {
      const { files, totalBytes, metafile } = await bundleHandler(outdir);
      const entry = Object.keys(files).find((f) => f.endsWith('handler.mjs'))!;
      const script = `
        const { handler, closeMesh } = await import(${JSON.stringify(join(process.cwd(), entry))});
        const result = await handler({}, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 10000 });
        await closeMesh();
        process.stdout.write(result.body);
      `;
      // Act: a fresh Node process with nothing but the bundle and Lambda-like environment.
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH ?? '',
          ...app.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        cwd: outdir,
      });
      // Assess
      expect(Object.keys(files)).toHaveLength(1);
      expect(totalBytes).toBeLessThanOrEqual(150 * 1024);
      const external = Object.values(metafile.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external)
        .map((i) => i.path.replace(/^node:/, ''));
      expect(external.filter((p) => !p.startsWith('@aws-sdk/') && !builtinModules.includes(p))).toEqual([]);
      // No HTTP client library and no @smithy runtime: the router's node:http transport, the
      // runtime's SDK for signing.
      expect(
        Object.keys(metafile.inputs).filter((p) => /node_modules[\\/](undici|@smithy[\\/]core)[\\/]/.test(p)),
      ).toEqual([]);
      expect(JSON.parse(stdout)).toEqual({
        jazz: { artists: [...ARTISTS.jazz.v1], from: 'jazz-v1' },
        metal: { artists: [...ARTISTS.metal.v1], from: 'metal-v1' },
      });
    } finally {
      await app.close();
      await rm(task, { recursive: true, force: true });
    }
  });

  it('signs a function URL call with the runtime SDK when bundled the same way', async () => {
    // Prepare: a function that signs an AWS_IAM function URL call, built with the same options.
    const task = await taskFolder();
    const outdir = join(task, 'function');
    const entry = join(task, 'sign.ts');
    await writeFile(
      entry,
      [
        `import { createFunctionUrlSigner } from ${JSON.stringify(signerSource)};`,
        "const signer = createFunctionUrlSigner({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });",
        "const headers = await signer.sign({ url: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/x', method: 'POST', body: '{}' });",
        'process.stdout.write(headers.authorization);',
      ].join('\n'),
    );
    try {
      const built = await build({ ...handlerBuildOptions(outdir), entryPoints: [entry] });
      // Act: run it where only Node and the runtime's @aws-sdk are visible.
      const { stdout } = await promisify(execFile)(process.execPath, [join(outdir, 'sign.mjs')], {
        env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        cwd: outdir,
      });
      // Assess: signed by the SDK's SignatureV4, none of @smithy bundled.
      expect(stdout).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
      );
      expect(Object.keys(built.metafile.inputs).filter((p) => p.includes('@smithy'))).toEqual([]);
    } finally {
      await rm(task, { recursive: true, force: true });
    }
  });

  it("bundles a function importing @meshplane/core's root, without the Terraform importer's HCL parser", async () => {
    // Prepare: the root re-exports the importers; the Terraform one loads @cdktf/hcl2json (Go
    // compiled to WebAssembly, whose glue calls require("performance")) only when it reads .tf.
    const task = await taskFolder();
    const outdir = join(task, 'function');
    const entry = join(task, 'validate.ts');
    await writeFile(
      entry,
      [
        `import { importTerraformFiles, validate } from ${JSON.stringify(coreRoot)};`,
        "const model = { resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] };",
        'const { valid } = validate(model);',
        "const terraform = await importTerraformFiles([{ file: 'main.tf', text: '' }]).then(() => 'read', (e) => `${e.code}: ${e.message}`);",
        'process.stdout.write(JSON.stringify({ valid, terraform }));',
      ].join('\n'),
    );
    try {
      // Act: the plain build, then a run where only Node and the runtime's @aws-sdk are visible.
      const built = await build({ ...handlerBuildOptions(outdir), entryPoints: [entry] });
      const { stdout } = await promisify(execFile)(process.execPath, [join(outdir, 'validate.mjs')], {
        env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        cwd: outdir,
      });
      // Assess: nothing of hcl2json in the bundle; validation works; reading .tf says what is missing.
      expect(Object.keys(built.metafile.inputs).filter((p) => p.includes('hcl2json'))).toEqual([]);
      const result = JSON.parse(stdout);
      expect(result.valid).toBe(true);
      expect(result.terraform).toMatch(
        /^MISSING_DEPENDENCY: Reading Terraform files needs the @cdktf\/hcl2json package, which could not be loaded \(.*Cannot find package '@cdktf\/hcl2json'.*\)\. It is a dependency of @meshplane\/core: install it beside your code; a bundle cannot include it .*mark it external\.$/,
      );
    } finally {
      await rm(task, { recursive: true, force: true });
    }
  });
});
