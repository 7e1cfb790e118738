import { describe, expect, it } from 'vitest';
import { showExpression } from '../../src/importers/cloudformation/expression-text.js';
import { describeValue } from '../../src/importers/source-document.js';
import { importSources, showValue } from '../../src/index.js';

describe("the importers print values with core's one printer (showValue)", () => {
  it('describeValue is showValue cut at 60 characters, and "nothing" for a missing value', () => {
    const long = { listeners: Array.from({ length: 10 }, (_, i) => ({ port: 8080 + i })) };
    expect(describeValue(long)).toBe(showValue(long, 60));
    expect(describeValue(long)).toHaveLength(60);
    expect(describeValue(long).endsWith('…')).toBe(true);
    expect(describeValue(undefined)).toBe('nothing');
    // JSON.stringify printed NaN as null and a BigInt threw; showValue names them.
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(10n)).toBe('10n');
  });

  it('a YAML .nan in a template is reported as NaN, not null', () => {
    const text = `Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Properties:
      MeshName: m
      Tags: .nan
`;
    const { issues } = importSources([{ file: 'template.yaml', text }]);
    expect(issues.map((i) => i.message)).toContain('Tags must be a list of { Key, Value }, got NaN');
  });

  it('showExpression keeps the YAML short forms and prints the values inside with showValue', () => {
    expect(showExpression({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })).toBe('!Select [0, !GetAZs ""]');
    expect(showExpression({ 'Fn::GetAtt': ['LoadBalancer', 'DNSName'] })).toBe(
      '!GetAtt LoadBalancer.DNSName',
    );
    expect(showExpression({ 'Fn::Base64': Number.NaN })).toBe('!Base64 NaN');
    expect(showExpression({ 'Fn::Join': ['', [true, null, 1.5]] })).toBe('!Join ["", [true, null, 1.5]]');
  });
});
