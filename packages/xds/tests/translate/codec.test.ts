import { describe, expect, it } from 'vitest';
import { encodeResource } from '../../src/protos/index.js';
import { translateNode } from '../../src/translate/index.js';
import { goldenCases } from './support/golden-cases.js';

describe('translated resources encode as Envoy protobuf', () => {
  it('every resource of every golden node and gateway encodes (no unknown field, no bad value)', async () => {
    // Arrange
    const cases = await goldenCases();

    // Act
    const failures: string[] = [];
    let count = 0;
    for (const c of cases) {
      const { resources } = translateNode(
        { model: c.model, endpoints: c.endpoints },
        c.resourceId,
        c.options,
      );
      for (const r of resources) {
        count++;
        try {
          encodeResource(r);
        } catch (error) {
          failures.push(`${c.file} ${r.name}: ${(error as Error).message}`);
        }
      }
    }

    // Assess
    expect(count).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });
});
