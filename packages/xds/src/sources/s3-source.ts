import { readFile, rename, writeFile } from 'node:fs/promises';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { importSources } from '@meshplane/core';
import {
  clientOption,
  describeError,
  durationOption,
  type ModelSource,
  type SourceReading,
  sourceIssue,
  throwProblems,
  XdsSourceError,
} from './model-source.js';
import { startPollLoop } from './poll-loop.js';

/**
 * Options of {@link s3Source}.
 *
 * @example
 * ```ts
 * import type { S3SourceOptions } from '@meshplane/xds';
 * const options: S3SourceOptions = {
 *   bucket: 'meshes',
 *   key: 'prod/dj-app.json',
 *   s3: { clientConfig: { region: 'us-east-1' } },
 *   cacheFile: '/var/cache/meshplane/dj-app.json',
 * };
 * ```
 */
export interface S3SourceOptions {
  bucket: string;
  /** The object: App Mesh API JSON documents or YAML (by its extension, as files are read). */
  key: string;
  /** The S3 client: an existing one, or a configuration to build one from. */
  s3: { client: S3Client; clientConfig?: never } | { client?: never; clientConfig: S3ClientConfig };
  /** Time between two conditional GETs, in ms (default 5,000). */
  intervalMs?: number;
  /**
   * A local file that keeps the last good copy of the object (written atomically after every
   * change that parses): when S3 cannot be reached at start, the model is read from it.
   */
  cacheFile?: string;
  /** Largest object accepted, in bytes (default 16 MiB). */
  maxBytes?: number;
}

const isNotModified = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 304;

/**
 * A model read from one S3 object, polled with a conditional GET (`If-None-Match` with the last
 * ETag: an unchanged object costs a 304 and no body). The last good copy is kept: a GET that
 * fails, or an object that does not parse, is delivered as issues and the control plane keeps
 * serving the last good model; with `cacheFile` the last good copy also survives a restart
 * during an S3 outage. The S3 SDK is loaded when the source starts.
 *
 * @example
 * ```ts
 * import { s3Source } from '@meshplane/xds';
 * const source = s3Source({ bucket: 'meshes', key: 'prod/dj-app.json', s3: { clientConfig: { region: 'us-east-1' } } });
 * console.log(source.description); // 's3://meshes/prod/dj-app.json'
 * ```
 */
export function s3Source(options: S3SourceOptions): ModelSource {
  const problems: string[] = [];
  for (const field of ['bucket', 'key'] as const) {
    const value = options?.[field];
    if (typeof value !== 'string' || value === '')
      problems.push(`${field} ${JSON.stringify(value)} must be a non-empty string`);
  }
  clientOption(problems, 's3', options?.s3);
  const intervalMs = durationOption(problems, 'intervalMs', options?.intervalMs, 5_000, 100);
  const maxBytes = durationOption(problems, 'maxBytes', options?.maxBytes, 16 * 1024 * 1024, 1);
  if (
    options?.cacheFile !== undefined &&
    (typeof options.cacheFile !== 'string' || options.cacheFile === '')
  ) {
    problems.push(`cacheFile ${JSON.stringify(options.cacheFile)} must be a file path`);
  }
  throwProblems('S3 source', problems);
  const origin = `s3://${options.bucket}/${options.key}`;
  let client: S3Client | undefined;
  let etag: string | undefined;
  let lastGood: SourceReading | undefined;
  let failing = false;
  let loop: { stop(): Promise<void> } | undefined;
  let started = false;
  let closed = false;

  function parse(text: string, from: string): SourceReading {
    const { model, issues } = importSources([{ file: origin, text }]);
    return { origin: from, model, issues };
  }

  async function fromCacheFile(failure: string): Promise<SourceReading | undefined> {
    if (!options.cacheFile) return undefined;
    let text: string;
    try {
      text = await readFile(options.cacheFile, 'utf8');
    } catch {
      return undefined;
    }
    const reading = parse(text, `${origin} (last good copy in ${options.cacheFile})`);
    reading.issues.push({ ...sourceIssue('SOURCE_UNAVAILABLE', origin, failure), severity: 'warning' });
    return reading;
  }

  /** One conditional GET; undefined when nothing changed since the last delivered reading. */
  async function poll(): Promise<SourceReading | undefined> {
    try {
      const { GetObjectCommand, S3Client: Client } = await import('@aws-sdk/client-s3');
      client ??= options.s3.client ?? new Client(options.s3.clientConfig!);
      const out = await client.send(
        new GetObjectCommand({
          Bucket: options.bucket,
          Key: options.key,
          ...(etag ? { IfNoneMatch: etag } : {}),
        }),
      );
      if ((out.ContentLength ?? 0) > maxBytes) {
        throw new XdsSourceError(
          'OBJECT_TOO_LARGE',
          `${origin} is ${out.ContentLength} bytes, more than maxBytes ${maxBytes}`,
        );
      }
      const text = (await out.Body?.transformToString('utf8')) ?? '';
      etag = out.ETag;
      failing = false;
      const reading = parse(text, `${origin} ETag ${out.ETag ?? '(none)'}`);
      if (!reading.issues.some((i) => i.severity === 'error')) {
        lastGood = reading;
        if (options.cacheFile) {
          const tmp = `${options.cacheFile}.${process.pid}.tmp`;
          await writeFile(tmp, text);
          await rename(tmp, options.cacheFile);
        }
      }
      return reading;
    } catch (error) {
      if (isNotModified(error)) {
        // Unchanged. After a failure, say so again: the source has recovered.
        if (!failing) return undefined;
        failing = false;
        return lastGood ?? undefined;
      }
      failing = true;
      const message = `cannot get ${origin}: ${describeError(error)}`;
      if (!lastGood && !etag) {
        const cached = await fromCacheFile(message);
        if (cached) return cached;
      }
      return { origin, issues: [sourceIssue('SOURCE_UNAVAILABLE', origin, message)] };
    }
  }

  return {
    description: origin,
    async start(onReading) {
      if (started) throw new XdsSourceError('ALREADY_STARTED', `the source ${origin} was already started`);
      started = true;
      onReading((await poll()) ?? { origin, issues: [] });
      loop = startPollLoop(intervalMs, async () => {
        const reading = await poll();
        if (reading && !closed) onReading(reading);
      });
    },
    async close() {
      closed = true;
      await loop?.stop();
      if (options.s3.clientConfig) client?.destroy();
    },
  };
}
