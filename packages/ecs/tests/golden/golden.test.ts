import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_MESH_NOTICE,
  meshGatewayTaskDefinition,
  meshTaskDefinition,
  meshTaskIam,
} from '../../src/index.js';
import { GATEWAY_CASES, NODE_CASES } from './cases.js';

// The renderers' output for option sets that use every option, pinned byte for byte (golden.json
// was written by the renderers before they were split into resolve + render, and checked equal
// to the output of the release before: only the agent's IAM scoping of issue 13 item 8 differs).
const golden = JSON.parse(readFileSync(new URL('./golden.json', import.meta.url), 'utf8')) as Record<
  string,
  { taskDefinition: unknown; iam?: unknown }
>;

describe('golden task definitions and IAM', () => {
  for (const [name, options] of Object.entries(NODE_CASES)) {
    it(`node ${name}: the same bytes as golden.json`, () => {
      const expected = golden[`node:${name}`];
      const { api, cloudFormation, notices } = meshTaskDefinition(options);
      expect(JSON.stringify({ api, cloudFormation })).toBe(JSON.stringify(expected?.taskDefinition));
      expect(notices).toEqual([APP_MESH_NOTICE]);
      expect(JSON.stringify(meshTaskIam(options))).toBe(JSON.stringify(expected?.iam));
    });
  }
  for (const [name, options] of Object.entries(GATEWAY_CASES)) {
    it(`gateway ${name}: the same bytes as golden.json`, () => {
      const { api, cloudFormation, notices } = meshGatewayTaskDefinition(options);
      expect(JSON.stringify({ api, cloudFormation })).toBe(
        JSON.stringify(golden[`gateway:${name}`]?.taskDefinition),
      );
      expect(notices).toEqual([APP_MESH_NOTICE]);
    });
  }
});
