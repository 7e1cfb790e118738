// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose ${…} is an HCL interpolation, not a JavaScript template
import { describe, expect, test } from 'vitest';
import { hclNestingBeyond, MAX_HCL_NESTING } from '../../../src/importers/terraform/hcl-nesting.js';
import { importSources, importTerraformFiles } from '../../../src/index.js';

const tf = (text: string, variables?: Record<string, string>) =>
  importTerraformFiles([{ file: 'main.tf', text }], variables ? { variables } : {});

/** `resource "aws_appmesh_mesh" "m" {` is level 1: each text nests `levels` deep in all. */
const shapes: Record<string, (levels: number) => string> = {
  blocks: (levels) =>
    `resource "aws_appmesh_mesh" "m" {\n  name = "m"\n${'spec {\n'.repeat(levels - 1)}${'}\n'.repeat(levels - 1)}}\n`,
  brackets: (levels) =>
    `resource "aws_appmesh_mesh" "m" {\n  name = "m"\n  tags = { a = ${'['.repeat(levels - 2)}${']'.repeat(levels - 2)} }\n}\n`,
  parentheses: (levels) =>
    `resource "aws_appmesh_mesh" "m" {\n  name = ${'('.repeat(levels - 1)}"m"${')'.repeat(levels - 1)}\n}\n`,
  interpolations: (levels) =>
    `resource "aws_appmesh_mesh" "m" {\n  name = ${'"${'.repeat(levels - 1)}"m"${'}"'.repeat(levels - 1)}\n}\n`,
};

describe('HCL nesting bound', () => {
  test('blocks, brackets and interpolations count; strings, comments, escapes and heredoc text do not', () => {
    expect(hclNestingBeyond('a = [[1]]\n', 1)).toEqual({ offset: 5, level: 2 });
    expect(hclNestingBeyond('a = [[1]]\n', 2)).toBeUndefined();
    expect(hclNestingBeyond('b { c { d = "${x}" } }\n', 2)).toEqual({ offset: 13, level: 3 });
    expect(hclNestingBeyond('a = "[[[ $${x} %%{y}" # [[[\n// {{{\n/* ((( */\n', 0)).toBeUndefined();
    expect(hclNestingBeyond('a = <<EOT\n[[[ ${b}\nEOT\nc = 1\n', 1)).toBeUndefined();
    expect(hclNestingBeyond('a = <<EOT\n[[[ ${[b]}\nEOT\n', 1)).toEqual({ offset: 16, level: 2 });
    expect(hclNestingBeyond('a = <<-EOT\n  x\n  EOT\nb = [1]\n', 0)).toEqual({ offset: 25, level: 1 });
    // Walks without recursion: far deeper than any call stack.
    expect(hclNestingBeyond('['.repeat(1_000_000))).toEqual({ offset: MAX_HCL_NESTING, level: 257 });
  });

  for (const [shape, text] of Object.entries(shapes)) {
    test(`${shape}: ${MAX_HCL_NESTING} levels import, ${MAX_HCL_NESTING + 1} are one PARSE_ERROR naming the file, the place and the limit`, async () => {
      expect(MAX_HCL_NESTING).toBe(256);
      const atLimit = await tf(text(MAX_HCL_NESTING));
      expect(atLimit.issues.map((i) => i.message).filter((m) => /call stack|nests too deep/.test(m))).toEqual(
        [],
      );
      if (shape === 'parentheses' || shape === 'interpolations')
        expect(atLimit.model.resources[0]?.name).toBe('m');
      const beyond = await tf(text(MAX_HCL_NESTING + 1));
      expect(beyond.model.resources).toEqual([]);
      expect(beyond.issues).toHaveLength(1);
      expect(beyond.issues[0]).toMatchObject({
        code: 'PARSE_ERROR',
        path: 'main.tf',
        file: 'main.tf',
        severity: 'error',
        message:
          'main.tf: the text nests too deep: a block, bracket or interpolation at level 257, and nesting is limited to 256 levels (App Mesh resources nest about fifteen)',
      });
      // The place is the opening that goes one level too deep.
      const lines = text(MAX_HCL_NESTING + 1).split('\n');
      const { line, column } = beyond.issues[0]!;
      expect(lines[line! - 1]!.slice(column! - 1, column! + 1)).toMatch(/^(spec \{|\[|\(|\$\{|\{)/);
    });
  }

  test('1,700 levels are the same issue, not a stack overflow', async () => {
    const { issues } = await tf(shapes.brackets!(1700));
    expect(issues.map((i) => `${i.code} ${i.line}:${i.column}`)).toEqual(['PARSE_ERROR 3:270']);
  });

  test('a -var value nested too deep is refused with the limit, not parsed', async () => {
    const text =
      'variable "v" { type = list(any) }\nresource "aws_appmesh_mesh" "m" {\n  name = "m"\n  tags = { a = var.v }\n}\n';
    const { issues } = await tf(text, { v: `${'['.repeat(300)}${']'.repeat(300)}` });
    expect(issues[0]).toMatchObject({
      code: 'INVALID_PARAMETER',
      path: 'var.v',
      file: 'main.tf',
      message:
        'the value given for variable "v" (list(any)) is not valid HCL: the text nests too deep: a block, bracket or interpolation at level 257, and nesting is limited to 256 levels (App Mesh resources nest about fifteen)',
    });
    expect(issues.map((i) => i.message).some((m) => m.includes('call stack'))).toBe(false);
  });
});

describe('JSON nesting bound (templates, model files, terraform show -json)', () => {
  const documents: Record<string, (deep: string) => string> = {
    'CloudFormation template': (deep) =>
      `{"Resources":{"M":{"Type":"AWS::AppMesh::Mesh","Properties":{"MeshName":"m","Spec":{"x":${deep}}}}}}`,
    'terraform show -json': (deep) =>
      `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_appmesh_mesh.m","mode":"managed","type":"aws_appmesh_mesh","name":"m","values":{"name":"m","spec":${deep}}}]}}}`,
    'meshplane model file': (deep) => `{"resources":[{"kind":"mesh","name":"m","spec":{"x":${deep}}}]}`,
  };
  // Levels the document's own objects and arrays take above the deep value.
  const above: Record<string, number> = {
    'CloudFormation template': 5,
    'terraform show -json': 6,
    'meshplane model file': 4,
  };
  for (const [kind, document] of Object.entries(documents)) {
    test(`${kind}: 512 levels are read, 513 are one PARSE_ERROR with the file, the place and the limit`, () => {
      const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const atLimit = importSources([{ file: 'doc.json', text: document(deep(512 - above[kind]!)) }]);
      expect(atLimit.issues.map((i) => i.message).filter((m) => /call stack|nesting level/.test(m))).toEqual(
        [],
      );
      const beyond = importSources([{ file: 'doc.json', text: document(deep(513 - above[kind]!)) }]);
      expect(beyond.issues).toHaveLength(1);
      expect(beyond.issues[0]).toMatchObject({
        code: 'PARSE_ERROR',
        file: 'doc.json',
        line: 1,
        message:
          "JSON syntax error: '[' sits at nesting level 513; nesting is limited to 512 levels of arrays and objects (App Mesh documents are far shallower)",
      });
      const column = beyond.issues[0]!.column!;
      expect(document(deep(513 - above[kind]!))[column - 1]).toBe('[');
      const far = importSources([{ file: 'doc.json', text: document(deep(1700)) }]);
      expect(far.issues.map((i) => i.code)).toEqual(['PARSE_ERROR']);
    });
  }
});
