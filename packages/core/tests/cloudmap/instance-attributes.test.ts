import { describe, expect, it } from 'vitest';
import { instanceAttributeProblems } from '../../src/cloudmap/instance-attributes.js';

const custom = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('instanceAttributeProblems', () => {
  it('accepts the limits and refuses one past them', () => {
    // Prepare
    const fiveThousand = {
      a: 'x'.repeat(999),
      b: 'x'.repeat(999),
      c: 'x'.repeat(999),
      d: 'x'.repeat(999),
      e: 'x'.repeat(999),
    };
    // Act
    const at30 = instanceAttributeProblems({ ...custom(30), AWS_INSTANCE_IPV4: '10.0.0.1' });
    const at31 = instanceAttributeProblems(custom(31));
    const at5000 = instanceAttributeProblems(fiveThousand);
    const at5001 = instanceAttributeProblems({ ...fiveThousand, f: '' });
    // Assess
    expect(at30).toEqual([]);
    expect(at31).toEqual(["31 custom attributes is more than Cloud Map's limit of 30"]);
    expect(at5000).toEqual([]);
    expect(at5001).toEqual([expect.stringMatching(/5001 characters.*5,000/)]);
  });

  it('reports every problem at once, naming the attribute and the value', () => {
    // Prepare
    const attributes = {
      AWS_SECRET: 'x',
      AWS_INSTANCE_PORT: '70000',
      AWS_INIT_HEALTH_STATUS: 'MAYBE',
      'bad key': 'v',
      leading: ' space',
      count: 3 as unknown as string,
    };
    // Act
    const problems = instanceAttributeProblems(attributes);
    // Assess
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/"AWS_SECRET" is reserved/);
    expect(problems.join('\n')).toMatch(/AWS_INSTANCE_PORT "70000"/);
    expect(problems.join('\n')).toMatch(/AWS_INIT_HEALTH_STATUS "MAYBE"/);
    expect(problems.join('\n')).toMatch(/"bad key"/);
    expect(problems.join('\n')).toMatch(/leading value " space"/);
    expect(problems.join('\n')).toMatch(/count=3 must be a string/);
  });
});
