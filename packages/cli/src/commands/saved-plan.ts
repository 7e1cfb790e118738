import { readFile, writeFile } from 'node:fs/promises';
import { type MeshModel, resourceKey } from '@meshplane/core';
import { metadataOf, type Plan } from '@meshplane/core/appmesh';

/** The `format` member that marks a file written by `meshplane plan --out`. */
export const PLAN_FILE_FORMAT = 'meshplane-plan/1';

/**
 * What each resource of the planned meshes was when the plan was made: App Mesh's
 * `metadata.version` (bumped by every Update*, see the API's ResourceMetadata) and the resource
 * as read (tags are not versioned by App Mesh, so they are compared as read).
 */
export type ResourceVersions = Record<string, { version: number | null; resource: string }>;

/** A saved plan: the plan itself and the state of the mesh it was computed against. */
export interface PlanFile {
  format: typeof PLAN_FILE_FORMAT;
  createdAt: string;
  /** Where the mesh was read: the endpoint URL, else the region (undefined: the SDK's chain). */
  target: { endpointUrl?: string; region?: string };
  plan: Plan;
  versions: ResourceVersions;
}

/**
 * The versions of every resource of `actual`, by resource key.
 *
 * @example
 * ```ts
 * import { resourceVersions } from './commands/saved-plan.js'; // inside packages/cli/src
 * resourceVersions({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] })['mesh:m']?.version; // null
 * ```
 */
export function resourceVersions(actual: MeshModel): ResourceVersions {
  const versions: ResourceVersions = {};
  for (const r of actual.resources) {
    versions[resourceKey(r)] = {
      version: metadataOf(r)?.version ?? null,
      resource: JSON.stringify({ spec: r.spec, tags: r.tags ?? [] }),
    };
  }
  return versions;
}

/**
 * The resources whose state differs between a saved plan and now, one line each
 * (`route:dj-app/jazz-router/jazz-route: version 3 → 4`); empty when the plan still applies.
 *
 * @example
 * ```ts
 * import { changedSince } from './commands/saved-plan.js'; // inside packages/cli/src
 * changedSince({ 'mesh:m': { version: 1, resource: '{}' } }, { 'mesh:m': { version: 2, resource: '{}' } }); // ['mesh:m: version 1 → 2']
 * ```
 */
export function changedSince(saved: ResourceVersions, now: ResourceVersions): string[] {
  const lines: string[] = [];
  for (const key of [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort()) {
    const before = saved[key];
    const after = now[key];
    if (!before) lines.push(`${key}: created since the plan was made`);
    else if (!after) lines.push(`${key}: deleted since the plan was made`);
    else if (before.version !== after.version)
      lines.push(`${key}: version ${before.version} → ${after.version}`);
    else if (before.resource !== after.resource)
      lines.push(`${key}: changed (tags or spec) since the plan was made`);
  }
  return lines;
}

/**
 * Writes a saved plan (`meshplane plan --out FILE`).
 *
 * @example
 * ```ts
 * import { writePlanFile } from './commands/saved-plan.js'; // inside packages/cli/src
 * import { plan } from '@meshplane/core/appmesh';
 * const empty = { resources: [] };
 * await writePlanFile('/tmp/meshplane-example.plan', plan(empty, empty), empty, {});
 * ```
 */
export async function writePlanFile(
  file: string,
  plan: Plan,
  actual: MeshModel,
  target: PlanFile['target'],
): Promise<void> {
  const saved: PlanFile = {
    format: PLAN_FILE_FORMAT,
    createdAt: new Date().toISOString(),
    target,
    plan,
    versions: resourceVersions(actual),
  };
  await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`);
}

/**
 * Reads `file` as a saved plan: the plan file when it is one, undefined when the file is not a
 * saved plan (a model file), and an Error naming the problem when it claims to be one but is
 * unusable.
 *
 * @example
 * ```ts
 * import { readPlanFile } from './commands/saved-plan.js'; // inside packages/cli/src
 * await readPlanFile('examples/dj-app/src/mesh.ts'); // undefined
 * ```
 */
export async function readPlanFile(file: string): Promise<PlanFile | Error | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!text.includes(PLAN_FILE_FORMAT.split('/')[0]!)) return undefined;
  let parsed: Partial<PlanFile>;
  try {
    parsed = JSON.parse(text) as Partial<PlanFile>;
  } catch {
    return undefined;
  }
  if (parsed?.format === undefined || !String(parsed.format).startsWith('meshplane-plan')) return undefined;
  if (parsed.format !== PLAN_FILE_FORMAT) {
    return new Error(
      `${file}: format ${JSON.stringify(parsed.format)} is not ${PLAN_FILE_FORMAT}; make the plan again`,
    );
  }
  const plan = parsed.plan as Partial<Plan> | undefined;
  if (
    !plan ||
    !Array.isArray(plan.meshes) ||
    !Array.isArray(plan.changes) ||
    typeof parsed.versions !== 'object'
  ) {
    return new Error(
      `${file}: a saved plan needs plan.meshes, plan.changes and versions; make the plan again`,
    );
  }
  return parsed as PlanFile;
}
