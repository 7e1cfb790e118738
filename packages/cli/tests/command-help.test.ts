import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  JSON_FAILURES,
  LOCAL_ENDPOINT_EXAMPLE,
  MESH_HELP,
  PROFILE_HELP,
} from '../src/commands/option-help.js';
import { createProgram } from '../src/program.js';

// `--help` of every command, as commander registers it, against the rules of
// src/commands/option-help.ts and against the README's command table.
const readme = fileURLToPath(new URL('../README.md', import.meta.url));

/** Every command that runs (no subcommands), by its path: `validate`, `ecs iam`, `xds serve`, … */
function leafCommands(): Map<string, Command> {
  const leaves = new Map<string, Command>();
  const walk = (command: Command, path: string[]) => {
    const subs = command.commands.filter((c) => c.name() !== 'help');
    if (subs.length === 0 && path.length > 0) leaves.set(path.join(' '), command);
    for (const sub of subs) walk(sub, [...path, sub.name()]);
  };
  walk(createProgram(), []);
  return leaves;
}

function option(command: Command, long: string): Option | undefined {
  return command.options.find((o) => o.long === long);
}

/** The README's command table: the command path of each row and the flags of its flags column. */
async function readmeTable(): Promise<Map<string, string[]>> {
  const text = await readFile(readme, 'utf8');
  const start = text.indexOf('| command | what it does | flags | details |');
  expect(start).toBeGreaterThan(-1);
  const rows = text.slice(start).split('\n\n')[0]!.split('\n').slice(2);
  const table = new Map<string, string[]>();
  for (const row of rows) {
    // Cells are split on | that are not escaped (`lattice\|service-connect`).
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    expect(cells).toHaveLength(4);
    const words = cells[0]!.trim().replaceAll('`', '').split(/\s+/);
    const end = words.findIndex((w) => w.startsWith('<') || w.startsWith('--'));
    const path = (end === -1 ? words : words.slice(0, end)).join(' ');
    table.set(path, cells[2]!.match(/--[a-z][a-z0-9-]*/g) ?? []);
  }
  return table;
}

describe("the README's command table", () => {
  it('lists every command, and for each exactly the flags its --help lists', async () => {
    // Prepare
    const leaves = leafCommands();
    // Act
    const table = await readmeTable();
    // Assess
    expect([...table.keys()].sort()).toEqual([...leaves.keys()].sort());
    for (const [path, command] of leaves) {
      const registered = command.options.flatMap((o) => (o.long ? [o.long] : []));
      expect({ path, flags: table.get(path) }).toEqual({ path, flags: registered });
    }
  });
});

describe('--help of every command', () => {
  const leaves = leafCommands();

  it('has --json, worded "print … on stdout; failures as { ok: false, error }"', () => {
    for (const [path, command] of leaves) {
      const json = option(command, '--json');
      expect({ path, json: json?.description }).toEqual({
        path,
        json: expect.stringMatching(
          /^print (JSON lines )?\{ .+ on stdout; failures as \{ ok: false, error \}$/,
        ),
      });
      expect(json?.description.endsWith(JSON_FAILURES)).toBe(true);
    }
  });

  it('words --mesh, --profile, --region and --endpoint the same way wherever they are', () => {
    for (const [path, command] of leaves) {
      const mesh = option(command, '--mesh');
      // ecs takes --mesh as the mesh its task joins (not controller objects without meshRef).
      if (mesh && !path.startsWith('ecs '))
        expect({ path, mesh: mesh.description, flags: mesh.flags }).toEqual({
          path,
          mesh: MESH_HELP,
          flags: '--mesh <name>',
        });
      if (mesh && path.startsWith('ecs '))
        expect({ path, mesh: mesh.description }).toEqual({
          path,
          mesh: expect.stringMatching(/^the mesh of the virtual (node|gateway) \(required\)$/),
        });
      const profile = option(command, '--profile');
      if (profile) expect({ path, profile: profile.description }).toEqual({ path, profile: PROFILE_HELP });
      const region = option(command, '--region');
      if (region)
        expect({ path, region: region.description }).toEqual({
          path,
          region: expect.stringMatching(/^AWS region\b.*\((default: .+|required .+)\)$/),
        });
      const endpoint = option(command, '--endpoint');
      if (endpoint)
        expect({ path, endpoint: endpoint.description }).toEqual({
          path,
          endpoint: expect.stringMatching(/ endpoint URL \(e\.g\. a running `meshplane local`\)$/),
        });
      expect(endpoint?.description.endsWith(`(${LOCAL_ENDPOINT_EXAMPLE})`) ?? true).toBe(true);
    }
  });

  it('has --mesh wherever model files load, and --region and --profile wherever AWS is called', () => {
    for (const [path, command] of leaves) {
      const argument = command.registeredArguments[0]?.name();
      const loadsModelFiles = argument === 'path' || argument === 'model';
      if (loadsModelFiles)
        expect({ path, mesh: Boolean(option(command, '--mesh')) }).toEqual({ path, mesh: true });
      if (option(command, '--endpoint'))
        expect({
          path,
          region: Boolean(option(command, '--region')),
          profile: Boolean(option(command, '--profile')),
        }).toEqual({
          path,
          region: true,
          profile: true,
        });
    }
  });
});
