import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EcsInputError,
  meshExecutionRolePolicy,
  meshGatewayTaskDefinition,
  meshTaskDefinition,
  meshTaskIam,
  meshTaskRolePolicy,
  registrationAgentStatements,
} from '../src/index.js';

// Any value in any option: the renderers either produce output or throw an EcsInputError that
// names the problems. Never a TypeError from deep inside.
const valid = {
  family: 'jazz-v1',
  mesh: 'dj-app',
  virtualNode: { name: 'jazz-v1', ports: [9080] },
  app: { image: 'jazz:v1' },
  region: 'us-east-1',
};
const fields = [
  'family',
  'mesh',
  'virtualNode',
  'app',
  'region',
  'account',
  'envoy',
  'xray',
  'statsd',
  'fargate',
  'cpu',
  'memory',
  'taskRoleArn',
  'executionRoleArn',
  'logging',
  'tags',
  'cpuArchitecture',
  'agent',
  'extraContainers',
];

// Values a JSON document cannot hold too: objects without a prototype (String() throws on them),
// boxed values, sparse arrays.
const EXOTIC = {
  withNullPrototype: true,
  withBoxedValues: true,
  withSparseArray: true,
  withObjectString: true,
};

function outcome(render: () => unknown): 'ok' | 'invalid' {
  try {
    render();
    return 'ok';
  } catch (error) {
    if (error instanceof EcsInputError) return 'invalid';
    throw error;
  }
}

describe('renderers on arbitrary input', () => {
  it('meshTaskDefinition and meshTaskIam never crash on a bad value in one option', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.anything(EXOTIC), (field, value) => {
        // Prepare
        const options = { ...valid, [field]: value } as unknown as Parameters<typeof meshTaskDefinition>[0];
        // Act / Assess
        expect(['ok', 'invalid']).toContain(outcome(() => meshTaskDefinition(options)));
        expect(['ok', 'invalid']).toContain(outcome(() => meshTaskIam(options)));
      }),
      { numRuns: 400 },
    );
  });

  it('meshTaskDefinition never crashes on a bad value inside envoy, app or agent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('envoy', 'app', 'agent', 'statsd', 'logging', 'fargate', 'xray'),
        fc.constantFrom(
          'name',
          'image',
          'ports',
          'environment',
          'egressIgnoredIPs',
          'egressIgnoredPorts',
          'healthCheck',
          'service',
          'attributes',
          'memory',
          'cpu',
          'command',
          'entryPoint',
          'sidecar',
          'adminPort',
          'ignoredUID',
          'port',
          'samplingRate',
          'group',
          'streamPrefix',
          'healthIntervalMs',
          'healthThreshold',
          'healthPath',
        ),
        fc.anything(EXOTIC),
        (parent, key, value) => {
          // Prepare
          const base =
            parent === 'agent'
              ? { image: 'agent:1', service: { serviceId: 'srv-1' } }
              : parent === 'app'
                ? { image: 'x' }
                : {};
          const options = { ...valid, [parent]: { ...base, [key]: value } } as unknown as Parameters<
            typeof meshTaskDefinition
          >[0];
          // Act / Assess
          expect(['ok', 'invalid']).toContain(outcome(() => meshTaskDefinition(options)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('meshTaskDefinition never crashes on a model node with an arbitrary spec', () => {
    fc.assert(
      fc.property(fc.anything(EXOTIC), (spec) => {
        // Prepare
        const virtualNode = { kind: 'virtualNode', meshName: 'dj-app', name: 'jazz-v1', spec };
        const options = { ...valid, virtualNode, agent: { image: 'agent:1' } } as unknown as Parameters<
          typeof meshTaskDefinition
        >[0];
        // Act / Assess
        expect(['ok', 'invalid']).toContain(outcome(() => meshTaskDefinition(options)));
        expect(['ok', 'invalid']).toContain(outcome(() => meshTaskIam(options)));
      }),
      { numRuns: 300 },
    );
  });

  it('meshGatewayTaskDefinition never crashes on a model gateway with an arbitrary spec', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(EXOTIC),
          fc.record({ listeners: fc.anything(EXOTIC) }),
          fc.record({ listeners: fc.array(fc.anything(EXOTIC)) }),
        ),
        (spec) => {
          // Prepare
          const virtualGateway = { kind: 'virtualGateway', meshName: 'm', name: 'gw', spec };
          const options = {
            family: 'gw',
            mesh: 'm',
            virtualGateway,
            region: 'us-east-1',
          } as unknown as Parameters<typeof meshGatewayTaskDefinition>[0];
          // Act / Assess
          expect(['ok', 'invalid']).toContain(outcome(() => meshGatewayTaskDefinition(options)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('meshGatewayTaskDefinition never crashes on a bad value in one option', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'family',
          'mesh',
          'virtualGateway',
          'region',
          'envoy',
          'xray',
          'fargate',
          'tags',
          'logging',
        ),
        fc.anything(EXOTIC),
        (field, value) => {
          // Prepare
          const options = {
            family: 'gw',
            mesh: 'm',
            virtualGateway: { name: 'gw', ports: [8080] },
            region: 'us-east-1',
            [field]: value,
          } as unknown as Parameters<typeof meshGatewayTaskDefinition>[0];
          // Act / Assess
          expect(['ok', 'invalid']).toContain(outcome(() => meshGatewayTaskDefinition(options)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the IAM policy builders never crash on a bad value in one option, or on the options themselves', () => {
    // Prepare
    const policies = {
      taskRole: (o: unknown) => meshTaskRolePolicy(o as Parameters<typeof meshTaskRolePolicy>[0]),
      executionRole: (o: unknown) =>
        meshExecutionRolePolicy(o as Parameters<typeof meshExecutionRolePolicy>[0]),
      agent: (o: unknown) =>
        registrationAgentStatements(o as Parameters<typeof registrationAgentStatements>[0]),
    };
    const validOf = {
      taskRole: { mesh: 'm', virtualNode: 'n', region: 'us-east-1' },
      executionRole: { region: 'us-east-1', logGroup: '/ecs/x' },
      agent: { region: 'us-east-1', service: { serviceId: 'srv-1' } },
    };
    const keys = [
      'mesh',
      'virtualNode',
      'virtualGateway',
      'region',
      'account',
      'xray',
      'certificateArns',
      'certificateAuthorityArns',
      'service',
      'namespaceType',
      'logGroup',
      'createLogGroup',
      'images',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom('taskRole', 'executionRole', 'agent'),
        fc.constantFrom(...keys),
        fc.anything(EXOTIC),
        fc.boolean(),
        (which: keyof typeof policies, key, value, whole) => {
          // Prepare
          const options = whole ? value : { ...validOf[which], [key]: value };
          // Act / Assess
          expect(['ok', 'invalid']).toContain(outcome(() => policies[which](options)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('meshTaskRolePolicy never crashes on a model node with arbitrary listeners and backends', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(EXOTIC),
          fc.record({
            listeners: fc.anything(EXOTIC),
            backends: fc.anything(EXOTIC),
            backendDefaults: fc.anything(EXOTIC),
          }),
          fc.record({ listeners: fc.array(fc.anything(EXOTIC)), backends: fc.array(fc.anything(EXOTIC)) }),
        ),
        (spec) => {
          // Prepare
          const virtualNode = { kind: 'virtualNode', meshName: 'm', name: 'n', spec } as never;
          // Act / Assess
          expect(['ok', 'invalid']).toContain(
            outcome(() => meshTaskRolePolicy({ mesh: 'm', virtualNode, region: 'us-east-1' })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
