import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { type ImportResult, loadModelFromPath, type MeshModel, type ValidationIssue } from '@meshplane/core';
import {
  durationOption,
  type ModelSource,
  type SourceReading,
  sourceIssue,
  throwProblems,
  XdsSourceError,
} from './model-source.js';

/**
 * Options of {@link fileSource}.
 *
 * @example
 * ```ts
 * import type { FileSourceOptions } from '@meshplane/xds';
 * const options: FileSourceOptions = { debounceMs: 50, watch: true };
 * ```
 */
export interface FileSourceOptions {
  /** Quiet time after the last file event before reloading, in ms (default 100). */
  debounceMs?: number;
  /** Watch the paths and reload on change (default true). */
  watch?: boolean;
  /**
   * How to load the paths (default: `loadModelFromPath` from `@meshplane/core`: `.json`/`.yaml`
   * files or folders of them). The CLI passes its loader, which also imports `.ts` model modules.
   */
  load?: (paths: readonly string[]) => Promise<Pick<ImportResult, 'model' | 'issues'>>;
}

/**
 * A model from files or folders (App Mesh API JSON documents, controller YAML; see
 * `loadModelFromPath`), watched with `fs.watch`: every change (a save, an editor's
 * write-and-rename, a file added to a folder) reloads the whole model after `debounceMs` of
 * quiet. Watching a file watches its folder, so an editor replacing the file is seen too.
 * A reload that fails to parse is delivered with its issues, and the control plane keeps
 * serving the last good model.
 *
 * @example
 * ```ts
 * import { fileSource } from '@meshplane/xds';
 * const source = fileSource(['packages/core/tests/fixtures/dj-app'], { watch: false });
 * let count = 0;
 * await source.start((reading) => { count = reading.model?.resources.length ?? 0; });
 * await source.close();
 * console.log(count); // 9
 * ```
 */
export function fileSource(paths: readonly string[], options: FileSourceOptions = {}): ModelSource {
  const problems: string[] = [];
  if (!Array.isArray(paths) || paths.length === 0) {
    problems.push(`paths ${JSON.stringify(paths)} must be a non-empty list of files or folders`);
  } else {
    paths.forEach((p, i) => {
      if (typeof p !== 'string' || p === '') problems.push(`paths[${i}] ${JSON.stringify(p)} must be a path`);
    });
  }
  const debounceMs = durationOption(problems, 'debounceMs', options.debounceMs, 100, 0);
  if (options.watch !== undefined && typeof options.watch !== 'boolean') {
    problems.push(`watch ${JSON.stringify(options.watch)} must be true or false`);
  }
  if (options.load !== undefined && typeof options.load !== 'function') {
    problems.push('load must be a function (paths) => Promise<{ model, issues }>');
  }
  throwProblems('file source', problems);
  const load = options.load ?? ((p: readonly string[]) => loadModelFromPath(p));
  const origin = paths.join(', ');
  const watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  let closed = false;
  // One load at a time; a change during a load schedules one more after it.
  let loading: Promise<void> | undefined;
  let again = false;
  let deliver: (reading: SourceReading) => void = () => {};

  async function read(): Promise<SourceReading> {
    try {
      const { model, issues } = await load(paths);
      return { origin, model: model as MeshModel, issues: [...issues] };
    } catch (error) {
      return {
        origin,
        issues: [
          sourceIssue('SOURCE_UNREADABLE', origin, `cannot load ${origin}: ${(error as Error).message}`),
        ],
      };
    }
  }

  function reload(): void {
    if (closed) return;
    if (loading) {
      again = true;
      return;
    }
    loading = read().then((reading) => {
      loading = undefined;
      if (closed) return;
      deliver(reading);
      if (again) {
        again = false;
        reload();
      }
    });
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  }

  async function watchPath(path: string): Promise<ValidationIssue | undefined> {
    let folder = path;
    let only: string | undefined;
    try {
      if (!(await stat(path)).isDirectory()) {
        folder = dirname(path);
        only = basename(path);
      }
    } catch {
      // Not there (yet): watch the folder it would appear in.
      folder = dirname(path);
      only = basename(path);
    }
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (only === undefined || name === null || name === only) schedule();
      });
      watcher.on('error', (error) =>
        deliver({
          origin,
          issues: [
            {
              ...sourceIssue('WATCH_FAILED', path, `stopped watching ${folder}: ${error.message}`),
              severity: 'warning',
            },
          ],
        }),
      );
      watchers.push(watcher);
      return undefined;
    } catch (error) {
      // The model still loads; only live reloading is lost, so this is a warning.
      return {
        ...sourceIssue('WATCH_FAILED', path, `cannot watch ${folder}: ${(error as Error).message}`),
        severity: 'warning',
      };
    }
  }

  return {
    description: `file ${origin}`,
    async start(onReading) {
      if (started) throw new XdsSourceError('ALREADY_STARTED', `the source ${origin} was already started`);
      started = true;
      deliver = (reading) => {
        if (!closed) onReading(reading);
      };
      const watchIssues: ValidationIssue[] = [];
      if (options.watch ?? true) {
        for (const p of paths) {
          const issue = await watchPath(p);
          if (issue) watchIssues.push(issue);
        }
      }
      const first = await read();
      deliver({ ...first, issues: [...first.issues, ...watchIssues] });
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      watchers.length = 0;
      await loading;
    },
  };
}
