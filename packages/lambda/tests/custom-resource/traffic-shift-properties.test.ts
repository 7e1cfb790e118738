import { describe, expect, it } from 'vitest';
import { parseTrafficShiftProperties } from '../../src/custom-resource/index.js';

const base = { MeshName: 'dj-app', VirtualRouterName: 'jazz-router', RouteName: 'jazz-route' };

describe('parseTrafficShiftProperties', () => {
  it('reads the weights CloudFormation sends as strings', () => {
    // Act
    const parsed = parseTrafficShiftProperties({ ...base, Weights: { 'jazz-v1': '90', 'jazz-v2': '10' } });
    // Assess
    expect(parsed).toEqual({
      ok: true,
      value: {
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
        weights: { 'jazz-v1': 90, 'jazz-v2': 10 },
      },
    });
  });

  it('applies App Mesh rule for names (1-255 characters) and nothing stricter', () => {
    // Act
    const accepted = parseTrafficShiftProperties({
      ...base,
      RouteName: '_canary route',
      VirtualRouterName: 'r'.repeat(255),
      Weights: { a: 1 },
    });
    const refused = parseTrafficShiftProperties({ ...base, RouteName: 'r'.repeat(256), Weights: { a: 1 } });
    // Assess
    expect(accepted.ok).toBe(true);
    expect(refused).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^RouteName must have 1 to 255 characters \(ResourceName\), got 256: "r+/),
      ],
    });
  });

  it('reports every problem at once, naming field, value and rule', () => {
    // Act
    const parsed = parseTrafficShiftProperties({
      VirtualRouterName: '',
      RouteName: 7,
      Weights: { a: '101', b: '-1', c: 'ten' },
      Extra: 'x',
    });
    // Assess
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual([
      'MeshName is required: a name of 1-255 characters',
      'VirtualRouterName must have 1 to 255 characters (ResourceName), got 0: ""',
      'RouteName must be a string (ResourceName), got 7',
      'unknown properties: Extra (allowed: MeshName, VirtualRouterName, RouteName, Weights, NoEcho)',
      'Weights.a must be a whole number 0-100, got "101"',
      'Weights.b must be a whole number 0-100, got "-1"',
      'Weights.c must be a whole number 0-100, got "ten"',
    ]);
  });

  it('checks the total (1-100) and the number of targets (at most 10)', () => {
    // Act
    const zero = parseTrafficShiftProperties({ ...base, Weights: { a: '0', b: '0' } });
    const over = parseTrafficShiftProperties({ ...base, Weights: { a: '60', b: '41' } });
    const eleven = parseTrafficShiftProperties({
      ...base,
      Weights: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`n${i}`, '1'])),
    });
    // Assess
    expect(zero).toEqual({
      ok: false,
      problems: ['the weights must add up to 1-100 (App Mesh rule), got 0'],
    });
    expect(over).toEqual({
      ok: false,
      problems: ['the weights must add up to 1-100 (App Mesh rule), got 101'],
    });
    expect(eleven).toEqual({ ok: false, problems: ['Weights names 11 targets; a route has at most 10'] });
  });
});
