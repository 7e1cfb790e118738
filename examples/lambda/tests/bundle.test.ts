import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundleHandler } from '../src/bundle.js';
import { ARTISTS, startLocalDjApp } from '../src/local-dj-app.js';

describe('the bundled example function', () => {
  it('is one self-contained file that serves the DJ app through the mesh', async () => {
    // Prepare
    const outdir = await mkdtemp(join(tmpdir(), 'meshplane-lambda-bundle-'));
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
      expect(totalBytes).toBeLessThanOrEqual(600 * 1024);
      const inputs = Object.keys(metafile.inputs);
      expect(
        inputs.filter((p) => /undici[\\/]lib[\\/](web[\\/](webidl|infra)|mock|cache)[\\/]/.test(p)),
      ).toEqual([]);
      expect(JSON.parse(stdout)).toEqual({
        jazz: { artists: [...ARTISTS.jazz.v1], from: 'jazz-v1' },
        metal: { artists: [...ARTISTS.metal.v1], from: 'metal-v1' },
      });
    } finally {
      await app.close();
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
