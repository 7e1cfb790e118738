import { showValue } from '@meshplane/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceAttributes } from '../src/agent/attributes.js';
import { CloudMapRegistry } from '../src/agent/cloud-map-registry.js';
import { agentOptionsFrom } from '../src/agent/command.js';
import { startAgent } from '../src/agent/index.js';
import { readTaskMetadata } from '../src/agent/metadata.js';
import {
  EcsInputError,
  envoyHealthCheck,
  envoyImage,
  fargateMemoryFor,
  fargateSizeProblem,
  MeshplaneEcsError,
  meshExecutionRolePolicy,
  meshGatewayTaskDefinition,
  meshTaskDefinition,
  meshTaskDefinitionInput,
  meshTaskIam,
  meshTaskRolePolicy,
  partitionOf,
  registrationAgentStatements,
  toCloudFormation,
} from '../src/index.js';
import { agentDiscovery } from '../src/internals.js';
import { listenerPorts } from '../src/task-definition/virtual-node-input.js';

// Issue 13 item 10 (ECS): any value, including objects whose own members are hostile (toString,
// valueOf, toJSON, Symbol.toPrimitive that are not functions or that throw, getters and proxy
// traps that throw, cycles), into every public entry point: the result is output or the
// package's own error, and no message prints a value as [object Object].

const boom = () => {
  throw new Error('hostile member');
};
const hostileMember = fc.oneof(
  fc.constant(1),
  fc.constant(null),
  fc.constant(boom),
  fc.constant(() => ({})),
  fc.constant('x'),
  fc.constant({}),
);
const hostileObject = fc
  .record(
    {
      toString: hostileMember,
      valueOf: hostileMember,
      toJSON: hostileMember,
      constructor: hostileMember,
      name: fc.anything(),
      image: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .chain((base) =>
    fc.constantFrom(
      base,
      { ...base, [Symbol.toPrimitive]: boom },
      Object.defineProperty({ ...base }, 'ports', { get: boom, enumerable: true }),
      Object.assign(Object.create(null), base),
    ),
  );
const special = fc.constantFrom<unknown>(
  10n,
  Symbol('s'),
  boom,
  new Proxy(
    {},
    {
      // fast-check itself reads symbol-keyed members (its clone marker): those answer undefined.
      get: (_target, key) => (typeof key === 'symbol' ? undefined : boom()),
      ownKeys: boom,
      has: (_target, key) => (typeof key === 'symbol' ? false : boom()),
      getPrototypeOf: boom,
      getOwnPropertyDescriptor: boom,
    },
  ),
  (() => {
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    return cyclic;
  })(),
  Object.defineProperty({}, 'region', { get: boom, enumerable: true }),
);
const hostile = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true }),
  },
  { weight: 3, arbitrary: hostileObject },
  { weight: 2, arbitrary: special },
  { weight: 1, arbitrary: fc.array(hostileObject, { maxLength: 3 }) },
);

function checkOutcome(error: unknown): void {
  expect(error, showValue(error)).toBeInstanceOf(MeshplaneEcsError);
  const messages = [
    (error as Error).message,
    ...(error instanceof EcsInputError ? error.issues.map((i) => i.message) : []),
  ];
  for (const message of messages) expect(message).not.toContain('[object ');
}

function syncOutcome(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    checkOutcome(error);
  }
}

const node = { name: 'jazz-v1', ports: [9080] };
const valid = {
  family: 'jazz-v1',
  mesh: 'dj-app',
  virtualNode: node,
  app: { image: 'jazz:v1' },
  region: 'us-east-1',
};
const gateway = {
  family: 'gw',
  mesh: 'dj-app',
  virtualGateway: { name: 'gw', ports: [8080] },
  region: 'us-east-1',
};

// `spread`: the entry takes several arguments, which the harness reads from the options object;
// there the hostile value goes into one argument, never into the harness's own object.
type Entry = {
  base: Record<string, unknown>;
  fields: string[];
  run: (options: unknown) => unknown;
  spread?: true;
};
const ENTRIES: Record<string, Entry> = {
  meshTaskDefinition: {
    base: valid,
    fields: [
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
      'tags',
      'agent',
      'extraContainers',
      'logging',
      'cpuArchitecture',
      'controlPlane',
      'xdsEndpoint',
    ],
    run: (o) => meshTaskDefinition(o as never),
  },
  meshTaskDefinitionInput: {
    base: valid,
    fields: ['app', 'envoy', 'agent'],
    run: (o) => meshTaskDefinitionInput(o as never),
  },
  meshTaskIam: {
    base: valid,
    fields: ['virtualNode', 'app', 'envoy', 'agent', 'xray', 'extraContainers', 'logging'],
    run: (o) => meshTaskIam(o as never),
  },
  meshGatewayTaskDefinition: {
    base: gateway,
    fields: ['family', 'mesh', 'virtualGateway', 'region', 'envoy', 'xray', 'fargate', 'tags', 'logging'],
    run: (o) => meshGatewayTaskDefinition(o as never),
  },
  meshTaskRolePolicy: {
    base: { mesh: 'm', virtualNode: 'n', region: 'us-east-1' },
    fields: ['mesh', 'virtualNode', 'virtualGateway', 'region', 'account', 'certificateArns'],
    run: (o) => meshTaskRolePolicy(o as never),
  },
  meshExecutionRolePolicy: {
    base: { region: 'us-east-1', logGroup: '/ecs/x' },
    fields: ['region', 'account', 'logGroup', 'images'],
    run: (o) => meshExecutionRolePolicy(o as never),
  },
  registrationAgentStatements: {
    base: { region: 'us-east-1', service: { serviceId: 'srv-1' } },
    fields: ['region', 'account', 'service', 'namespaceType', 'hostedZoneId', 'serviceTag', 'dnsRecordName'],
    run: (o) => registrationAgentStatements(o as never),
  },
  envoyImage: {
    base: { region: 'us-east-1' },
    fields: ['region', 'registry', 'tag'],
    run: (o) => envoyImage(o as never),
  },
  toCloudFormation: {
    base: { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx' }] },
    fields: ['family', 'containerDefinitions', 'tags', 'volumes'],
    run: (o) => toCloudFormation(o as never),
  },
  agentDiscovery: {
    base: { virtualNode: node },
    fields: ['virtualNode'],
    run: (o) => agentDiscovery(o as never),
  },
  listenerPorts: {
    spread: true,
    base: { node },
    fields: ['node'],
    run: (o) => listenerPorts((o as { node: never })?.node),
  },
  partitionOf: {
    spread: true,
    base: { region: 'us-east-1' },
    fields: ['region'],
    run: (o) => partitionOf((o as { region: never })?.region),
  },
  fargate: {
    spread: true,
    base: { cpu: 256, memory: 512 },
    fields: ['cpu', 'memory'],
    run: (o) => {
      const { cpu, memory } = (o ?? {}) as { cpu: never; memory: never };
      fargateMemoryFor(cpu);
      return fargateSizeProblem(cpu, memory);
    },
  },
  envoyHealthCheck: {
    spread: true,
    base: { port: 9901, timings: { interval: 5, timeout: 2, retries: 3, startPeriod: 10 } },
    fields: ['port', 'timings'],
    run: (o) => {
      const { port, timings } = (o ?? {}) as { port: never; timings: never };
      return envoyHealthCheck(port, timings);
    },
  },
  instanceAttributes: {
    spread: true,
    base: {
      task: { TaskARN: 'arn:aws:ecs:us-west-2:111122223333:task/c/0123456789abcdef0123456789abcdef' },
      options: { port: 80 },
    },
    fields: ['task', 'options'],
    run: (o) => {
      const { task, options } = (o ?? {}) as { task: never; options: never };
      return instanceAttributes(task, options);
    },
  },
  agentOptionsFrom: {
    spread: true,
    base: { argv: [], env: { MESHPLANE_SERVICE_ID: 'srv-1' } },
    fields: ['argv', 'env'],
    run: (o) => {
      const { argv, env } = (o ?? {}) as { argv: never; env: never };
      return agentOptionsFrom(argv, env);
    },
  },
  CloudMapRegistry: {
    spread: true,
    base: { input: { clientConfig: {} } },
    fields: ['input'],
    run: (o) => new CloudMapRegistry((o as { input: never })?.input),
  },
};

describe('hostile values into every public entry point (issue 13 item 10)', () => {
  it('the printer never calls a value’s own members, never throws, never prints [object …]', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const printed = showValue(value);
        expect(typeof printed).toBe('string');
        expect(printed).not.toContain('[object ');
      }),
      { numRuns: 500 },
    );
  });

  it('synchronous entry points give output or the package’s own error, with printable messages', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(ENTRIES)),
        hostile,
        fc.integer({ min: 0, max: 100 }),
        (name, value, pick) => {
          const entry = ENTRIES[name] as Entry;
          const field = entry.fields[pick % (entry.fields.length + (entry.spread ? 0 : 1))];
          // one field hostile, or the whole options value
          const options = field === undefined ? value : { ...entry.base, [field]: value };
          syncOutcome(() => entry.run(options));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('startAgent and readTaskMetadata reject with the package’s own error before any call', async () => {
    const saved = process.env.ECS_CONTAINER_METADATA_URI_V4;
    delete process.env.ECS_CONTAINER_METADATA_URI_V4;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'service',
            'port',
            'containerName',
            'attributes',
            'health',
            'metadata',
            'deregisterDeadlineMs',
            'whole',
          ),
          hostile,
          async (field, value) => {
            const base = {
              clientConfig: { region: 'us-east-1' },
              service: { serviceId: 'srv-1' },
              metadata: {},
            };
            const options = field === 'whole' ? value : { ...base, [field]: value };
            await startAgent(options as never).then(
              () => expect.fail('no metadata endpoint: startAgent cannot succeed'),
              checkOutcome,
            );
            await readTaskMetadata(value as never).then(() => undefined, checkOutcome);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      if (saved !== undefined) process.env.ECS_CONTAINER_METADATA_URI_V4 = saved;
    }
  });
});
