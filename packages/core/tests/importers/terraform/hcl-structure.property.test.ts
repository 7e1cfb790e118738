import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hclParser } from '../../../src/importers/terraform/hcl-parser.js';
import { scanHclStructure } from '../../../src/importers/terraform/hcl-structure.js';
import { importTerraformFiles } from '../../../src/index.js';
import { hclShapeOf, shapeOf } from './hcl-shape.js';

// Expressions that hide braces, quotes, comment markers and newlines from a naive scanner.
const EXPRESSIONS = [
  '"plain"',
  '"a}b{c"',
  '"${"}"}"',
  '"q\\"{"',
  '"$${not} %%{this}"',
  '"${var.x} # not a comment"',
  '42',
  '-1.5',
  'true',
  'null',
  'var.x',
  'local.y["}"]',
  '[1,\n    2,\n  ]',
  '{ k = "}" }',
  '{\n    a = 1\n    b = "{"\n  }',
  'format("%s}", "{")',
  '<<EOT\n} not the end {\nEOT',
  '<<-EOT\n    ${var.x} }\n    EOT',
  '[for s in ["a"] : "${s}}"]',
  'var.x ? "}" : "{"',
  '/* } */ 3',
  '1 # trailing { comment',
  '2 // trailing } comment',
];

const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);

interface Body {
  attributes: Array<[string, string]>;
  blocks: Array<{ type: string; labels: string[]; body: Body }>;
}

const bodyArbitrary: fc.Memo<Body> = fc.memo((depth) =>
  fc.record({
    attributes: fc.uniqueArray(
      fc.tuple(
        identifier.map((n) => `a_${n}`),
        fc.constantFrom(...EXPRESSIONS),
      ),
      {
        maxLength: 4,
        selector: ([name]) => name,
      },
    ),
    blocks:
      depth <= 1
        ? fc.constant([])
        : fc.array(
            fc.record({
              type: identifier.map((n) => `b_${n}`),
              labels: fc.array(
                identifier.map((n) => `l-${n}`),
                { maxLength: 2 },
              ),
              body: bodyArbitrary(depth - 1),
            }),
            { maxLength: 3 },
          ),
  }),
);

function render(body: Body, indent: string): string {
  let out = '';
  for (const [name, expression] of body.attributes) out += `${indent}${name} = ${expression}\n`;
  for (const block of body.blocks) {
    const labels = block.labels.map((l) => ` "${l}"`).join('');
    out += `${indent}# a comment with a { brace\n${indent}${block.type}${labels} {\n${render(block.body, `${indent}  `)}${indent}}\n`;
  }
  return out;
}

describe('the HCL structure scanner under random configurations', () => {
  it('finds the same blocks, labels and arguments as HashiCorp’s parser', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(3), async (body) => {
        // Arrange
        const text = render(body, '');
        // Act
        const scanned = shapeOf(scanHclStructure(text));
        const parsed = hclShapeOf(await (await hclParser()).parse('random.tf', text));
        // Assess
        expect(scanned).toEqual(parsed);
      }),
      { numRuns: 150, seed: 1515 },
    );
  });

  it('importTerraformFiles never throws: any text gives a result with known issue codes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          bodyArbitrary(2).map((b) => render(b, '')),
          fc
            .constantFrom(...EXPRESSIONS)
            .map((e) => `resource "aws_appmesh_mesh" "m" {\n  name = ${e}\n  spec {}\n}\n`),
        ),
        async (text) => {
          // Act
          const result = await importTerraformFiles([{ file: 'fuzz.tf', text }]);
          // Assess
          expect(Array.isArray(result.issues)).toBe(true);
          for (const issue of result.issues) expect(typeof issue.message).toBe('string');
        },
      ),
      { numRuns: 150, seed: 1515 },
    );
  });
});
