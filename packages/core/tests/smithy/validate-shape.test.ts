import { describe, expect, it } from 'vitest';
import { appMeshModel, serviceDiscoveryModel, validateShape } from '../../src/smithy/index.js';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('validateShape', () => {
  it('accepts a valid virtual node spec', () => {
    // Prepare
    const spec = {
      listeners: [{ portMapping: { port: 9080, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: 'jazz-v1.prod.svc.cluster.local' } },
      backends: [{ virtualService: { virtualServiceName: 'jazz.prod.svc.cluster.local' } }],
    };
    // Act
    const issues = validateShape(appMeshModel, 'VirtualNodeSpec', spec, 'spec');
    // Assess
    expect(issues).toEqual([]);
  });

  it('checks ranges at the limit and one past it', () => {
    const at = (port: number) =>
      codes(validateShape(appMeshModel, 'PortMapping', { port, protocol: 'http' }, 'portMapping'));
    expect(at(1)).toEqual([]);
    expect(at(65535)).toEqual([]);
    expect(at(0)).toEqual(['SHAPE_RANGE']);
    expect(at(65536)).toEqual(['SHAPE_RANGE']);
  });

  it('checks string lengths in code points at the limit and one past it', () => {
    expect(validateShape(appMeshModel, 'CreateMeshInput', { meshName: 'a'.repeat(255) }, 'in')).toEqual([]);
    const issues = validateShape(appMeshModel, 'CreateMeshInput', { meshName: 'a'.repeat(256) }, 'in');
    expect(codes(issues)).toEqual(['SHAPE_LENGTH']);
    expect(issues[0]!.path).toBe('in.meshName');
    expect(issues[0]!.message).toContain('1 to 255 characters');
    // An astral character is one code point, two UTF-16 units.
    expect(validateShape(appMeshModel, 'CreateMeshInput', { meshName: '😀'.repeat(255) }, 'in')).toEqual([]);
  });

  it('counts a lone surrogate as one character, not as half of a pair', () => {
    // Prepare: a high surrogate not followed by a low one is one code point (it used to swallow the next).
    const lone = '\ud800';
    // Act
    const single = validateShape(appMeshModel, 'CreateMeshInput', { meshName: lone }, 'in');
    const atLimit = validateShape(
      appMeshModel,
      'CreateMeshInput',
      { meshName: `${lone}${'a'.repeat(254)}` },
      'in',
    );
    const pastLimit = validateShape(
      appMeshModel,
      'CreateMeshInput',
      { meshName: `${lone}${'a'.repeat(255)}` },
      'in',
    );
    // Assess
    expect(single).toEqual([]);
    expect(atLimit).toEqual([]);
    expect(codes(pastLimit)).toEqual(['SHAPE_LENGTH']);
    expect(pastLimit[0]!.message).toContain('got 256');
  });

  it('refuses a Date, Map or RegExp where the model wants an object, naming what it got', () => {
    // Act
    const date = validateShape(appMeshModel, 'MeshSpec', new Date(0), 'spec');
    const map = validateShape(appMeshModel, 'VirtualNodeSpec', new Map([['listeners', []]]), 'spec');
    const tags = validateShape(serviceDiscoveryModel, 'Attributes', /x/, 'Attributes');
    // Assess
    expect(codes(date)).toEqual(['SHAPE_TYPE']);
    expect(date[0]!.message).toBe('spec must be an object (MeshSpec), got <Date 1970-01-01T00:00:00.000Z>');
    expect(map[0]!.message).toBe('spec must be an object (VirtualNodeSpec), got <Map of 1>');
    expect(tags[0]!.message).toBe('Attributes must be an object map (Attributes), got <RegExp /x/>');
  });

  it('reports every problem at once with paths', () => {
    // Prepare
    const spec = {
      listeners: [{ portMapping: { port: 70000, protocol: 'htp' } }],
      backends: [{ virtualService: {} }],
      serviceDiscovery: { dns: { hostname: 'a' }, awsCloudMap: { namespaceName: 'n', serviceName: 's' } },
      bogus: true,
    };
    // Act
    const issues = validateShape(appMeshModel, 'VirtualNodeSpec', spec, 'nodes.dj.spec');
    // Assess
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'SHAPE_RANGE nodes.dj.spec.listeners[0].portMapping.port',
      'SHAPE_ENUM nodes.dj.spec.listeners[0].portMapping.protocol',
      'SHAPE_REQUIRED nodes.dj.spec.backends[0].virtualService.virtualServiceName',
      'SHAPE_UNION nodes.dj.spec.serviceDiscovery',
      'SHAPE_UNKNOWN_MEMBER nodes.dj.spec.bogus',
    ]);
  });

  it('reports wrong types without throwing', () => {
    const issues = validateShape(appMeshModel, 'VirtualNodeSpec', { listeners: 'x', backends: [null] }, 's');
    expect(codes(issues)).toEqual(['SHAPE_TYPE', 'SHAPE_TYPE']);
    expect(codes(validateShape(appMeshModel, 'VirtualNodeSpec', 42, 's'))).toEqual(['SHAPE_TYPE']);
    expect(codes(validateShape(appMeshModel, 'PortMapping', { port: 1.5, protocol: 'http' }, 's'))).toEqual([
      'SHAPE_TYPE',
    ]);
  });

  it('checks list sizes and Smithy 2 enums', () => {
    // Prepare: WeightedTargets allows 1 to 10 targets.
    const targets = (n: number) => Array.from({ length: n }, (_, i) => ({ virtualNode: `n${i}`, weight: 1 }));
    const action = (n: number) => ({ weightedTargets: targets(n) });
    // Act / Assess
    expect(validateShape(appMeshModel, 'HttpRouteAction', action(10), 'a')).toEqual([]);
    expect(codes(validateShape(appMeshModel, 'HttpRouteAction', action(11), 'a'))).toEqual(['SHAPE_LENGTH']);
    expect(codes(validateShape(appMeshModel, 'HttpRouteAction', action(0), 'a'))).toEqual(['SHAPE_LENGTH']);
    expect(
      codes(
        validateShape(
          serviceDiscoveryModel,
          'DiscoverInstancesRequest',
          { NamespaceName: 'ns', ServiceName: 'svc', HealthStatus: 'SICK' },
          'in',
        ),
      ),
    ).toEqual(['SHAPE_ENUM']);
  });

  it('reports a self-referencing element of a unique list instead of throwing', () => {
    // Prepare: PortSet (a listener's unique list of ports) holding an object that contains itself.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // Act
    const issues = validateShape(appMeshModel, 'PortSet', [1, cyclic], 'ports');
    // Assess
    expect(issues.map((i) => `${i.code} ${i.path}`)).toContain('SHAPE_TYPE ports[1]');
  });

  it('can ignore unknown members, as a service does on the wire', () => {
    const issues = validateShape(appMeshModel, 'CreateMeshInput', { meshName: 'm', extra: 1 }, 'in', {
      unknownMembers: 'ignore',
    });
    expect(issues).toEqual([]);
  });

  it('refuses an unknown shape name loudly (a programming error, not input)', () => {
    expect(() => validateShape(appMeshModel, 'NoSuchShape', {}, 'x')).toThrow(/NoSuchShape/);
  });
});
