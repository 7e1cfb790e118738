import { optionDependency, optionRule } from '@meshplane/core/options';
import { describe, expect, it } from 'vitest';
import {
  parseLambdaNodeProperties,
  parseMeshProperties,
  parseTrafficShiftProperties,
} from '../../src/custom-resource/index.js';
import { checkProperties, defineProperties } from '../../src/custom-resource/property-schema.js';
import { stringifyScalars } from '../../src/testing/index.js';

// The custom-resource properties are declared schemas (issue 12, item 6): every problem at once,
// each naming the property, the value and the rule; CloudFormation's strings coerced back.
const HOST = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:recommender';
const NODE = {
  MeshName: 'dj-app',
  VirtualNodeName: 'recommender',
  FunctionUrl: `https://${HOST}`,
  FunctionArn: FUNCTION_ARN,
};

describe('checkProperties', () => {
  const schema = defineProperties<{ Name: string; Size?: string; Parts?: Record<string, string> }>(
    {
      Name: optionRule('is required (a non-empty string)', (v) => typeof v === 'string' && v !== '', true),
      Size: {
        ...optionRule('must be a whole number', (v) => typeof v === 'string' && /^\d+$/.test(v)),
        explain: (value, field) => [`${field} is not a whole number: ${String(value)}`],
      },
      Parts: {
        ...optionRule('must be an object', (v) => typeof v === 'object'),
        entries: optionRule('must be "x"', (v) => v === 'x'),
      },
    },
    [
      optionDependency(
        'Size',
        ['Name'],
        'needs a Name longer than one character',
        (o) => o.Size === undefined || (o.Name as string).length > 1,
      ),
    ],
    'Size',
  );

  it('reports every problem in the schema order, unknown properties before the named one, explainers in their own words', () => {
    // Act
    const problems = checkProperties(schema, { Size: 'big', Parts: { a: 'x', b: 'y' }, Zed: 1, Alpha: 2 });
    // Assess
    expect(problems).toEqual([
      'Name is required (a non-empty string), got undefined',
      'unknown properties: Alpha, Zed (allowed: Name, Size, Parts, NoEcho)',
      'Size is not a whole number: big',
      'Parts.b must be "x", got "y"',
    ]);
  });

  it('checks a dependency once its options pass their own rules, and nothing for good properties', () => {
    // Act + Assess
    expect(checkProperties(schema, { Name: 'n', Size: '3' })).toEqual([
      'Size needs a Name longer than one character, got "3"',
    ]);
    expect(checkProperties(schema, { Name: 'nn', Size: '3', Parts: { a: 'x' } })).toEqual([]);
    expect(checkProperties(schema, ['Name'])).toEqual(['the properties must be an object, got ["Name"]']);
  });
});

describe('Custom::MeshplaneLambdaNode properties', () => {
  it('reports every bad property at once, naming the property, the value and the rule', () => {
    // Act
    const parsed = parseLambdaNodeProperties({
      MeshName: '',
      VirtualNodeName: 7,
      FunctionUrl: 'http://x.example.com/a',
      FunctionArn: 'nope',
      AuthType: 'OPEN',
      VirtualServiceName: '',
      Backends: [
        {
          virtualService: {
            virtualServiceName: 'a',
            clientPolicy: { tls: { enforce: 'maybe', ports: ['x'] } },
          },
        },
      ],
      CloudMapNamespaceName: 'lambda.local',
      CloudMapInstanceId: '',
      CloudMapAttributes: { AWS_X: '1' },
      Extra: 1,
    });
    // Assess
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'MeshName must have 1 to 255 characters (ResourceName), got 0: ""',
        'VirtualNodeName must be a string (ResourceName), got 7',
        'FunctionUrl must use https (function URLs are TLS only), got http',
        'FunctionUrl host "x.example.com" is not a function URL host (<url-id>.lambda-url.<region>.on.aws)',
        'FunctionUrl must be the function URL itself (https://x.example.com/), without a path, query, fragment or credentials, got "http://x.example.com/a"',
        'FunctionArn must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]), got "nope"',
        'AuthType must be AWS_IAM or NONE, got "OPEN"',
        'VirtualServiceName must be a virtual service name of 1-255 characters, got ""',
        'Backends[0].virtualService.clientPolicy.tls.enforce must be true or false (smithy.api#Boolean), got "maybe"',
        'Backends[0].virtualService.clientPolicy.tls.ports[0] must be a whole number (PortNumber), got "x"',
        'Backends[0].virtualService.clientPolicy.tls.validation is required (ClientPolicyTls.validation)',
        'CloudMapNamespaceName needs CloudMapServiceName: set both CloudMapNamespaceName and CloudMapServiceName, or neither, got "lambda.local"',
        'CloudMapInstanceId must be a non-empty string, got ""',
        'CloudMapAttributes.AWS_X: names starting with AWS_ are reserved',
        'unknown properties: Extra (allowed: MeshName, VirtualNodeName, FunctionUrl, FunctionArn, AuthType, VirtualServiceName, Backends, CloudMapNamespaceName, CloudMapServiceName, CloudMapInstanceId, CloudMapAttributes, NoEcho)',
      ],
    });
  });

  it('names the missing required properties', () => {
    // Act
    const parsed = parseLambdaNodeProperties({});
    // Assess
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'MeshName is required: a name of 1-255 characters',
        'VirtualNodeName is required: a name of 1-255 characters',
        'FunctionUrl is required (https://<url-id>.lambda-url.<region>.on.aws/), got undefined',
        'FunctionArn must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]), got undefined',
      ],
    });
  });

  it('refuses a Cloud Map instance id or attributes without the namespace and service they belong to', () => {
    // Act
    const parsed = parseLambdaNodeProperties({
      ...NODE,
      CloudMapInstanceId: 'r1',
      CloudMapAttributes: { v: '1' },
    });
    const serviceOnly = parseLambdaNodeProperties({ ...NODE, CloudMapServiceName: 'recommender' });
    // Assess
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'CloudMapInstanceId needs CloudMapNamespaceName and CloudMapServiceName, got "r1"',
        'CloudMapAttributes needs CloudMapNamespaceName and CloudMapServiceName, got {"v":"1"}',
      ],
    });
    expect(serviceOnly).toEqual({
      ok: false,
      problems: [
        'CloudMapServiceName needs CloudMapNamespaceName: set both CloudMapNamespaceName and CloudMapServiceName, or neither, got "recommender"',
      ],
    });
  });

  it('turns the strings CloudFormation sends back into the numbers and booleans of the Backends shape', () => {
    // Prepare: what CloudFormation delivers, every scalar a string
    const properties = stringifyScalars({
      ...NODE,
      Backends: [
        {
          virtualService: {
            virtualServiceName: 'orders.lambda.local',
            clientPolicy: {
              tls: {
                enforce: true,
                ports: [443],
                validation: { trust: { file: { certificateChain: '/ca.pem' } } },
              },
            },
          },
        },
      ],
      CloudMapNamespaceName: 'lambda.local',
      CloudMapServiceName: 'recommender',
      CloudMapAttributes: { weight: 3, canary: false },
    }) as Record<string, unknown>;
    // Act
    const parsed = parseLambdaNodeProperties(properties);
    const numbers = parseLambdaNodeProperties({
      ...NODE,
      CloudMapNamespaceName: 'lambda.local',
      CloudMapServiceName: 'recommender',
      CloudMapAttributes: { weight: 3, canary: false },
    });
    // Assess
    expect((properties.Backends as never[])[0]).toMatchObject({
      virtualService: { clientPolicy: { tls: { ports: ['443'] } } },
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        meshName: 'dj-app',
        virtualNodeName: 'recommender',
        functionUrl: `https://${HOST}/`,
        functionArn: FUNCTION_ARN,
        authType: 'AWS_IAM',
        backends: [
          {
            virtualService: {
              virtualServiceName: 'orders.lambda.local',
              clientPolicy: {
                tls: {
                  enforce: true,
                  ports: [443],
                  validation: { trust: { file: { certificateChain: '/ca.pem' } } },
                },
              },
            },
          },
        ],
        cloudMap: {
          namespaceName: 'lambda.local',
          serviceName: 'recommender',
          attributes: { weight: '3', canary: 'false' },
        },
      },
    });
    expect(numbers.ok && numbers.value.cloudMap?.attributes).toEqual({ weight: '3', canary: 'false' });
  });
});

describe('Custom::MeshplaneMesh properties', () => {
  it('wants exactly one of Model and ModelJson', () => {
    // Act
    const both = parseMeshProperties({
      Model: { resources: [] },
      ModelJson: '{"resources":[]}',
      MeshName: 'm',
    });
    const neither = parseMeshProperties({ MeshName: 'm' });
    // Assess
    expect(both).toEqual({
      ok: false,
      problems: [
        'ModelJson cannot be used together with Model: give one of Model (an object) or ModelJson (a JSON string), got "{\\"resources\\":[]}"',
      ],
    });
    expect(neither).toEqual({
      ok: false,
      problems: [
        'Model is required when ModelJson is not: give one of Model (an object) or ModelJson (a JSON string), got undefined',
      ],
    });
  });

  it('names what is wrong with each property, all at once', () => {
    // Act
    const notJson = parseMeshProperties({ ModelJson: '{', MeshName: 5, Other: 'x' });
    const notModel = parseMeshProperties({ ModelJson: '[1]' });
    const badModel = parseMeshProperties({ Model: 'x' });
    const notString = parseMeshProperties({ ModelJson: 5 });
    // Assess
    expect(notJson).toEqual({
      ok: false,
      problems: [
        'MeshName must be a non-empty string, got 5',
        expect.stringMatching(/^ModelJson is not valid JSON: /),
        'unknown properties: Other (allowed: MeshName, Model, ModelJson, NoEcho)',
      ],
    });
    expect(notModel).toEqual({
      ok: false,
      problems: ['ModelJson must be a mesh model: an object with a "resources" array, got [1]'],
    });
    expect(badModel).toEqual({
      ok: false,
      problems: ['Model must be a mesh model: an object with a "resources" array, got "x"'],
    });
    expect(notString).toEqual({ ok: false, problems: ['ModelJson must be a JSON string, got 5'] });
  });

  it('reads Model with its stringified scalars, and ModelJson as it is', () => {
    // Prepare
    const model = {
      resources: [
        {
          kind: 'virtualRouter',
          name: 'jazz-router',
          spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http' } }] },
        },
      ],
    };
    // Act
    const fromModel = parseMeshProperties({ MeshName: 'dj-app', Model: stringifyScalars(model) });
    const fromJson = parseMeshProperties({ MeshName: 'dj-app', ModelJson: JSON.stringify(model) });
    // Assess
    const expected = {
      ok: true,
      value: {
        meshName: 'dj-app',
        model: {
          resources: [
            { kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} },
            {
              kind: 'virtualRouter',
              meshName: 'dj-app',
              name: 'jazz-router',
              spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http' } }] },
            },
          ],
        },
      },
    };
    expect(fromModel).toEqual(expected);
    expect(fromJson).toEqual(expected);
  });
});

describe('Custom::MeshplaneTrafficShift properties', () => {
  const base = { MeshName: 'dj-app', VirtualRouterName: 'jazz-router', RouteName: 'jazz-route' };

  it('takes weights as CloudFormation strings or as numbers, and nothing else', () => {
    // Act
    const strings = parseTrafficShiftProperties({ ...base, Weights: { a: '0', b: '100' } });
    const numbers = parseTrafficShiftProperties({ ...base, Weights: { a: 0, b: 100 } });
    const odd = parseTrafficShiftProperties({ ...base, Weights: { a: 1.5, b: ' 10', c: '1e1', d: true } });
    // Assess
    expect(strings).toEqual({
      ok: true,
      value: {
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
        weights: { a: 0, b: 100 },
      },
    });
    expect(numbers).toEqual(strings);
    expect(odd).toEqual({
      ok: false,
      problems: [
        'Weights.a must be a whole number 0-100, got 1.5',
        'Weights.b must be a whole number 0-100, got " 10"',
        'Weights.c must be a whole number 0-100, got "1e1"',
        'Weights.d must be a whole number 0-100, got true',
      ],
    });
  });

  it('reports too many targets with the bad weights among them, and an empty Weights', () => {
    // Act
    const eleven = parseTrafficShiftProperties({
      ...base,
      Weights: { ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}`, '1'])), bad: 'x' },
    });
    const empty = parseTrafficShiftProperties({ ...base, Weights: {} });
    // Assess
    expect(eleven).toEqual({
      ok: false,
      problems: [
        'Weights.bad must be a whole number 0-100, got "x"',
        'Weights names 11 targets; a route has at most 10',
      ],
    });
    expect(empty).toEqual({
      ok: false,
      problems: [
        'Weights is required: an object of virtual node name → weight (0-100), e.g. { "jazz-v2": 10 }, got {}',
      ],
    });
  });
});
