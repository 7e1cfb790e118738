// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub text, whose ${Name} is not a JavaScript template
import { describe, expect, it } from 'vitest';
import { described, probe } from './template-probe.js';

const SECTIONS = `Parameters:
  Domain:
    Type: String
    AllowedPattern: "[a-z.]+"
    MinLength: 3
    MaxLength: 20
  Env:
    Type: String
    Default: prod
    AllowedValues: [prod, staging]
  Weight:
    Type: Number
    Default: 10
    MinValue: 0
    MaxValue: 100
  Image:
    Type: String
`;

describe('template parameters', () => {
  it('use a given value over the Default', () => {
    const { hostname, issues } = probe('!Sub "${Env}.${Domain}"', {
      sections: SECTIONS,
      parameters: { Domain: 'apps.local', Env: 'staging' },
    });
    expect(hostname).toBe('staging.apps.local');
    expect(described(issues)).toEqual([]);
  });

  it('report a used parameter without value as an error and an unused one as a warning, once each', () => {
    const { issues } = probe('!Sub "${Domain}.${Domain}"', { sections: SECTIONS });
    expect(described(issues)).toEqual([
      '3:5 MISSING_PARAMETER parameter Domain has no Default and no value was given, and Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname needs it: give one with --parameter Domain=<value> (the parameters option)',
    ]);
    expect(described(issues, 'warning')).toContain(
      '17:5 MISSING_PARAMETER parameter Image has no Default and no value was given; the App Mesh resources do not use it, so the import goes on (CloudFormation would ask for it)',
    );
  });

  it('report a given parameter the template does not declare, with the closest name', () => {
    const { issues } = probe('x.local', { sections: SECTIONS, parameters: { Domian: 'a', Domain: 'abc' } });
    expect(described(issues)).toEqual([
      '2:3 UNKNOWN_PARAMETER a value was given for parameter Domian, which the template does not declare; did you mean "Domain"?; declared: Domain, Env, Weight, Image',
    ]);
  });

  it('check given values against AllowedValues, AllowedPattern, MinLength, MaxLength, MinValue, MaxValue and Number', () => {
    const { issues } = probe('x.local', {
      sections: SECTIONS,
      parameters: { Domain: 'AB', Env: 'prd', Weight: '101', Image: 'i' },
    });
    expect(described(issues)).toEqual([
      '3:5 INVALID_PARAMETER the value "AB" given for parameter Domain does not match its AllowedPattern "[a-z.]+"',
      '3:5 INVALID_PARAMETER the value "AB" given for parameter Domain is 2 characters long, under its MinLength 3',
      '8:5 INVALID_PARAMETER the value "prd" given for parameter Env is not one of its AllowedValues (prod, staging); did you mean "prod"?',
      '12:5 INVALID_PARAMETER the value "101" given for parameter Weight is over its MaxValue 100',
    ]);
    expect(
      described(
        probe('x.local', { sections: SECTIONS, parameters: { Domain: 'abc', Weight: 'ten' } }).issues,
      ),
    ).toEqual(['12:5 INVALID_PARAMETER the value "ten" given for parameter Weight is not a number (Number)']);
  });

  it('match AllowedPattern against the whole value, as CloudFormation (Java Pattern.matches) does', () => {
    const sections = 'Parameters:\n  Domain:\n    Type: String\n    AllowedPattern: "[a-z]+"\n';
    const issuesFor = (value: string) =>
      described(probe('x.local', { sections, parameters: { Domain: value } }).issues);
    expect(issuesFor('abc')).toEqual([]);
    // A match inside the value is not enough: "ab1" and "1ab" hold "ab" but are refused.
    for (const value of ['ab1', '1ab', 'a b', ''])
      expect(issuesFor(value)).toEqual([
        `3:5 INVALID_PARAMETER the value ${JSON.stringify(value)} given for parameter Domain does not match its AllowedPattern "[a-z]+"`,
      ]);
  });

  it('check AllowedPattern with RE2: a catastrophic-backtracking pattern cannot hang the import', () => {
    const sections = 'Parameters:\n  Name:\n    Type: String\n    AllowedPattern: "^(a+)+$"\n';
    // With a backtracking engine (JavaScript RegExp) this takes longer than the test's timeout:
    // 2^40 ways to split the a's before the final b fails each one.
    const hostile = `${'a'.repeat(40)}b`;
    expect(described(probe('x.local', { sections, parameters: { Name: hostile } }).issues)).toEqual([
      `3:5 INVALID_PARAMETER the value "${hostile}" given for parameter Name does not match its AllowedPattern "^(a+)+$"`,
    ]);
    expect(
      described(probe('x.local', { sections, parameters: { Name: 'a'.repeat(100_000) } }).issues),
    ).toEqual([]);
  });

  it('warn about a Java-only AllowedPattern (lookaround, backreference, possessive) and skip only that check', () => {
    for (const [pattern, why] of [
      ['(?=[a-z])[a-z0-9]+', 'RE2 has no lookahead or lookbehind'],
      ['([a-z])\\\\1', 'RE2 has no backreferences'],
      ['[a-z]++', 'has no possessive ones'],
    ] as const) {
      const sections = `Parameters:\n  Domain:\n    Type: String\n    AllowedPattern: "${pattern}"\n    MaxLength: 3\n`;
      const { issues } = probe('x.local', { sections, parameters: { Domain: 'ABCD' } });
      const source = pattern.replaceAll('\\\\', '\\');
      const warnings = described(issues, 'warning').filter((w) => w.includes('AllowedPattern'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(
        `4:21 INVALID_PARAMETER the AllowedPattern ${JSON.stringify(source)} of parameter Domain is not checked: meshplane checks it with RE2, and RE2 refuses it: `,
      );
      expect(warnings[0]).toContain(why);
      // The other constraints are still checked.
      expect(described(issues)).toEqual([
        '3:5 INVALID_PARAMETER the value "ABCD" given for parameter Domain is 4 characters long, over its MaxLength 3',
      ]);
    }
  });

  it('check given pseudo parameters', () => {
    expect(
      described(probe('x.local', { parameters: { 'AWS::AccountId': '1234', 'AWS::Region': 'moon' } }).issues),
    ).toEqual([
      '1:1 INVALID_PARAMETER the value "1234" given for pseudo parameter AWS::AccountId is not valid: an AWS account ID is 12 digits',
      '1:1 INVALID_PARAMETER the value "moon" given for pseudo parameter AWS::Region is not valid: a Region code such as us-east-1 or eu-central-2',
    ]);
  });

  it('turn a Number parameter into the number an API member takes', () => {
    const sections = 'Parameters:\n  Port:\n    Type: Number\n    Default: 8080\n';
    const resources = `  Router:
    Type: AWS::AppMesh::VirtualRouter
    Properties:
      MeshName: m
      VirtualRouterName: r
      Spec:
        Listeners:
          - PortMapping: { Port: !Ref Port, Protocol: http }
`;
    const router = probe('x.local', { sections, resources }).resources.find(
      (r) => r.kind === 'virtualRouter',
    );
    expect(router?.spec).toEqual({ listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] });
  });
});
