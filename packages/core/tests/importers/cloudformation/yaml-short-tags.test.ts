// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub text, whose ${Name} is not a JavaScript template
import { describe, expect, it } from 'vitest';
import { parseYamlWithPositions } from '../../../src/index.js';

function parse(text: string) {
  const result = parseYamlWithPositions(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.documents[0]!;
}

describe('CloudFormation short tags in YAML', () => {
  it('reads every short form as the long form it stands for', () => {
    // Arrange
    const text = [
      'a: !Ref Name',
      'b: !GetAtt Mesh.MeshName',
      'c: !GetAtt [Mesh, MeshName]',
      'd: !GetAtt Cluster.Endpoint.Address',
      'e: !Sub "${A}-x"',
      'f: !Sub ["${A}", { A: !Ref B }]',
      'g: !Join [",", [a, b]]',
      'h: !If [IsProd, !Ref AWS::NoValue, x]',
      'i: !Equals [a, b]',
      'j: !Not [!Condition C]',
      'k: !And [!Condition C, !Or [!Condition D, !Condition E]]',
      'l: !Select [0, !Split [",", "a,b"]]',
      'm: !FindInMap [Map, Top, Second]',
      'n: !ImportValue Export',
      'o: !Base64 text',
      'p: !Cidr ["10.0.0.0/16", 2, 8]',
      'q: !GetAZs',
      "r: !GetAZs ''",
      's: !Transform { Name: Macro }',
    ].join('\n');

    // Act
    const { value } = parse(text);

    // Assert
    expect(value).toEqual({
      a: { Ref: 'Name' },
      b: { 'Fn::GetAtt': ['Mesh', 'MeshName'] },
      c: { 'Fn::GetAtt': ['Mesh', 'MeshName'] },
      d: { 'Fn::GetAtt': ['Cluster', 'Endpoint.Address'] },
      e: { 'Fn::Sub': '${A}-x' },
      f: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] },
      g: { 'Fn::Join': [',', ['a', 'b']] },
      h: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'x'] },
      i: { 'Fn::Equals': ['a', 'b'] },
      j: { 'Fn::Not': [{ Condition: 'C' }] },
      k: { 'Fn::And': [{ Condition: 'C' }, { 'Fn::Or': [{ Condition: 'D' }, { Condition: 'E' }] }] },
      l: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
      m: { 'Fn::FindInMap': ['Map', 'Top', 'Second'] },
      n: { 'Fn::ImportValue': 'Export' },
      o: { 'Fn::Base64': 'text' },
      p: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      q: { 'Fn::GetAZs': '' },
      r: { 'Fn::GetAZs': '' },
      s: { 'Fn::Transform': { Name: 'Macro' } },
    });
  });

  it('places each long form at its tag and its argument at the value', () => {
    // Arrange
    const text = [
      'Resources:',
      '  Node:',
      '    Name: !Ref Param',
      '    Host: !GetAtt LB.DNSName',
      '    Sub: !If [C, !Sub "${X}", y]',
    ].join('\n');

    // Act
    const { locate } = parse(text);

    // Assert
    expect(locate(['Resources', 'Node', 'Name'])).toEqual({ line: 3, column: 11 });
    expect(locate(['Resources', 'Node', 'Name', 'Ref'])).toEqual({ line: 3, column: 16 });
    expect(locate(['Resources', 'Node', 'Host'])).toEqual({ line: 4, column: 11 });
    expect(locate(['Resources', 'Node', 'Host', 'Fn::GetAtt', 1])).toEqual({ line: 4, column: 19 });
    expect(locate(['Resources', 'Node', 'Sub', 'Fn::If', 1])).toEqual({ line: 5, column: 18 });
    expect(locate(['Resources', 'Node', 'Sub', 'Fn::If', 1, 'Fn::Sub'])).toEqual({ line: 5, column: 23 });
    expect(locate(['Resources', 'Node', 'Sub', 'Fn::If', 2])).toEqual({ line: 5, column: 31 });
  });

  it('leaves other tags and untagged text alone', () => {
    // Act
    const { value } = parse('a: "!Ref X"\nb: !!str 8080\nc: Ref\n');

    // Assert
    expect(value).toEqual({ a: '!Ref X', b: '8080', c: 'Ref' });
  });
});
