import { appMeshModel } from '@meshplane/core/smithy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appMeshModelSource } from '../../src/app-mesh-source/index.js';
import { coerceCloudFormationScalars } from '../../src/custom-resource/coerce-scalars.js';
import {
  createCustomResourceHandler,
  createMeshplaneHandler,
  parseLambdaNodeProperties,
  parseMeshProperties,
  parseTrafficShiftProperties,
} from '../../src/custom-resource/index.js';
import { encodeResponse } from '../../src/custom-resource/response-body.js';
import { checkResponseUrl, redactUrl, scrubUrl } from '../../src/custom-resource/response-url.js';
import {
  createFunctionUrlSigner,
  deregisterLambdaNode,
  lambdaBackend,
  lambdaNodeSpec,
  lambdaNodeTags,
  MeshplaneLambdaError,
  registerLambdaNode,
} from '../../src/index.js';
import {
  checkFunctionArn,
  checkFunctionUrl,
  isFunctionUrlHost,
} from '../../src/lambda-node/lambda-node-spec.js';
import { defaultInstanceId } from '../../src/lambda-node/register-lambda-node.js';
import { formatTraceHeader, parseTraceHeader } from '../../src/middleware/index.js';
import { resolveOptions } from '../../src/middleware/options.js';
import { redactUrlCredentials } from '../../src/redact-credentials.js';
import { functionUrlRegion } from '../../src/signing/function-url-signer.js';
import { invokeCustomResource, stringifyScalars } from '../../src/testing/index.js';
import { parseDaemonAddress } from '../../src/xray/index.js';

// Any JSON value, and any object with hostile members (a `constructor` or `__proto__` key, its
// own `toString`/`valueOf` that are not functions, no prototype at all, symbols, bigints,
// functions), into every public entry point of the package: what comes out is a result or the
// package's own error, never a TypeError or RangeError from inside (issue 13, item 10). Getters
// that throw and proxies are left out: no JSON document can hold them, and an option object with
// a throwing getter is the caller's own exception.

const HOSTILE_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'toJSON',
  'length',
];
const DOMAIN_KEYS = [
  'Model',
  'ModelJson',
  'MeshName',
  'resources',
  'kind',
  'name',
  'meshName',
  'spec',
  'tags',
  'listeners',
  'portMapping',
  'port',
  'protocol',
  'VirtualNodeName',
  'FunctionUrl',
  'FunctionArn',
  'AuthType',
  'VirtualServiceName',
  'Backends',
  'CloudMapNamespaceName',
  'CloudMapServiceName',
  'CloudMapInstanceId',
  'CloudMapAttributes',
  'VirtualRouterName',
  'RouteName',
  'Weights',
  'virtualNodeName',
  'functionUrl',
  'functionArn',
  'authType',
  'cloudMap',
  'namespaceName',
  'serviceName',
  'attributes',
  'model',
  'tracing',
  'warmDiscovery',
  'logger',
  'discovery',
  'functionUrls',
  'authTypes',
  'xrayDaemonAddress',
  'virtualRouterName',
  'httpRoute',
  'action',
  'weightedTargets',
  'virtualNode',
  'weight',
  'backends',
  'virtualService',
  'clientPolicy',
  'appMesh',
  'refreshIntervalMs',
  'credentials',
  'region',
  'url',
  'method',
  'headers',
  'body',
  'root',
  'parent',
  'sampled',
  'extra',
  'Status',
  'Data',
  'Reason',
];

function ownToString(value: unknown) {
  return { toString: value, valueOf: value };
}

const hostileLeaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(
    'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
    'arn:aws:lambda:us-east-1:123456789012:function:f',
    'dj-app',
    '9080',
    'true',
    'AWS_IAM',
    'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  ),
  fc.constant(undefined),
  fc.bigInt(),
  fc.constant(Symbol('hostile')),
  fc.constant(() => 'fn'),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(-0),
  fc.oneof(fc.constant('x'), fc.constant(1), fc.constant(null), fc.constant({})).map(ownToString),
  fc.constant(null).map(() => Object.create(null) as unknown),
  fc.constant(null).map(() => Object.assign(Object.create(null), { toString: 'x' }) as unknown),
  fc.constant(null).map(() => new Date(Number.NaN)),
);

const { value: hostile } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...HOSTILE_KEYS, ...DOMAIN_KEYS), fc.string({ maxLength: 4 })),
          tie('value'),
        ),
        {
          maxLength: 5,
        },
      )
      .map((entries) => {
        const out: Record<string, unknown> = {};
        // defineProperty: a `__proto__` key becomes an own member, as JSON.parse makes it.
        for (const [key, v] of entries)
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        return out;
      }),
  ),
}));

/** An object with domain keys whose values are hostile: reaches deeper into the parsers. */
const hostileRecord = fc
  .array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS, ...DOMAIN_KEYS), hostile), { maxLength: 8 })
  .map((entries) => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries)
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

const anyInput = fc.oneof(hostile, hostileRecord);

/** Only the package's own error may come out of `run`. */
async function onlyOwnErrors(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof MeshplaneLambdaError)) {
      throw new Error(
        `not a MeshplaneLambdaError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
  }
}

const UNREACHABLE = { clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } };
const RUNS = { numRuns: 150 };

const entryPoints: [string, (input: unknown) => unknown][] = [
  ['parseMeshProperties', (v) => parseMeshProperties(v as never)],
  ['parseLambdaNodeProperties', (v) => parseLambdaNodeProperties(v as never)],
  ['parseTrafficShiftProperties', (v) => parseTrafficShiftProperties(v as never)],
  ['coerceCloudFormationScalars', (v) => coerceCloudFormationScalars(appMeshModel, 'VirtualNodeSpec', v)],
  ['stringifyScalars', (v) => stringifyScalars(v)],
  ['checkResponseUrl', (v) => checkResponseUrl(v, v as never)],
  ['redactUrl', (v) => redactUrl(v as never)],
  ['scrubUrl', (v) => scrubUrl(v as never, v as never)],
  ['encodeResponse', (v) => encodeResponse(v as never, 'Create')],
  ['checkFunctionUrl', (v) => checkFunctionUrl(v, [])],
  ['checkFunctionArn', (v) => checkFunctionArn(v, [])],
  ['isFunctionUrlHost', (v) => isFunctionUrlHost(v as never)],
  ['functionUrlRegion', (v) => functionUrlRegion(v as never)],
  ['defaultInstanceId', (v) => defaultInstanceId(v as never)],
  ['lambdaNodeSpec', (v) => lambdaNodeSpec(v as never, v as never)],
  ['lambdaBackend', (v) => lambdaBackend(v as never, v as never)],
  ['lambdaNodeTags', (v) => lambdaNodeTags(v as never, v as never, v as never)],
  ['redactUrlCredentials', (v) => redactUrlCredentials(v as never)],
  ['registerLambdaNode', (v) => registerLambdaNode({ ...(v as object), appMesh: UNREACHABLE } as never)],
  ['deregisterLambdaNode', (v) => deregisterLambdaNode({ ...(v as object), appMesh: UNREACHABLE } as never)],
  ['createFunctionUrlSigner', (v) => createFunctionUrlSigner(v as never)],
  [
    'FunctionUrlSigner.sign',
    (v) =>
      createFunctionUrlSigner({ credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } }).sign(
        v as never,
      ),
  ],
  ['resolveOptions', (v) => resolveOptions(v as never)],
  ['appMeshModelSource', (v) => appMeshModelSource(v as never)],
  ['parseTraceHeader', (v) => parseTraceHeader(v as never)],
  ['formatTraceHeader', (v) => formatTraceHeader(v as never, v as never)],
  ['parseDaemonAddress', (v) => parseDaemonAddress(v as never)],
  ['createCustomResourceHandler', (v) => createCustomResourceHandler(v as never)],
  ['createMeshplaneHandler', (v) => createMeshplaneHandler(v as never)],
];

describe('hostile input into every public entry point', () => {
  it.each(entryPoints)('%s gives a result or a MeshplaneLambdaError', async (_name, entry) => {
    await fc.assert(
      fc.asyncProperty(anyInput, (input) => onlyOwnErrors(() => entry(input))),
      RUNS,
    );
  });

  it('the custom-resource handler answers every hostile property set, and only with its own errors', async () => {
    // Prepare
    const handler = createMeshplaneHandler({
      responseUrl: { allowLoopback: true },
      responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
      logger: { log: () => {} },
      appMesh: UNREACHABLE,
      serviceDiscovery: UNREACHABLE,
    });
    const resourceType = fc.constantFrom(
      'Custom::MeshplaneMesh',
      'Custom::MeshplaneLambdaNode',
      'Custom::MeshplaneTrafficShift',
    );
    // Act + Assess
    await fc.assert(
      fc.asyncProperty(
        resourceType,
        hostileRecord,
        fc.constantFrom('Create', 'Update') as fc.Arbitrary<'Create' | 'Update'>,
        async (type, properties, requestType) => {
          const result = await invokeCustomResource(handler, {
            requestType,
            resourceType: type,
            properties,
            oldProperties: properties,
            physicalResourceId: 'dj-app',
            stringifyProperties: false,
          });
          expect(result.handlerError).toBeUndefined();
          expect(result.rejected).toEqual([]);
          if (result.response?.Status === 'FAILED') {
            expect(result.response.Reason).not.toMatch(
              /^(TypeError|RangeError|ReferenceError|SyntaxError)\b/,
            );
            expect(result.response.Reason).not.toContain('[object Object]');
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the reported repros (issue 13, item 10)', () => {
  const handler = createMeshplaneHandler({
    responseUrl: { allowLoopback: true },
    responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: { log: () => {} },
    appMesh: UNREACHABLE,
    serviceDiscovery: UNREACHABLE,
  });
  it.each([
    [
      'Custom::MeshplaneMesh',
      {
        Model: {
          resources: [
            { kind: 'virtualNode', meshName: 'm', name: 'n', spec: { constructor: { port: '1' } } },
          ],
        },
      },
    ],
    ['Custom::MeshplaneMesh', { Model: { resources: [{ kind: 'mesh', name: { toString: 'x' } }] } }],
    ['Custom::MeshplaneMesh', { MeshName: { toString: (): string => 'm' }, Model: { resources: [] } }],
    [
      'Custom::MeshplaneLambdaNode',
      {
        MeshName: 'm',
        VirtualNodeName: 'n',
        FunctionUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
        CloudMapNamespaceName: 'ns',
        CloudMapServiceName: 's',
        CloudMapAttributes: { version: { toString: 'x' }, constructor: 'y' },
      },
    ],
    [
      'Custom::MeshplaneTrafficShift',
      { MeshName: 'm', VirtualRouterName: 'r', RouteName: 'x', Weights: { constructor: { toString: 1 } } },
    ],
  ])('%s with %j answers with its own reason, not a TypeError', async (resourceType, properties) => {
    // Act
    const result = await invokeCustomResource(handler, {
      requestType: 'Create',
      resourceType,
      properties,
      stringifyProperties: false,
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).not.toMatch(/TypeError|Cannot convert|\[object Object\]/);
  });
});
