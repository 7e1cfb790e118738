import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerGraph } from '../src/commands/graph.js';
import { registerPlan } from '../src/commands/plan.js';
import { EXIT } from '../src/exit-codes.js';
import { DJ_MODEL, runCommands } from './support/run-cli.js';

afterEach(() => {
  process.exitCode = undefined;
});

/** Runs plan or graph in-process. */
const run = (args: string[]) =>
  runCommands(args, (program, output) => {
    registerPlan(program, output);
    registerGraph(program, output);
  });

const CONTROLLER_NODE = `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata:
  name: web
  namespace: prod
spec:
  listeners:
    - portMapping: { port: 8080, protocol: http }
  serviceDiscovery:
    dns: { hostname: web.prod.svc.cluster.local }
`;

describe('--mesh on plan, as on validate', () => {
  it('plans controller YAML without meshRef into the mesh given', async () => {
    // Prepare
    const file = join(await mkdtemp(join(tmpdir(), 'meshplane-yaml-')), 'web.yaml');
    await writeFile(file, CONTROLLER_NODE);
    // Act
    const without = await run(['plan', '--local', file]);
    const withMesh = await run(['plan', '--local', '--json', '--mesh', 'prod-mesh', file]);
    // Assess
    expect(without.code).toBe(EXIT.INVALID_INPUT);
    expect(withMesh.code).toBe(EXIT.OK);
    const json = JSON.parse(withMesh.out) as { meshes: string[]; changes: { key: string }[] };
    expect(json.meshes).toEqual(['prod-mesh']);
    expect(json.changes.map((c) => c.key)).toContain('virtualNode:prod-mesh/web_prod');
  });
});

describe('graph --json', () => {
  it('prints the text, the boxes and arrows, and the issues as one JSON document on stdout', async () => {
    // Act
    const result = await run(['graph', '--json', '--format', 'dot', DJ_MODEL]);
    // Assess
    expect(result.code).toBe(EXIT.OK);
    expect(result.err).toBe('');
    const json = JSON.parse(result.out) as {
      format: string;
      text: string;
      graph: { meshes: string[]; nodes: unknown[] };
      issues: unknown[];
    };
    expect(json.format).toBe('dot');
    expect(json.text.startsWith('digraph')).toBe(true);
    expect(json.graph.meshes).toEqual(['dj-app']);
    expect(json.graph.nodes.length).toBeGreaterThan(5);
    expect(json.issues).toEqual([]);
  });

  it('a model that cannot be loaded prints its issues as JSON and exits 2', async () => {
    const result = await run(['graph', '--json', '/nonexistent/mesh.yaml']);
    expect(result.code).toBe(EXIT.INVALID_INPUT);
    expect((JSON.parse(result.out) as { valid: boolean }).valid).toBe(false);
  });
});
